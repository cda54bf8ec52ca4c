"""At most `max_oncalls_per_month` (6) on-call slots per doctor in each calendar month."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.instance import ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag
from maillage.solver.rules.base import Rule

NAME = "max_oncalls_per_month"


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
            build.lm.at_most(oncalls, limit, tag=Tag(NAME, staff=person.id, month=m))


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
            if count > limit:
                first = f.dates[days[0]]
                yield Finding(
                    NAME,
                    f"{person.name} has {count} on-call slots in {first:%B %Y}, more than {limit}",
                    staff=pid,
                    date=first,
                )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check)
