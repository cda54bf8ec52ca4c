from factory import SECTOR, doctor_on_call, make
from verify import verify


def _inst():  # type: ignore[no-untyped-def]
    return make(sectors=[SECTOR], staff=[doctor_on_call("d1", rules={"max_oncalls_per_month": 2})])


def test_two_on_calls_hold() -> None:
    verify("max_oncalls_per_month").given(
        _inst(), [("d1", "2025-03-03", "eve", "S"), ("d1", "2025-03-05", "eve", "S")]
    ).holds()


def test_three_on_calls_break() -> None:
    rota = [("d1", f"2025-03-0{d}", "eve", "S") for d in (3, 5, 7)]
    found = verify("max_oncalls_per_month").given(_inst(), rota).breaks()
    assert "3 on-call slots in March 2025, more than 2" in found[0]
