"""At most `max_hours_per_7_days` worked in any 7 consecutive days, the window sliding by a
day (décret 2002-9 art. 6: 48 h); the history's days count, a shift counts on its start date
and a stand-by's intervention allowance counts. A window the history alone fills beyond the
limit takes no more work from the rota."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day, who

NAME = "max_hours_per_7_days"


def _limit(facts: Facts, pid: str) -> int | None:
    hours = facts.rules_for(facts.staff[pid]).max_hours_per_7_days
    return None if hours is None else round(hours * 60)


def encode(build: Build) -> None:
    f = build.facts
    n = len(f.dates)
    for person in build.instance.staff:
        limit = _limit(f, person.id)
        if limit is None:
            continue
        past: dict[int, int] = {}
        for p in f.past.get(person.id, []):
            past[p.day] = past.get(p.day, 0) + p.work
        # Windows from the one ending on the horizon's first day; those running past its end
        # hold no more than the last whole one.
        for first in range(-6, max(1, n - 6)):
            days = set(range(max(0, first), min(n, first + 7)))
            terms = build.hour_terms(person.id, days)
            cap = max(0, limit - sum(m for d, m in past.items() if first <= d < first + 7))
            if sum(c for c, _ in terms) > cap:
                build.lm.add(terms, hi=cap, tag=Tag(NAME, staff=person.id, day=first))


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    start = rota.instance.horizon.start
    for pid in rota.placed:
        person = rota.person(pid)
        hours = f.rules_for(person).max_hours_per_7_days
        if hours is None:
            continue
        limit = hours * 60
        # minutes worked on each date, the history's and the rota's
        on: dict[dt.date, int] = {}
        for past in rota.past(pid):
            on[past.date] = on.get(past.date, 0) + past.work
        mine: dict[dt.date, int] = {}
        for p in rota.placed[pid]:
            mine[p.slot.date] = mine.get(p.slot.date, 0) + p.slot.shift.work_minutes
        worst: tuple[int, dt.date, bool] | None = None
        first = start - dt.timedelta(days=6)
        while first <= f.dates[-1]:
            window = [first + dt.timedelta(days=i) for i in range(7)]
            added = sum(mine.get(d, 0) for d in window)
            total = added + sum(on.get(d, 0) for d in window)
            if added > 0 and total > limit:
                if worst is None or total > worst[0]:
                    worst = (total, first, total > added)
            elif worst is not None:  # the end of a run of windows over the limit
                yield _finding(rota, pid, limit, *worst)
                worst = None
            first += dt.timedelta(days=1)
        if worst is not None:
            yield _finding(rota, pid, limit, *worst)


def _finding(
    rota: RotaView, pid: str, limit: float, total: int, first: dt.date, before: bool
) -> Finding:
    """The run's worst window (its first, on a tie)."""
    last = first + dt.timedelta(days=6)
    earlier = " (history included)" if before else ""
    return Finding(
        NAME,
        f"{rota.name(pid)} works {rota.hours(total)}{earlier} from {first} to {last}, more than "
        f"{rota.hours(limit)} in 7 days",
        staff=pid,
        date=max(first, rota.instance.horizon.start),
    )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    hours = facts.rules_for(facts.staff[pid]).max_hours_per_7_days
    first = date_of_day(facts, known(tag.day))
    last = first + dt.timedelta(days=6)
    return f"{who(facts, pid)} works at most {hours:g} h from {first} to {last}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
