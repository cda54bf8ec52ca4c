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
