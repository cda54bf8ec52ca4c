from factory import make, person
from verify import verify

BAND = {"min_total_minutes": 480, "max_total_minutes": 720}


def _rota(n: int) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{3 + d}", "am", "A") for d in range(n)]  # 4 h each


def test_two_or_three_sessions_hold() -> None:
    inst = make(staff=[person("d1", rules=BAND)])
    verify("total_minutes").given(inst, _rota(2)).holds()
    verify("total_minutes").given(inst, _rota(3)).holds()


def test_one_session_is_below_the_minimum() -> None:
    inst = make(staff=[person("d1", rules=BAND)])
    found = verify("total_minutes").given(inst, _rota(1)).breaks()
    assert found == ["D1 works 240 min, below the minimum of 480 min"]


def test_four_sessions_are_above_the_maximum() -> None:
    inst = make(staff=[person("d1", rules=BAND)])
    found = verify("total_minutes").given(inst, _rota(4)).breaks()
    assert found == ["D1 works 960 min, above the maximum of 720 min"]
