"""At most `max_daily_hours` worked a day (10 h by default); a shift counts on its start date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day, who

NAME = "max_daily_hours"


def encode(build: Build) -> None:
    for person in build.instance.staff:
        limit = round((build.facts.rules_for(person).max_daily_hours or 24) * 60)
        per_day: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for slot, variables in build.worked_slots(person.id).items():
            per_day[slot.day] += [(slot.work, v) for v in variables]
        for day, terms in per_day.items():
            if sum(c for c, _ in terms) > limit:
                build.lm.add(terms, hi=limit, tag=Tag(NAME, staff=person.id, day=day))


def check(rota: RotaView) -> Iterator[Finding]:
    for pid in rota.placed:
        person = rota.person(pid)
        limit = round((rota.facts.rules_for(person).max_daily_hours or 24) * 60)
        per_day: dict[int, int] = defaultdict(int)
        for p in rota.worked(pid):
            per_day[p.slot.day] += p.slot.work
        for day, minutes in sorted(per_day.items()):
            if minutes > limit:
                date = rota.facts.dates[day]
                yield Finding(
                    NAME,
                    f"{person.name} works {rota.hours(minutes)} on {date}, "
                    f"more than {rota.hours(limit)}",
                    staff=pid,
                    date=date,
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    limit = facts.rules_for(facts.staff[pid]).max_daily_hours
    day = date_of_day(facts, known(tag.day))
    return f"{who(facts, pid)} works at most {limit:g} h on {day}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
