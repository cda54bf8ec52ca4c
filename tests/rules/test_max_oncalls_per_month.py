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


# -- a horizon starting in mid-month (history) -----------------------------------------------
from history_cases import history  # noqa: E402


def _mid_march(*rows: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    """From Monday 17 March 2025; at most 2 on-call slots a month."""
    return make(
        start="2025-03-17",
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules={"max_oncalls_per_month": 2})],
        history=history(*rows, start="2025-03-03"),
    )


def test_on_calls_of_the_history_count_in_their_month() -> None:
    inst = _mid_march(("d1", "2025-03-10", "eve"), ("d1", "2025-03-12", "eve"))
    rota = [("d1", "2025-03-18", "eve", "S")]
    found = verify("max_oncalls_per_month").given(inst, rota).breaks()
    assert "3 on-call slots (2 before the horizon) in March 2025, more than 2" in found[0]


def test_one_before_and_one_in_the_horizon_hold() -> None:
    inst = _mid_march(("d1", "2025-03-10", "eve"))
    verify("max_oncalls_per_month").given(inst, [("d1", "2025-03-18", "eve", "S")]).holds()
