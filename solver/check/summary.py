"""Per-person figures for planners: hours against contract, on-calls, weekends."""

from __future__ import annotations

from maillage.models.solution import StaffSummary
from maillage.solver.check.rota import RotaView
from maillage.solver.rules.weekend_fairness import weekends_with_any_assignment


def staff_summary(rota: RotaView) -> list[StaffSummary]:
    out = []
    for person in rota.instance.staff:
        lo, hi = rota.facts.hour_bounds(person)
        entries = rota.placed.get(person.id, [])
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
                days_worked=len(rota.worked_days(person.id)),
            )
        )
    return out
