from factory import make, person
from verify import verify

REST_TWO = {"min_consecutive_days_off": 2}


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_two_days_off_and_a_border_rest_hold() -> None:
    inst = make(staff=[person("d1", rules=REST_TWO)])
    # Off on Monday (the first day: exempt), worked Tue, off Wed-Thu, worked Fri.
    verify("min_consecutive_days_off").given(inst, _rota([4, 7])).holds()


def test_one_day_off_between_worked_days_breaks() -> None:
    inst = make(staff=[person("d1", rules=REST_TWO)])
    found = verify("min_consecutive_days_off").given(inst, _rota([4, 6])).breaks()
    assert found == ["D1 has 1 day(s) off in a row from 2025-03-05, at least 2 wanted"]


def test_leave_counts_as_days_off() -> None:
    leave = [{"from": "2025-03-05", "to": "2025-03-05"}]
    inst = make(staff=[person("d1", rules=REST_TWO, unavailable=leave)])
    found = verify("min_consecutive_days_off").given(inst, _rota([4, 6])).breaks()
    assert "from 2025-03-05" in found[0]
