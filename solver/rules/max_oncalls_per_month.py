"""At most `max_oncalls_per_month` (6) on-call slots per doctor in each calendar month, those
of the history in the month the horizon starts in included."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag
from maillage.solver.rules.base import Rule

NAME = "max_oncalls_per_month"


def _past_oncalls(facts: Facts, pid: str, month: int) -> int:
    """On-call slots of the history in the same calendar month as the month's days."""
    first = facts.dates[facts.months[month][0]]
    return sum(
        1
        for p in facts.past.get(pid, [])
        if p.is_oncall and (p.date.year, p.date.month) == (first.year, first.month)
    )


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        limit = f.rules_for(person).max_oncalls_per_month
        if limit is None:
            continue
        for m, days in enumerate(f.months):
            month = set(days)
            oncalls = [
                v
                for s, _, v in build.by_person[person.id]
                if s.kind == ShiftKind.oncall and s.day in month
            ]
            # those of the history count; beyond the limit already, the rota adds none
            cap = max(0, limit - _past_oncalls(f, person.id, m))
            build.lm.at_most(oncalls, cap, tag=Tag(NAME, staff=person.id, month=m))


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        limit = f.rules_for(person).max_oncalls_per_month
        if limit is None:
            continue
        for days in f.months:
            month = set(days)
            count = sum(1 for p in entries if p.is_oncall and p.slot.day in month)
            first = f.dates[days[0]]
            before = sum(
                1
                for p in rota.past(pid)
                if p.is_oncall and (p.date.year, p.date.month) == (first.year, first.month)
            )
            if count > 0 and count + before > limit:
                earlier = f" ({before} before the horizon)" if before else ""
                yield Finding(
                    NAME,
                    f"{person.name} has {count + before} on-call slots{earlier} in "
                    f"{first:%B %Y}, more than {limit}",
                    staff=pid,
                    date=first,
                )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check)
