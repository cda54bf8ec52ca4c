"""No more of a role at a site session than the site's requirement `max`."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.requirements import required_sessions
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day

NAME = "max_staffing"


def encode(build: Build) -> None:
    for site, req, slot in build.facts.requirement_sessions():
        if req.max is None:
            continue
        people = build.by_session.get((slot.day, slot.shift.id, site.id), [])
        build.lm.at_most(
            [v for p, v in people if p.role == req.role],
            req.max,
            tag=Tag(NAME, site=site.id, day=slot.day, shift=slot.shift.id, role=req.role),
        )


def check(rota: RotaView) -> Iterator[Finding]:
    for site, req, slot in required_sessions(rota.facts):
        if req.max is None:
            continue
        there = rota.sessions.get((slot.day, slot.shift.id, site.id), [])
        count = sum(1 for pid in there if rota.person(pid).role == req.role)
        if count > req.max:
            yield Finding(
                NAME,
                f"{count} {req.role.value}(s) at {site.name} on {slot.date} "
                f"{slot.shift.id}, more than {req.max}",
                date=slot.date,
                site=site.id,
            )


def explain(tag: Tag, facts: Facts) -> str:
    site, day = known(tag.site), date_of_day(facts, known(tag.day))
    shift, role = known(tag.shift), known(tag.role)
    return f"the most {role}s allowed at {site} for {shift} on {day} is exceeded otherwise"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
