"""At most `max_consecutive_days` worked days in a row, when set: an organisational option,
not the law (L3132-1 caps days per civil week, `max_days_per_week`; CJEU C-306/16); a run
the history ends with goes on into the horizon."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day, who
from maillage.solver.rules.runs import trailing_run

NAME = "max_consecutive_days"


def encode(build: Build) -> None:
    n = len(build.facts.dates)
    for person in build.instance.staff:
        limit = build.facts.rules_for(person).max_consecutive_days
        if limit is None:
            continue
        for first in range(n - limit):
            days = [build.worked_day(person.id, d) for d in range(first, first + limit + 1)]
            present = [v for v in days if v is not None]
            build.lm.at_most(present, limit, tag=Tag(NAME, staff=person.id, day=first))
        past = build.facts.past_worked_days(person.id)
        run = trailing_run(past, build.facts.history_days, of_work=True)
        # windows of limit + 1 days starting in the history, every past day of them worked
        for first in range(-min(run, limit), 0):
            if first + limit >= n:
                continue
            days = [build.worked_day(person.id, d) for d in range(first + limit + 1)]
            present = [v for v in days if v is not None]
            build.lm.at_most(present, limit + first, tag=Tag(NAME, staff=person.id, day=first))


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid in rota.placed:
        person = rota.person(pid)
        limit = f.rules_for(person).max_consecutive_days
        if limit is None:
            continue
        worked = rota.worked_days(pid)
        # the run of worked days the history ends with, counted back from the eve
        past, run = rota.past_worked_days(pid), 0
        while run < rota.history_days and -1 - run in past:
            run += 1
        for day in range(len(f.dates)):
            run = run + 1 if day in worked else 0
            if run == limit + 1 or (day == 0 and run > limit + 1):
                yield Finding(
                    NAME,
                    f"{person.name} works more than {limit} days in a row up to {f.dates[day]}",
                    staff=pid,
                    date=f.dates[day],
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    limit = facts.rules_for(facts.staff[pid]).max_consecutive_days
    first = date_of_day(facts, known(tag.day))
    return f"{who(facts, pid)} works at most {limit} days in a row from {first}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
