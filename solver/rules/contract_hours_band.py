"""Hours over the horizon stay within `hours_tolerance` of the contract target
(35 h x fte a week, pro rata of available working days)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, hours

NAME = "contract_hours_band"


def encode(build: Build) -> None:
    for person in build.instance.staff:
        lo, hi = build.facts.hour_bounds(person)
        terms = build.hour_terms(person.id)
        build.lm.add(terms, lo=lo, hi=hi, tag=Tag(NAME, staff=person.id))


def check(rota: RotaView) -> Iterator[Finding]:
    for person in rota.instance.staff:
        # the checker's reading, in exact decimals: within target x (1 +- tolerance)
        target = rota.facts.target_minutes(person)
        tolerance = Fraction(str(rota.facts.rules_for(person).hours_tolerance or 0))
        low, high = target * (1 - tolerance), target * (1 + tolerance)
        minutes = rota.minutes(person.id)
        if not low <= minutes <= high:
            lo, hi = math.ceil(low), math.floor(high)  # whole minutes, as the report shows
            yield Finding(
                NAME,
                f"{person.name} works {rota.hours(minutes)}, outside the band "
                f"{rota.hours(lo)} to {rota.hours(hi)} around the contract "
                f"({rota.hours(target)})",
                staff=person.id,
            )


def explain(tag: Tag, facts: Facts) -> str:
    person = facts.staff[known(tag.staff)]
    lo, hi = facts.hour_bounds(person)
    return f"{person.name} must work {hours(lo)} to {hours(hi)} in the horizon"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
