"""At most `max_average_weekly_hours` (44 h) a week on average over the horizon
(total hours <= limit x days / 7)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from maillage.models.facts import Facts
from maillage.models.instance import Staff
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag
from maillage.solver.rules.base import Rule

NAME = "max_average_weekly_hours"


def limit_minutes(facts: Facts, person: Staff) -> int:
    hours = facts.rules_for(person).max_average_weekly_hours or 168
    return math.floor(hours * 60 * len(facts.dates) / 7 + 1e-9)


def encode(build: Build) -> None:
    for person in build.instance.staff:
        limit = limit_minutes(build.facts, person)
        terms = build.hour_terms(person.id)
        if sum(c for c, _ in terms) > limit:
            build.lm.add(terms, hi=limit, tag=Tag(NAME, staff=person.id))


def check(rota: RotaView) -> Iterator[Finding]:
    days = len(rota.facts.dates)
    for pid in rota.placed:
        person = rota.person(pid)
        # the checker's reading, in exact decimals: hours a week x weeks of the horizon
        weekly = Fraction(str(rota.facts.rules_for(person).max_average_weekly_hours or 168))
        allowed = weekly * 60 * Fraction(days, 7)
        minutes = rota.minutes(pid)
        if minutes > allowed:
            limit = math.floor(allowed)  # whole minutes, as the report shows
            yield Finding(
                NAME,
                f"{person.name} works {rota.hours(minutes)} over the horizon, "
                f"more than the average limit allows ({rota.hours(limit)})",
                staff=pid,
            )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check)
