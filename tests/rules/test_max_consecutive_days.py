from factory import make, person
from verify import verify


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_break_in_the_run_holds() -> None:
    inst = make(staff=[person("d1", rules={"max_consecutive_days": 3})])
    verify("max_consecutive_days").given(inst, _rota([3, 4, 5, 7])).holds()


def test_four_in_a_row_break_a_limit_of_three() -> None:
    inst = make(staff=[person("d1", rules={"max_consecutive_days": 3})])
    found = verify("max_consecutive_days").given(inst, _rota([3, 4, 5, 6])).breaks()
    assert "more than 3 days in a row up to 2025-03-06" in found[0]
