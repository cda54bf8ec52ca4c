"""A person asked not to work on a weekday (`preferences.days_off`) or a date
(`preferences.dates_off`); each such day worked is penalised."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import WEEKDAYS, Staff
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "day_off_preference"


def wants_off(facts: Facts, person: Staff, day: int) -> bool:
    prefs = person.preferences
    return facts.weekday(day) in prefs.days_off or facts.dates[day] in prefs.dates_off


def encode(build: Build) -> None:
    for person in build.instance.staff:
        for day in range(len(build.facts.dates)):
            var = build.worked_day(person.id, day)
            if var is not None and wants_off(build.facts, person, day):
                build.penalise(NAME, var, 1)


def check(rota: RotaView) -> Iterator[Finding]:
    for pid in rota.placed:
        person = rota.person(pid)
        # the checker's reading: a worked date asked off by its own date or by its weekday
        weekdays_off = {WEEKDAYS.index(name) for name in person.preferences.days_off}
        dates_off = set(person.preferences.dates_off)
        for date in sorted({p.slot.date for p in rota.worked(pid)}):
            if date in dates_off or date.weekday() in weekdays_off:
                yield Finding(
                    NAME, f"{person.name} works on {date}, asked as a day off", staff=pid, date=date
                )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
