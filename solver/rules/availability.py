"""Nobody works while unavailable (leave, training...) or outside their contract dates."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Slot
from maillage.models.instance import Staff
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule, no_encoding

NAME = "availability"


def allows(build: Build, person: Staff, slot: Slot, place: str) -> bool:
    return build.facts.available(person, slot.day)


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        for p in entries:
            day = p.slot.day
            if not f.in_contract(person, day):
                span = f"{person.start_date or '...'} to {person.end_date or '...'}"
                why = f"outside the contract ({span})"
            elif (reason := f.on_leave(person, day)) is not None:
                why = f"while unavailable ({reason})"
            else:
                continue
            yield Finding(
                NAME,
                f"{person.name} works {p.slot.shift.id} on {p.slot.date} {why}",
                staff=pid,
                date=p.slot.date,
                site=p.place,
            )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=no_encoding, check=check, allows=allows)
