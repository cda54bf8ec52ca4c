"""Every run of days off (leave included) is at least `min_consecutive_days_off` long, except
runs touching the first or last day of the horizon."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day, who
from maillage.solver.rules.runs import inner_runs, worked_vector

NAME = "min_consecutive_days_off"


def encode(build: Build) -> None:
    """A run of days off starting on day s (worked on s-1, off on s) goes on to day
    s+least-1 or to the horizon's end: `w[s-1] + w[s+l] <= 1 + w[s]` for each later day,
    the three-literal form of forbidding each short run (see min_consecutive_days)."""
    n = len(build.facts.dates)
    for person in build.instance.staff:
        least = build.facts.rules_for(person).min_consecutive_days_off or 1
        if least <= 1:
            continue
        w = worked_vector(build, person.id)
        for s in range(1, n - 1):
            before = w[s - 1]
            if before is None:
                continue  # off on s-1: no run of days off starts on s
            tag = Tag(NAME, staff=person.id, day=s)
            for later in range(s + 1, min(s + least, n)):
                after = w[later]
                if after is None:
                    continue  # a sure day off: the run goes on through it
                first = w[s]
                terms = [(1, before), (1, after)] + ([(-1, first)] if first is not None else [])
                build.lm.add(terms, hi=1, tag=tag)


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for person in rota.instance.staff:
        least = f.rules_for(person).min_consecutive_days_off or 1
        worked = rota.worked_days(person.id)
        for first, length in inner_runs(worked, len(f.dates), of_work=False):
            if length < least:
                yield Finding(
                    NAME,
                    f"{person.name} has {length} day(s) off in a row from {f.dates[first]}, "
                    f"at least {least} wanted",
                    staff=person.id,
                    date=f.dates[first],
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    least = facts.rules_for(facts.staff[pid]).min_consecutive_days_off
    return (
        f"{who(facts, pid)} rests at least {least} days in a row "
        f"(a rest starting {date_of_day(facts, known(tag.day))})"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
