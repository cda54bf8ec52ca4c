"""Weighted requests: an "on" request costs its weight unless the person takes exactly that
shift that day; an "off" request costs its weight if they take it."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.instance import ShiftRequest, Staff
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "shift_requests"


def encode(build: Build) -> None:
    facts = build.facts
    for person in build.instance.staff:
        if not person.requests:
            continue
        by_key: dict[tuple[int, str], list[int]] = {}
        for slot, _, var in build.by_person[person.id]:
            by_key.setdefault(slot.key, []).append(var)
        for request in person.requests:
            day = facts.day_index(request.date)
            taken = by_key.get((day, request.shift), []) if day is not None else []
            if request.kind == "off":
                for var in taken:
                    build.penalise(NAME, var, request.weight)
                continue
            missed = build.lm.new_bool(
                f"request_missed[{person.id},{request.date},{request.shift}]"
            )
            build.lm.add([(1, missed)] + [(1, v) for v in taken], lo=1)
            build.penalise(NAME, missed, request.weight)


def unmet(rota: RotaView, person: Staff, request: ShiftRequest) -> bool:
    taken = any(
        p.slot.date == request.date and p.slot.shift.id == request.shift
        for p in rota.placed.get(person.id, [])
    )
    return taken != (request.kind == "on")


def check(rota: RotaView) -> Iterator[Finding]:
    for person in rota.instance.staff:
        for request in person.requests:
            if unmet(rota, person, request):
                verb = "does not take" if request.kind == "on" else "takes"
                yield Finding(
                    NAME,
                    f"{person.name} {verb} {request.shift} on {request.date}, "
                    f"asked {request.kind} (weight {request.weight:g})",
                    amount=request.weight,
                    staff=person.id,
                    date=request.date,
                )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
