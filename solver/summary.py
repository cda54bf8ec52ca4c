"""Per-person figures for planners: hours against contract, on-calls, weekends."""

from __future__ import annotations

from maillage.models.solution import StaffSummary
from maillage.solver.review import Review
from maillage.solver.rules.weekend_fairness import weekends_worked


def staff_summary(review: Review) -> list[StaffSummary]:
    out = []
    for person in review.instance.staff:
        lo, hi = review.facts.hour_bounds(person)
        entries = review.placed.get(person.id, [])
        out.append(
            StaffSummary(
                staff=person.id,
                role=person.role.value,
                hours=review.minutes(person.id) / 60,
                target_hours=review.facts.target_minutes(person) / 60,
                min_hours=lo / 60,
                max_hours=hi / 60,
                sessions=sum(1 for p in entries if not p.is_oncall),
                oncalls=sum(1 for p in entries if p.is_oncall),
                weekends=weekends_worked(review, person.id),
                days_worked=len(review.worked_days(person.id)),
            )
        )
    return out
