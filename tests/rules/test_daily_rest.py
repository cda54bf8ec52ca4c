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
