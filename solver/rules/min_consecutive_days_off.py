"""Every run of days off (leave included) is at least `min_consecutive_days_off` long, except
runs touching the first or last day of the horizon."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.build import Build
from maillage.solver.review import Finding, Review
from maillage.solver.rules.base import Rule, date_of_day, who
from maillage.solver.rules.runs import inner_runs, worked_vector

NAME = "min_consecutive_days_off"


def encode(build: Build) -> None:
    n = len(build.facts.dates)
    for person in build.instance.staff:
        least = build.facts.rules_for(person).min_consecutive_days_off or 1
        if least <= 1:
            continue
        w = worked_vector(build, person.id)
        for length in range(1, least):
            # forbid: worked on s-1, off s .. s+length-1, worked on s+length
            for s in range(1, n - length):
                before, after = w[s - 1], w[s + length]
                if before is None or after is None:
                    continue  # a sure day off at either end: the pattern cannot occur
                terms = [(1, v) for v in w[s : s + length] if v is not None]
                build.lm.add(
                    [(-1, before), (-1, after), *terms], lo=-1, tag=f"{NAME}:{person.id}:{s}"
                )


def check(review: Review) -> Iterator[Finding]:
    f = review.facts
    for person in review.instance.staff:
        least = f.rules_for(person).min_consecutive_days_off or 1
        worked = review.worked_days(person.id)
        for first, length in inner_runs(worked, len(f.dates), of_work=False):
            if length < least:
                yield Finding(
                    NAME,
                    f"{person.name} has {length} day(s) off in a row from {f.dates[first]}, "
                    f"at least {least} wanted",
                    staff=person.id,
                    date=f.dates[first],
                )


def explain(parts: list[str], facts: Facts) -> str:
    least = facts.rules_for(facts.staff[parts[0]]).min_consecutive_days_off
    return (
        f"{who(facts, parts[0])} rests at least {least} days in a row "
        f"(a rest starting {date_of_day(facts, parts[1])})"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
