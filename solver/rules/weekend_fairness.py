"""Worked weekends (any assignment on the Saturday or the Sunday) are spread evenly among
on-call eligible doctors; the gap between most and least (pro rata) is penalised. With a
history, the totals since its counters' date are compared (counters plus the horizon)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.solver.check.fairness import fairness_pool, team_gaps
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule
from maillage.solver.rules.spread import eligible_doctors, encode_spread

NAME = "weekend_fairness"


def encode(build: Build) -> None:
    counts: dict[str, list[int]] = {}
    for person in eligible_doctors(build.facts):
        counts[person.id] = []
        for w, days in enumerate(build.facts.weekends):
            variables = [v for s, _, v in build.by_person[person.id] if s.day in days]
            if not variables:
                continue
            worked = build.lm.new_bool(f"weekend[{person.id},{w}]")
            for v in variables:
                build.lm.add([(1, v), (-1, worked)], hi=0)
            build.lm.add([(1, worked)] + [(-1, v) for v in variables], hi=0)
            counts[person.id].append(worked)
    earlier = {pid: c.weekends for pid, c in build.facts.counters.items()}
    encode_spread(build, NAME, counts, earlier)


def weekends_with_any_assignment(rota: RotaView, pid: str) -> int:
    """Calendar weekends on whose Saturday or Sunday the person has any assignment, on-call
    stand-by included (unlike `max_weekends.weekends_with_work`, which counts only work)."""
    days = {p.slot.day for p in rota.placed.get(pid, [])}
    return sum(1 for weekend in rota.facts.weekends if days & set(weekend))


def check(rota: RotaView) -> Iterator[Finding]:
    counts = {p.id: weekends_with_any_assignment(rota, p.id) for p in fairness_pool(rota.facts)}
    history = rota.instance.history
    earlier = {c.staff: c.weekends for c in history.counters} if history else {}
    since = " since the counters' date" if earlier else ""
    for gap in team_gaps(rota.facts, counts, earlier):
        most = counts[gap.most] + earlier.get(gap.most, 0)
        least = counts[gap.least] + earlier.get(gap.least, 0)
        yield Finding(
            NAME,
            f"worked weekends{since} differ by {gap.amount:g} between {rota.name(gap.most)} "
            f"({most}) and {rota.name(gap.least)} ({least}), pro rata of days available",
            amount=gap.amount,
        )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
