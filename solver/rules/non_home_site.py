"""Sessions at a site other than the person's home site are penalised (travel, continuity)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.instance import ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "non_home_site"


def encode(build: Build) -> None:
    for person in build.instance.staff:
        for slot, place, var in build.by_person[person.id]:
            if slot.kind != ShiftKind.oncall and place != person.home_site:
                build.penalise(NAME, var, 1)


def check(rota: RotaView) -> Iterator[Finding]:
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        for p in entries:
            if not p.is_oncall and p.place != person.home_site:
                yield Finding(
                    NAME,
                    f"{person.name} works at {p.place} on {p.slot.date} "
                    f"({p.slot.shift.id}), away from home site {person.home_site}",
                    staff=pid,
                    date=p.slot.date,
                    site=p.place,
                )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
