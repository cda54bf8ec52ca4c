"""A person takes each shift at most `max_shifts[shift]` times over the horizon; a cap of 0
means never (a skill the person lacks)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from maillage.models.facts import Facts, Slot
from maillage.models.instance import Staff
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, who

NAME = "max_shifts"


def caps(facts: Facts, person: Staff) -> dict[str, int]:
    return facts.rules_for(person).max_shifts or {}


def allows(build: Build, person: Staff, slot: Slot, place: str) -> bool:
    return caps(build.facts, person).get(slot.shift.id) != 0


def encode(build: Build) -> None:
    for person in build.instance.staff:
        limits = caps(build.facts, person)
        if not limits:
            continue
        taken: dict[str, list[int]] = {}
        for slot, _, var in build.by_person[person.id]:
            taken.setdefault(slot.shift.id, []).append(var)
        for shift, cap in limits.items():
            build.lm.at_most(taken.get(shift, []), cap, tag=Tag(NAME, staff=person.id, shift=shift))


def check(rota: RotaView) -> Iterator[Finding]:
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        counts = Counter(p.slot.shift.id for p in entries)
        for shift, cap in (rota.facts.rules_for(person).max_shifts or {}).items():
            if counts[shift] > cap:
                yield Finding(
                    NAME,
                    f"{person.name} takes {shift} {counts[shift]} times, at most {cap} allowed",
                    amount=counts[shift] - cap,
                    staff=pid,
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid, shift = known(tag.staff), known(tag.shift)
    cap = caps(facts, facts.staff[pid])[shift]
    return f"{who(facts, pid)} takes {shift} at most {cap} times"


RULE = Rule(
    NAME,
    hard=True,
    summary=__doc__ or "",
    encode=encode,
    check=check,
    allows=allows,
    explain=explain,
)
