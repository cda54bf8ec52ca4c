from typing import Any

import pytest
from factory import make, person
from verify import verify


def _rota(n: int) -> list[tuple[str, str, str, str]]:
    sessions = [(f"2025-03-0{d}", s) for d in range(3, 8) for s in ("am", "pm")]
    return [("d1", d, s, "A") for d, s in sessions[:n]]


def test_exact_target_holds() -> None:
    inst = make(staff=[person("d1", fte=0.8)])  # 7 h x 0.8 x 5 days = 28 h = 7 sessions
    verify("contract_hours").given(inst, _rota(7)).holds()


def test_one_hour_over_penalises_one_hour() -> None:
    inst = make(staff=[person("d1")])  # 35 h target, 9 sessions = 36 h
    found = verify("contract_hours").given(inst, _rota(9)).penalizes_by(1)
    assert "(1 h over)" in found[0]


def test_hours_under_penalise_too() -> None:
    inst = make(staff=[person("d1")])
    verify("contract_hours").given(inst, _rota(8)).penalizes_by(3)


# Worked out by hand from the README's contract target: 7 h x fte for every Monday to
# Friday that is not a holiday, inside the contract dates and not on leave. With nothing
# worked, every hour of the target is missing.
@pytest.mark.parametrize(
    ("start", "who", "horizon", "target_hours"),
    [
        ("2025-03-03", {}, {}, 35),
        ("2025-03-03", {"fte": 0.5}, {}, 17.5),
        ("2025-04-28", {}, {}, 28),  # Thursday 1 May is a public holiday
        ("2025-04-28", {}, {"holidays": False}, 35),
        ("2025-03-03", {}, {"closed_dates": ["2025-03-07"]}, 28),
        ("2025-03-03", {"unavailable": [{"from": "2025-03-03", "to": "2025-03-04"}]}, {}, 21),
        ("2025-03-03", {"end_date": "2025-03-05"}, {}, 21),
        ("2025-03-03", {"start_date": "2025-03-07", "fte": 0.8}, {}, 5.6),
    ],
)
def test_target_table(
    start: str, who: dict[str, Any], horizon: dict[str, Any], target_hours: float
) -> None:
    inst = make(horizon={"start": start, "days": 7} | horizon, staff=[person("d1", **who)])
    verify("contract_hours").given(inst, []).penalizes_by(target_hours)
