from typing import Any

import pytest
from factory import make, site
from verify import verify

REQ = [{"role": "doctor", "max": 1}]


def test_one_doctor_holds() -> None:
    inst = make(sites=[site("A", requirements=REQ)])
    verify("max_staffing").given(inst, [("d1", "2025-03-03", "am", "A")]).holds()


def test_two_doctors_break() -> None:
    inst = make(sites=[site("A", requirements=REQ)])
    found = (
        verify("max_staffing")
        .given(inst, [("d1", "2025-03-03", "am", "A"), ("d2", "2025-03-03", "am", "A")])
        .breaks()
    )
    assert "2 doctor(s) at Site A on 2025-03-03 am, more than 1" in found[0]


# Worked out by hand from the rule's text: with no doctor allowed (`max` 0) where the
# requirement applies, one doctor breaks it there and nowhere else.
@pytest.mark.parametrize(
    ("requirement", "date", "shift", "verdict"),
    [
        ({}, "2025-03-03", "am", "breaks"),
        ({"weekdays": ["sat"]}, "2025-03-08", "am", "breaks"),
        ({"weekdays": ["sat"]}, "2025-03-03", "am", "holds"),
        ({"shifts": ["pm"]}, "2025-03-03", "pm", "breaks"),
        ({"shifts": ["pm"]}, "2025-03-03", "am", "holds"),
        ({"shifts": ["pm"], "weekdays": ["tue"]}, "2025-03-03", "pm", "holds"),
    ],
)
def test_where_a_maximum_applies(
    requirement: dict[str, Any], date: str, shift: str, verdict: str
) -> None:
    inst = make(sites=[site("A", requirements=[{"role": "doctor", "max": 0} | requirement])])
    getattr(verify("max_staffing").given(inst, [("d1", date, shift, "A")]), verdict)()
