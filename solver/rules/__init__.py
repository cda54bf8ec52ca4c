"""The rule registry: every rule of the engine, by name, in one place.

A rule's name is the same in the model, the checker, violation reports, `rules.disabled`,
`weights` (for soft rules) and the README.
"""

from __future__ import annotations

import importlib

from maillage.solver.rules.base import Rule

# The modules of solver/rules/ holding one rule each, in the order rules are encoded,
# checked and listed (`maillage rules`); each module's name is its rule's name.
RULE_MODULES: tuple[str, ...] = (
    "valid_assignment",
    "availability",
    "allowed_sites",
    "fixed_assignments",
    "published_days",
    "no_overlap",
    "max_daily_hours",
    "daily_rest",
    "weekly_rest",
    "rest_days_per_fortnight",
    "work_break",
    "max_weekly_hours",
    "max_hours_per_7_days",
    "max_average_weekly_hours",
    "max_consecutive_days",
    "min_consecutive_days",
    "min_consecutive_days_off",
    "max_weekends",
    "forbidden_successions",
    "max_shifts",
    "total_minutes",
    "contract_hours_band",
    "max_days_per_week",
    "max_saturdays",
    "max_oncalls_per_month",
    "site_changes",
    "rooms",
    "max_staffing",
    "secretary_presence",
    "coordinated_practice",
    "oncall_one_doctor",
    "cover_minimum",
    "coverage",
    "min_staffing",
    "oncall_coverage",
    "day_off_preference",
    "preferred_pattern",
    "site_preference",
    "contract_hours",
    "oncall_fairness",
    "weekend_fairness",
    "saturday_fairness",
    "whole_days",
    "non_home_site",
    "shift_requests",
    "cover",
    "rota_changes",
    "run_limits",
    "complete_weekends",
    "worked_totals",
)


def _load(module: str) -> Rule:
    rule = importlib.import_module(f"{__name__}.{module}").RULE
    if not isinstance(rule, Rule) or rule.name != module:
        raise ImportError(f"{__name__}.{module} must define RULE, a Rule named {module!r}")
    return rule


RULES: tuple[Rule, ...] = tuple(_load(m) for m in RULE_MODULES)
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}
HARD_RULES = tuple(r for r in RULES if r.hard)
SOFT_RULES = tuple(r for r in RULES if not r.hard)

__all__ = ["HARD_RULES", "RULES", "RULES_BY_NAME", "SOFT_RULES", "Rule"]
