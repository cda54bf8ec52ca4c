"""Each site session has at least the requirement's `min` of a role; each missing person is
penalised (an uncovered requirement)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.solver.check.requirements import required_sessions
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "min_staffing"


def encode(build: Build) -> None:
    for site, req, slot in build.facts.requirement_sessions():
        if req.min == 0:
            continue
        people = build.by_session.get((slot.day, slot.shift.id, site.id), [])
        present = [v for p, v in people if p.role == req.role]
        short = build.lm.new_var(
            0, req.min, f"short[{site.id},{slot.day},{slot.shift.id},{req.role}]"
        )
        build.lm.add([(1, short)] + [(1, v) for v in present], lo=req.min)  # short >= min - count
        build.penalise(NAME, short, 1)


def check(rota: RotaView) -> Iterator[Finding]:
    for site, req, slot in required_sessions(rota.facts):
        there = rota.sessions.get((slot.day, slot.shift.id, site.id), [])
        count = sum(1 for pid in there if rota.person(pid).role == req.role)
        if count < req.min:
            yield Finding(
                NAME,
                f"{site.name} on {slot.date} {slot.shift.id}: {count} "
                f"{req.role.value}(s), {req.min} wanted",
                amount=req.min - count,
                date=slot.date,
                site=site.id,
            )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
