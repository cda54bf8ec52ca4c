"""At most `max_weekly_hours` (48 h) worked in any calendar week."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, week_of, who

NAME = "max_weekly_hours"


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        limit = round((f.rules_for(person).max_weekly_hours or 168) * 60)
        slots = build.worked_slots(person.id)
        for week, days in enumerate(f.weeks):
            terms = [(s.work, v) for s, vs in slots.items() if s.day in days for v in vs]
            if sum(c for c, _ in terms) > limit:
                build.lm.add(terms, hi=limit, tag=Tag(NAME, staff=person.id, week=week))


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid in rota.placed:
        person = rota.person(pid)
        limit = round((f.rules_for(person).max_weekly_hours or 168) * 60)
        for days in f.weeks:
            minutes = rota.minutes(pid, set(days))
            if minutes > limit:
                yield Finding(
                    NAME,
                    f"{person.name} works {rota.hours(minutes)} in the week of "
                    f"{f.dates[days[0]]}, more than {rota.hours(limit)}",
                    staff=pid,
                    date=f.dates[days[0]],
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    limit = facts.rules_for(facts.staff[pid]).max_weekly_hours
    return f"{who(facts, pid)} works at most {limit:g} h in {week_of(facts, known(tag.week))}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
