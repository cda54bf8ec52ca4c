"""Every run of worked days is at least `min_consecutive_days` long, except runs touching
the first or last day of the horizon; with a history, a run goes on into the days it covers
and only a run touching the first of those is exempt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day, who
from maillage.solver.rules.runs import inner_runs, trailing_run, worked_vector

NAME = "min_consecutive_days"


def encode(build: Build) -> None:
    """A run starting on day s (off on s-1, worked on s) goes on to day s+least-1 or to the
    horizon's end: one three-literal clause per later day, `w[s-1] + w[s+l] >= w[s]`. It
    says the same as forbidding each short run, with shorter clauses and a tighter LP."""
    n = len(build.facts.dates)
    for person in build.instance.staff:
        least = build.facts.rules_for(person).min_consecutive_days or 1
        if least <= 1:
            continue
        w = worked_vector(build, person.id)
        for s in range(1, n - 1):
            start = w[s]
            if start is None:
                continue  # no run can start on a sure day off
            tag = Tag(NAME, staff=person.id, day=s)
            for later in range(s + 1, min(s + least, n)):
                terms = [(-1, start)] + [(1, v) for v in (w[s - 1], w[later]) if v is not None]
                build.lm.add(terms, lo=0, tag=tag)
        _across_the_start(build, person.id, least, w)


def _across_the_start(build: Build, pid: str, least: int, w: list[int | None]) -> None:
    """With a history, day 0 is no border: a run starting on it (the eve off) is held to the
    rule, and a run the history ends with goes on to `least` days (or the horizon's end)."""
    covered, n = build.facts.history_days, len(w)
    if covered == 0:
        return
    run = trailing_run(build.facts.past_worked_days(pid), covered, of_work=True)
    start = w[0]
    if run == 0 and start is not None:
        tag = Tag(NAME, staff=pid, day=0)
        for later in range(1, min(least, n)):
            then = w[later]
            build.lm.add([(-1, start)] + ([(1, then)] if then is not None else []), lo=0, tag=tag)
    elif 0 < run < min(least, covered):
        tag = Tag(NAME, staff=pid, day=-run)
        for later in range(min(least - run, n)):
            then = w[later]  # a sure day off there: an empty sum, the model refuses
            build.lm.add([(1, then)] if then is not None else [], lo=1, tag=tag)


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for person in rota.instance.staff:
        least = f.rules_for(person).min_consecutive_days or 1
        worked = rota.worked_days(person.id) | rota.past_worked_days(person.id)
        start = rota.instance.horizon.start
        for first, length in inner_runs(
            worked, len(f.dates), of_work=True, first=-rota.history_days
        ):
            if first + length < 0:
                continue  # over before the horizon's eve: the previous rota's finding
            if length < least:
                date = start + dt.timedelta(days=first)
                yield Finding(
                    NAME,
                    f"{person.name} works {length} day(s) in a row from {date}, "
                    f"at least {least} wanted",
                    staff=person.id,
                    date=date,
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    least = facts.rules_for(facts.staff[pid]).min_consecutive_days
    return (
        f"{who(facts, pid)} works runs of at least {least} days "
        f"(a run starting {date_of_day(facts, known(tag.day))})"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
