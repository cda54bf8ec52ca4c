"""A person's preferred weekdays (`preferences.pattern`, e.g. Monday to Thursday): each day
worked on another weekday is penalised. An empty pattern is no preference."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.instance import WEEKDAYS
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "preferred_pattern"


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        pattern = set(person.preferences.pattern)
        if not pattern:
            continue
        for day in range(len(f.dates)):
            var = build.worked_day(person.id, day)
            if var is not None and f.weekday(day) not in pattern:
                build.penalise(NAME, var, 1)


def check(rota: RotaView) -> Iterator[Finding]:
    for pid in rota.placed:
        person = rota.person(pid)
        if not person.preferences.pattern:
            continue
        # the checker's reading: a worked date whose weekday number is not among the pattern's
        preferred = {WEEKDAYS.index(name) for name in person.preferences.pattern}
        for date in sorted({p.slot.date for p in rota.worked(pid)}):
            if date.weekday() not in preferred:
                yield Finding(
                    NAME,
                    f"{person.name} works on {date:%A} {date}, outside their preferred days "
                    f"({', '.join(person.preferences.pattern)})",
                    staff=pid,
                    date=date,
                )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
