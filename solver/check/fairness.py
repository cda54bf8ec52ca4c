"""The checker's own reading of the fairness rules (`oncall_fairness`, `weekend_fairness`,
`saturday_fairness`).

Written from the rules' text, not from `maillage.solver.rules.spread` (which encodes them),
so that an error in one shows up as a disagreement with the other: among the doctors of one
centre (the centre of their home site) who may hold on-call in some sector and are available
on at least one day, the gap between the largest and the smallest count, each count scaled
by days in the horizon / days the doctor is available. The scale is taken in thousandths,
like every objective coefficient (README, fixed-point conventions), so that the checker
charges exactly what the model does. A rule comparing another pool (every role sharing
Saturdays) passes it, and compares people of the same role and centre.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from maillage.models.facts import MILLI, Facts
from maillage.models.instance import Staff


@dataclass(frozen=True)
class Gap:
    """A team's spread: `amount` in counts (scaled), between who has most and who least."""

    amount: float
    most: str
    least: str


def fairness_pool(facts: Facts) -> list[Staff]:
    """Doctors whose counts are compared: eligible for on-call somewhere, available some day."""
    days = range(len(facts.dates))
    return [
        person
        for person in facts.instance.staff
        if any(facts.oncall_eligible(person, sector) for sector in facts.instance.sectors)
        and any(facts.available(person, day) for day in days)
    ]


def scaled_thousandths(facts: Facts, person: Staff, count: int) -> int:
    """count x days / available days, in thousandths (the scale rounded, then multiplied)."""
    available = [day for day in range(len(facts.dates)) if facts.available(person, day)]
    return count * round(len(facts.dates) * MILLI / len(available))


def team_gaps(
    facts: Facts,
    counts: Mapping[str, int],
    earlier: Mapping[str, int] | None = None,
    pool: Sequence[Staff] | None = None,
    by_role: bool = False,
) -> list[Gap]:
    """Per team (centre, or role and centre when `by_role`) in order of first appearance,
    the positive gaps; ties go to whoever comes first in the pool (default `fairness_pool`,
    in the instance's staff order). `earlier`: counts from before the horizon (the
    history's counters), added as they stand to the scaled counts of the horizon."""
    by_team: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for person in fairness_pool(facts) if pool is None else pool:
        value = scaled_thousandths(facts, person, counts.get(person.id, 0))
        value += MILLI * (earlier or {}).get(person.id, 0)
        team = (person.role if by_role else "", facts.sites[person.home_site].centre)
        by_team.setdefault(team, []).append((person.id, value))
    gaps = []
    for members in by_team.values():
        top = max(value for _, value in members)
        bottom = min(value for _, value in members)
        if top > bottom:
            most = next(pid for pid, value in members if value == top)
            least = next(pid for pid, value in members if value == bottom)
            gaps.append(Gap((top - bottom) / MILLI, most, least))
    return gaps
