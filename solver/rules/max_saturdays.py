"""At most `max_saturdays_per_month` (2) Saturdays worked per person in each calendar month,
so that Saturdays rotate; the Saturdays of the history in the month the horizon starts in
count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, who

NAME = "max_saturdays"
SATURDAY = 5  # date.weekday()


def _past_saturdays(facts: Facts, pid: str, month: int) -> int:
    """Saturdays of the history worked in the same calendar month as the month's days."""
    first = facts.dates[facts.months[month][0]]
    return len(
        {
            p.date
            for p in facts.past_worked(pid)
            if p.date.weekday() == SATURDAY
            and (p.date.year, p.date.month) == (first.year, first.month)
        }
    )


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        limit = f.rules_for(person).max_saturdays_per_month
        if limit is None:
            continue
        for m, days in enumerate(f.months):
            saturdays = [
                v
                for d in days
                if f.dates[d].weekday() == SATURDAY
                and (v := build.worked_day(person.id, d)) is not None
            ]
            # those of the history count; beyond the limit already, the rota adds none
            cap = max(0, limit - _past_saturdays(f, person.id, m))
            build.lm.at_most(saturdays, cap, tag=Tag(NAME, staff=person.id, month=m))


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid in rota.placed:
        person = rota.person(pid)
        limit = f.rules_for(person).max_saturdays_per_month
        if limit is None:
            continue
        by_month: dict[tuple[int, int], set[dt.date]] = {}
        past = [p.date for p in rota.past(pid) if p.counts_as_work]
        for date in past:
            if date.weekday() == SATURDAY:
                by_month.setdefault((date.year, date.month), set()).add(date)
        before = {month: len(dates) for month, dates in by_month.items()}
        for date in (p.slot.date for p in rota.worked(pid)):
            if date.weekday() == SATURDAY:
                by_month.setdefault((date.year, date.month), set()).add(date)
        for (year, month), dates in sorted(by_month.items()):
            earlier = before.get((year, month), 0)
            if len(dates) > limit and len(dates) > earlier:
                note = f" ({earlier} before the horizon)" if earlier else ""
                yield Finding(
                    NAME,
                    f"{person.name} works {len(dates)} Saturdays{note} in "
                    f"{dt.date(year, month, 1):%B %Y}, more than {limit}",
                    staff=pid,
                    date=min(d for d in dates if d >= f.dates[0]),
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    limit = facts.rules_for(facts.staff[pid]).max_saturdays_per_month
    first = facts.dates[facts.months[known(tag.month)][0]]
    earlier = _past_saturdays(facts, pid, known(tag.month))
    past = f" ({earlier} worked before the horizon)" if earlier else ""
    return f"{who(facts, pid)} works at most {limit} Saturdays in {first:%B %Y}{past}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
