"""An on-call slot of a sector is held by one doctor at most."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from maillage.models.instance import ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag
from maillage.solver.rules.base import Rule

NAME = "oncall_one_doctor"


def encode(build: Build) -> None:
    for (day, shift, place), people in build.by_session.items():
        if place in build.facts.sectors:
            build.lm.at_most(
                [v for _, v in people], 1, tag=Tag(NAME, sector=place, day=day, shift=shift)
            )


def check(rota: RotaView) -> Iterator[Finding]:
    held = Counter(
        (p.slot.date, p.slot.shift.id, p.place)
        for entries in rota.placed.values()
        for p in entries
        if p.slot.kind == ShiftKind.oncall
    )
    for (date, shift, sector), count in sorted(held.items()):
        if count > 1:
            yield Finding(
                NAME,
                f"{count} doctors hold on-call slot {shift} of sector {sector} on {date}",
                date=date,
                site=sector,
            )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check)
