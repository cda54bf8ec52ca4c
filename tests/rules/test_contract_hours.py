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
