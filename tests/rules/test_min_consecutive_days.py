from factory import make, person
from verify import verify

LEAST_TWO = {"min_consecutive_days": 2}


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_runs_of_two_and_a_border_run_hold() -> None:
    inst = make(staff=[person("d1", rules=LEAST_TWO)])
    # Monday alone touches the first day of the horizon: exempt; then Wed-Thu.
    verify("min_consecutive_days").given(inst, _rota([3, 5, 6])).holds()


def test_a_lone_day_on_the_last_day_is_exempt() -> None:
    inst = make(days=5, staff=[person("d1", rules=LEAST_TWO)])  # Monday 3 to Friday 7
    verify("min_consecutive_days").given(inst, _rota([7])).holds()


def test_a_lone_day_inside_the_horizon_breaks() -> None:
    inst = make(staff=[person("d1", rules=LEAST_TWO)])
    found = verify("min_consecutive_days").given(inst, _rota([5])).breaks()
    assert found == ["D1 works 1 day(s) in a row from 2025-03-05, at least 2 wanted"]
