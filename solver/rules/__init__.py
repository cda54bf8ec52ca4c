"""The rule registry: every rule of the engine, by name, in one place.

A rule's name is the same in the model, the checker, violation reports, `rules.disabled`,
`weights` (for soft rules) and the README.
"""

from __future__ import annotations

from maillage.solver.rules import (
    allowed_sites,
    availability,
    contract_hours,
    contract_hours_band,
    coordinated_practice,
    cover,
    coverage,
    daily_rest,
    day_off_preference,
    fixed_assignments,
    forbidden_successions,
    max_average_weekly_hours,
    max_consecutive_days,
    max_daily_hours,
    max_days_per_week,
    max_oncalls_per_month,
    max_shifts,
    max_staffing,
    max_weekends,
    max_weekly_hours,
    min_consecutive_days,
    min_consecutive_days_off,
    min_staffing,
    no_overlap,
    non_home_site,
    oncall_coverage,
    oncall_fairness,
    oncall_one_doctor,
    rooms,
    secretary_presence,
    shift_requests,
    site_changes,
    site_preference,
    total_minutes,
    valid_assignment,
    weekend_fairness,
    weekly_rest,
)
from maillage.solver.rules.base import Rule

RULES: tuple[Rule, ...] = tuple(
    m.RULE
    for m in (
        valid_assignment,
        availability,
        allowed_sites,
        fixed_assignments,
        no_overlap,
        max_daily_hours,
        daily_rest,
        weekly_rest,
        max_weekly_hours,
        max_average_weekly_hours,
        max_consecutive_days,
        min_consecutive_days,
        min_consecutive_days_off,
        max_weekends,
        forbidden_successions,
        max_shifts,
        total_minutes,
        contract_hours_band,
        max_days_per_week,
        max_oncalls_per_month,
        site_changes,
        rooms,
        max_staffing,
        secretary_presence,
        coordinated_practice,
        oncall_one_doctor,
        coverage,
        min_staffing,
        oncall_coverage,
        day_off_preference,
        site_preference,
        contract_hours,
        oncall_fairness,
        weekend_fairness,
        non_home_site,
        shift_requests,
        cover,
    )
)
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}
HARD_RULES = tuple(r for r in RULES if r.hard)
SOFT_RULES = tuple(r for r in RULES if not r.hard)

__all__ = ["HARD_RULES", "RULES", "RULES_BY_NAME", "SOFT_RULES", "Rule"]
