"""Every on-call slot of a sector has a doctor; an uncovered slot is a heavily penalised,
reported shortfall."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.instance import ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "oncall_coverage"


def encode(build: Build) -> None:
    for sector in build.instance.sectors:
        for slot in build.facts.sector_slots(sector):
            people = build.by_session.get((slot.day, slot.shift.id, sector.id), [])
            gap = build.lm.new_bool(f"uncovered[{sector.id},{slot.day},{slot.shift.id}]")
            build.lm.add([(1, gap)] + [(1, v) for _, v in people], lo=1)  # gap >= 1 - covered
            build.penalise(NAME, gap, 1)


def check(rota: RotaView) -> Iterator[Finding]:
    held = {
        (p.slot.day, p.slot.shift.id, p.place)
        for entries in rota.placed.values()
        for p in entries
        if p.slot.kind == ShiftKind.oncall
    }
    for sector in rota.instance.sectors:
        for slot in rota.facts.sector_slots(sector):
            if (slot.day, slot.shift.id, sector.id) not in held:
                yield Finding(
                    NAME,
                    f"on-call slot {slot.shift.id} of sector {sector.id} on "
                    f"{slot.date} has no doctor",
                    date=slot.date,
                    site=sector.id,
                )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
