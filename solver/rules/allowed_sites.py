"""People work only at their listed sites; on-call slots go to eligible doctors of the sector
(role doctor, `oncall` true, one of their sites in the sector)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts, Slot
from maillage.models.instance import Role, Sector, ShiftKind, Staff
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule, no_encoding

NAME = "allowed_sites"


def _allowed(facts: Facts, person: Staff, slot: Slot, place: str) -> bool:
    if slot.kind == ShiftKind.oncall:
        return facts.oncall_eligible(person, facts.sectors[place])
    return place in person.sites


def allows(build: Build, person: Staff, slot: Slot, place: str) -> bool:
    return _allowed(build.facts, person, slot, place)


def _may_take(person: Staff, place: str, sector: Sector | None) -> bool:
    """The checker's reading: a session only at one of the person's sites; an on-call slot
    (`sector` given) only by a doctor with `oncall` true one of whose sites is in the sector."""
    if sector is None:
        return place in person.sites
    return (
        person.role == Role.doctor
        and person.oncall
        and any(site in sector.sites for site in person.sites)
    )


def check(rota: RotaView) -> Iterator[Finding]:
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        for p in entries:
            sector = rota.facts.sectors[p.place] if p.is_oncall else None
            if not _may_take(person, p.place, sector):
                what = "on call in sector" if p.is_oncall else "at site"
                yield Finding(
                    NAME,
                    f"{person.name} may not work {what} {p.place} "
                    f"({p.slot.shift.id} on {p.slot.date})",
                    staff=pid,
                    date=p.slot.date,
                    site=p.place,
                )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=no_encoding, check=check, allows=allows)
