from typing import Any

from factory import SHIFTS, make
from verify import verify


def _shifts() -> list[dict[str, Any]]:
    return [s | {"forbidden_next": ["am"]} if s["id"] == "pm" else s for s in SHIFTS]


def test_late_then_late_or_a_day_between_holds() -> None:
    inst = make(shifts=_shifts())
    rota = [
        ("d1", "2025-03-03", "pm", "A"),
        ("d1", "2025-03-04", "pm", "A"),
        ("d1", "2025-03-06", "am", "A"),  # Wednesday off in between
    ]
    verify("forbidden_successions").given(inst, rota).holds()


def test_morning_after_an_afternoon_breaks() -> None:
    inst = make(shifts=_shifts())
    rota = [("d1", "2025-03-03", "pm", "A"), ("d1", "2025-03-04", "am", "A")]
    found = verify("forbidden_successions").given(inst, rota).breaks()
    assert found == ["D1 takes am on 2025-03-04 right after pm"]


# -- a shift of the history on the horizon's eve (history) ------------------------------------
from history_cases import history  # noqa: E402


def _after(*rows: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    return make(shifts=_shifts(), history=history(*rows))


def test_the_afternoon_of_the_eve_forbids_the_first_morning() -> None:
    rota = [("d1", "2025-03-03", "am", "A")]
    found = verify("forbidden_successions").given(_after(("d1", "2025-03-02", "pm")), rota).breaks()
    assert "takes am on 2025-03-03 right after pm (before the horizon)" in found[0]
    verify("forbidden_successions").given(make(shifts=_shifts()), rota).holds()


def test_an_afternoon_two_days_before_holds() -> None:
    rota = [("d1", "2025-03-03", "am", "A")]
    verify("forbidden_successions").given(_after(("d1", "2025-03-01", "pm")), rota).holds()
