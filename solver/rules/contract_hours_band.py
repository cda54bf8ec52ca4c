"""Hours over the horizon stay within `hours_tolerance` of the contract target
(35 h x fte a week, pro rata of available working days)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule, hours

NAME = "contract_hours_band"


def encode(build: Build) -> None:
    for person in build.instance.staff:
        lo, hi = build.facts.hour_bounds(person)
        terms = [(s.work, v) for s, vs in build.worked_slots(person.id).items() for v in vs]
        build.lm.add(terms, lo=lo, hi=hi, tag=f"{NAME}:{person.id}")


def check(rota: RotaView) -> Iterator[Finding]:
    for person in rota.instance.staff:
        lo, hi = rota.facts.hour_bounds(person)
        minutes = rota.minutes(person.id)
        if not lo <= minutes <= hi:
            yield Finding(
                NAME,
                f"{person.name} works {rota.hours(minutes)}, outside the band "
                f"{rota.hours(lo)} to {rota.hours(hi)} around the contract "
                f"({rota.hours(rota.facts.target_minutes(person))})",
                staff=person.id,
            )


def explain(parts: list[str], facts: Facts) -> str:
    person = facts.staff[parts[0]]
    lo, hi = facts.hour_bounds(person)
    return f"{person.name} must work {hours(lo)} to {hours(hi)} in the horizon"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
