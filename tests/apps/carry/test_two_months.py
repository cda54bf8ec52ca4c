"""Two months solved one after the other, the second with the history carried from the
first, make a rota the checker accepts as one two-month rota: the rules spanning time hold
across the boundary as they hold inside a month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from factory import SECTOR, SHIFTS, doctor_on_call, instance_dict

from maillage.models.facts import Facts
from maillage.models.instance import Horizon, Instance
from maillage.solver import SolveParams, solve
from maillage.solver.apps.carry import carry
from maillage.solver.check.checker import evaluate

SPLIT = 10  # the second month starts on Thursday 13 March 2025, mid-week


def _two_months() -> Instance:
    """21 days from Monday 3 March 2025, every rule spanning time made to bind: runs of 2 to
    4 days worked, rests of 2 days, 24 h a week, no morning after an evening on call."""
    shifts: list[dict[str, Any]] = [
        s | {"forbidden_next": ["am"]} if s["id"] == "eve" else s for s in SHIFTS
    ]
    rules = {
        "hours_tolerance": 1.0,
        "max_consecutive_days": 4,
        "min_consecutive_days": 2,
        "min_consecutive_days_off": 2,
        "max_weekly_hours": 24,
        "max_daily_hours": 12,
        "min_weekly_rest_hours": 48,
        "max_oncalls_per_month": 3,
    }
    staff = [doctor_on_call(p, fixed=[]) for p in ("d1", "d2", "d3")]
    staff[0]["fixed"] = [{"date": "2025-03-12", "shift": "eve", "site": "S"}]
    data = instance_dict(days=21, shifts=shifts, sectors=[SECTOR], staff=staff, rules=rules)
    return Instance.model_validate(data | {"name": "two-months"})


def _month(whole: Instance, name: str, first: int, days: int) -> Instance:
    start = whole.horizon.start + dt.timedelta(days=first)
    end = start + dt.timedelta(days=days - 1)
    staff = [
        p.model_copy(update={"fixed": [f for f in p.fixed if start <= f.date <= end]})
        for p in whole.staff
    ]
    return whole.model_copy(
        update={"name": name, "horizon": Horizon(start=start, days=days), "staff": staff}
    )


def test_two_months_in_a_row_pass_as_one() -> None:
    whole = _two_months()
    params = SolveParams(time_limit=20, workers=1, progress=False)
    first = _month(whole, "first", 0, SPLIT)
    first_rota = solve(first, params)
    assert first_rota.objective is not None
    assert not evaluate(first, first_rota.assignments, gains=False).hard
    second = carry(first, first_rota, _month(whole, "second", SPLIT, 21 - SPLIT))
    assert second.history is not None and second.history.assignments
    second_rota = solve(second, params)
    assert second_rota.objective is not None, second_rota.conflicts
    assert not evaluate(second, second_rota.assignments, gains=False).hard
    both = first_rota.assignments + second_rota.assignments
    found = evaluate(whole, both, Facts(whole), gains=False).hard
    assert found == [], [v.message for v in found]
    # the evening on call of the first month's last day closed the next morning to d1
    assert not any(
        a.staff == "d1" and a.date == dt.date(2025, 3, 13) and a.shift == "am"
        for a in second_rota.assignments
    )


SPANNING = {
    "daily_rest",
    "weekly_rest",
    "max_weekly_hours",
    "max_consecutive_days",
    "max_days_per_week",
    "min_consecutive_days",
    "min_consecutive_days_off",
    "forbidden_successions",
    "max_oncalls_per_month",
    "max_saturdays",
}


def test_without_the_history_the_two_months_do_not_pass_as_one() -> None:
    """The control: the second month solved from a blank page breaks the rules spanning
    time across the boundary, which the history is there to prevent."""
    whole = _two_months()
    params = SolveParams(time_limit=20, workers=1, progress=False)
    first = _month(whole, "first", 0, SPLIT)
    second = _month(whole, "second", SPLIT, 21 - SPLIT)
    both = solve(first, params).assignments + solve(second, params).assignments
    broken = {v.rule for v in evaluate(whole, both, Facts(whole), gains=False).hard}
    assert broken and broken <= SPANNING, broken
