"""Per-person figures for planners: hours against contract, on-calls, weekends, and the shape
of the person's weeks (whole days, half-days alone, Saturdays, 6-day weeks).

Computed from the rota alone, never from the model, so that the figures also judge it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from maillage.models.instance import ShiftKind
from maillage.models.solution import StaffSummary
from maillage.solver.check.rota import RotaView
from maillage.solver.rules.weekend_fairness import weekends_with_any_assignment

SESSION_KINDS = (ShiftKind.consultation, ShiftKind.admin)
SATURDAY = 5
SIX_DAYS = 6


def sessions_by_day(rota: RotaView, pid: str) -> Counter[int]:
    """Day -> sessions held (consultation or admin shifts counted as work)."""
    return Counter(p.slot.day for p in rota.worked(pid) if p.slot.kind in SESSION_KINDS)


def six_day_weeks(rota: RotaView, pid: str) -> int:
    """Calendar weeks meeting the horizon with 6 or more worked days, the history's days of a
    week straddling the horizon's start included (the weekly rest spans that boundary)."""
    start = rota.instance.horizon.start

    def week(day: int) -> tuple[int, int]:
        iso = (start + dt.timedelta(days=day)).isocalendar()
        return iso.year, iso.week

    horizon_weeks = {week(d) for d in range(len(rota.facts.dates))}
    worked = Counter(week(d) for d in rota.worked_days(pid) | rota.past_worked_days(pid))
    return sum(1 for w in horizon_weeks if worked[w] >= SIX_DAYS)


def staff_summary(rota: RotaView) -> list[StaffSummary]:
    out = []
    dates = rota.facts.dates
    for person in rota.instance.staff:
        lo, hi = rota.facts.hour_bounds(person)
        entries = rota.placed.get(person.id, [])
        worked_days = rota.worked_days(person.id)
        held = sessions_by_day(rota, person.id)
        whole = sum(1 for d, n in held.items() if n >= rota.facts.usual_sessions(person, d))
        out.append(
            StaffSummary(
                staff=person.id,
                role=person.role.value,
                hours=rota.minutes(person.id) / 60,
                target_hours=rota.facts.target_minutes(person) / 60,
                min_hours=lo / 60,
                max_hours=hi / 60,
                sessions=sum(1 for p in entries if not p.is_oncall),
                oncalls=sum(1 for p in entries if p.is_oncall),
                weekends=weekends_with_any_assignment(rota, person.id),
                days_worked=len(worked_days),
                whole_days=whole,
                half_days_alone=len(held) - whole,
                saturdays=sum(1 for d in worked_days if dates[d].weekday() == SATURDAY),
                six_day_weeks=six_day_weeks(rota, person.id),
            )
        )
    return out
