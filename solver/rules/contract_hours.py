"""Hours worked over the horizon should meet the contract target; each hour above or below
it is penalised (the hard band is `contract_hours_band`)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.solver.build import Build
from maillage.solver.review import Finding, Review
from maillage.solver.rules.base import Rule

NAME = "contract_hours"


def encode(build: Build) -> None:
    for person in build.instance.staff:
        target = build.facts.target_minutes(person)
        terms = [(s.work, v) for s, vs in build.worked_slots(person.id).items() for v in vs]
        most = max(target, sum(c for c, _ in terms))
        dev = build.lm.new_var(0, most, f"hours_dev[{person.id}]")
        build.lm.add([(1, dev)] + [(-c, v) for c, v in terms], lo=-target)  # dev >= sum - target
        build.lm.add([(1, dev), *terms], lo=target)  # dev >= target - sum
        build.penalise(NAME, dev, 1, units_per_var=60)  # weight is per hour, dev in minutes


def check(review: Review) -> Iterator[Finding]:
    for person in review.instance.staff:
        target, minutes = review.facts.target_minutes(person), review.minutes(person.id)
        if minutes != target:
            side = "over" if minutes > target else "under"
            yield Finding(
                NAME,
                f"{person.name} works {review.hours(minutes)} for a target of "
                f"{review.hours(target)} ({review.hours(abs(minutes - target))} {side})",
                amount=abs(minutes - target) / 60,
                staff=person.id,
            )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
