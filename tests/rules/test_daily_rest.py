import pytest
from factory import SECTOR, doctor_on_call, make
from verify import verify


def _inst():  # type: ignore[no-untyped-def]
    return make(sectors=[SECTOR], staff=[doctor_on_call("d1")])


def test_evening_then_next_afternoon_holds() -> None:
    verify("daily_rest").given(
        _inst(), [("d1", "2025-03-03", "eve", "S"), ("d1", "2025-03-04", "pm", "A")]
    ).holds()


def test_evening_then_next_morning_breaks() -> None:
    found = (
        verify("daily_rest")
        .given(_inst(), [("d1", "2025-03-03", "eve", "S"), ("d1", "2025-03-04", "am", "A")])
        .breaks()
    )
    assert "only 8 h of rest" in found[0]


def test_morning_and_evening_same_day_break_the_amplitude() -> None:
    found = (
        verify("daily_rest")
        .given(_inst(), [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "eve", "S")])
        .breaks()
    )
    assert "spanning 16 h" in found[0]


# Worked out by hand from the rule's text: shifts am 08-12, pm 14-18, eve 20-24; Monday 3
# and Tuesday 4 March 2025. Between days, rest from one end to the next start must reach the
# minimum; within a day, first start to last end spans at most 24 h minus the minimum.
@pytest.mark.parametrize(
    ("rest", "rota", "verdict"),
    [
        (11, [("2025-03-03", "eve", "S"), ("2025-03-04", "am", "A")], "breaks"),  # 8 h
        (11, [("2025-03-03", "eve", "S"), ("2025-03-04", "pm", "A")], "holds"),  # 14 h
        (11, [("2025-03-03", "pm", "A"), ("2025-03-04", "am", "A")], "holds"),  # 14 h
        (14, [("2025-03-03", "eve", "S"), ("2025-03-04", "pm", "A")], "holds"),  # 14 h, just
        (14.5, [("2025-03-03", "eve", "S"), ("2025-03-04", "pm", "A")], "breaks"),
        (0, [("2025-03-03", "eve", "S"), ("2025-03-04", "am", "A")], "holds"),
        (11, [("2025-03-03", "am", "A"), ("2025-03-03", "eve", "S")], "breaks"),  # 16 h > 13
        (14, [("2025-03-03", "am", "A"), ("2025-03-03", "pm", "A")], "holds"),  # 10 h, just
        (14.5, [("2025-03-03", "am", "A"), ("2025-03-03", "pm", "A")], "breaks"),  # > 9.5 h
    ],
)
def test_rest_table(rest: float, rota: list[tuple[str, str, str]], verdict: str) -> None:
    inst = make(
        sectors=[SECTOR], staff=[doctor_on_call("d1", rules={"min_daily_rest_hours": rest})]
    )
    getattr(verify("daily_rest").given(inst, [("d1", *a) for a in rota]), verdict)()


# -- across the horizon's start (history) ---------------------------------------------------
def _after(*rows: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    from history_cases import history

    return make(sectors=[SECTOR], staff=[doctor_on_call("d1")], history=history(*rows))


def test_an_evening_of_the_history_then_a_first_morning_breaks() -> None:
    inst = _after(("d1", "2025-03-02", "eve"))
    rota = [("d1", "2025-03-03", "am", "A")]
    found = verify("daily_rest").given(inst, rota).breaks()
    assert "2025-03-02 (before the horizon)" in found[0] and "only 8 h of rest" in found[0]
    verify("daily_rest").given(_inst(), rota).holds()  # the same rota, no history


def test_an_evening_of_the_history_then_a_first_afternoon_holds() -> None:
    verify("daily_rest").given(
        _after(("d1", "2025-03-02", "eve")), [("d1", "2025-03-03", "pm", "A")]
    ).holds()


def test_a_breach_inside_the_history_is_not_reported_again() -> None:
    inst = _after(("d1", "2025-02-28", "eve"), ("d1", "2025-03-01", "am"))
    verify("daily_rest").given(inst, [("d1", "2025-03-03", "am", "A")]).holds()
