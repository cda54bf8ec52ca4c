"""Saturdays worked are shared fairly within a team (people of the same role whose home sites
belong to the same centre, available on some Saturday of the horizon): the gap between most
and least (pro rata of days available) is penalised per Saturday. With a history, the totals
since its counters' date are compared (counters plus the horizon)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import Staff
from maillage.solver.check.fairness import team_gaps
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule
from maillage.solver.rules.spread import encode_spread, teams

NAME = "saturday_fairness"


def _saturdays(facts: Facts) -> list[int]:
    return [d for d, date in enumerate(facts.dates) if date.weekday() == 5]


def encode(build: Build) -> None:
    f = build.facts
    saturdays = _saturdays(f)
    pool = [p for p in build.instance.staff if any(f.available(p, d) for d in saturdays)]
    counts = {
        p.id: [v for d in saturdays if (v := build.worked_day(p.id, d)) is not None] for p in pool
    }
    earlier = {pid: c.saturdays for pid, c in f.counters.items()}
    encode_spread(build, NAME, counts, earlier, groups=teams(f, pool, by_role=True))


def saturdays_worked(rota: RotaView, pid: str) -> int:
    """Saturdays of the horizon on which the person holds a shift counting as work."""
    return len({p.slot.date for p in rota.worked(pid) if p.slot.date.weekday() == 5})


def _pool(rota: RotaView) -> list[Staff]:
    """People available on at least one Saturday of the horizon, in the staff list's order."""
    f = rota.facts
    return [
        person
        for person in rota.instance.staff
        if any(f.available(person, day) for day in range(len(f.dates)) if f.weekday(day) == "sat")
    ]


def check(rota: RotaView) -> Iterator[Finding]:
    pool = _pool(rota)
    counts = {p.id: saturdays_worked(rota, p.id) for p in pool}
    history = rota.instance.history
    earlier = {c.staff: c.saturdays for c in history.counters} if history else {}
    since = " since the counters' date" if earlier else ""
    for gap in team_gaps(rota.facts, counts, earlier, pool=pool, by_role=True):
        most = counts[gap.most] + earlier.get(gap.most, 0)
        least = counts[gap.least] + earlier.get(gap.least, 0)
        yield Finding(
            NAME,
            f"Saturdays worked{since} differ by {gap.amount:g} between {rota.name(gap.most)} "
            f"({most}) and {rota.name(gap.least)} ({least}) ({rota.person(gap.most).role}s "
            f"of one centre), pro rata of days available",
            amount=gap.amount,
        )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
