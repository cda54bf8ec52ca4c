"""Minutes worked over the horizon lie within the person's `min_total_minutes` and
`max_total_minutes` (both inclusive)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import Staff
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, hours, who

NAME = "total_minutes"


def bounds(facts: Facts, person: Staff) -> tuple[int | None, int | None]:
    params = facts.rules_for(person)
    return params.min_total_minutes, params.max_total_minutes


def encode(build: Build) -> None:
    for person in build.instance.staff:
        lo, hi = bounds(build.facts, person)
        if lo is None and hi is None:
            continue
        terms = build.hour_terms(person.id)
        build.lm.add(terms, lo=lo or None, hi=hi, tag=Tag(NAME, staff=person.id))


def check(rota: RotaView) -> Iterator[Finding]:
    for person in rota.instance.staff:
        params = rota.facts.rules_for(person)
        lo, hi = params.min_total_minutes, params.max_total_minutes
        minutes = rota.minutes(person.id)
        if lo is not None and minutes < lo:
            yield Finding(
                NAME,
                f"{person.name} works {minutes} min, below the minimum of {lo} min",
                amount=lo - minutes,
                staff=person.id,
            )
        if hi is not None and minutes > hi:
            yield Finding(
                NAME,
                f"{person.name} works {minutes} min, above the maximum of {hi} min",
                amount=minutes - hi,
                staff=person.id,
            )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    lo, hi = bounds(facts, facts.staff[pid])
    span = f"{hours(lo or 0)} to {hours(hi)}" if hi is not None else f"at least {hours(lo or 0)}"
    return f"{who(facts, pid)} must work {span} in the horizon"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
