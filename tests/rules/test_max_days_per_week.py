from factory import make, person
from verify import verify


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_half_time_on_three_days_holds() -> None:
    inst = make(staff=[person("d1", fte=0.5)])  # default limit ceil(2.5) = 3 days
    verify("max_days_per_week").given(inst, _rota([3, 4, 5])).holds()


def test_half_time_on_four_days_breaks() -> None:
    inst = make(staff=[person("d1", fte=0.5)])
    found = verify("max_days_per_week").given(inst, _rota([3, 4, 5, 6])).breaks()
    assert "works 4 days in the week of 2025-03-03, more than 3" in found[0]
