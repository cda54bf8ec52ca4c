from typing import Any

import pytest
from factory import SHIFTS, WEEK, make, site
from verify import verify

REQ = [{"role": "doctor", "min": 2, "shifts": ["am"], "weekdays": ["mon"]}]


def test_two_doctors_hold() -> None:
    inst = make(sites=[site("A", requirements=REQ)])
    verify("min_staffing").given(
        inst, [("d1", "2025-03-03", "am", "A"), ("d2", "2025-03-03", "am", "A")]
    ).holds()


def test_one_doctor_short_penalises_one() -> None:
    inst = make(sites=[site("A", requirements=REQ)])
    found = verify("min_staffing").given(inst, [("d1", "2025-03-03", "am", "A")]).penalizes_by(1)
    assert "1 doctor(s), 2 wanted" in found[0]


def test_nobody_penalises_two() -> None:
    inst = make(sites=[site("A", requirements=REQ)])
    verify("min_staffing").given(inst, [("d1", "2025-03-04", "am", "A")]).penalizes_by(2)


# Worked out by hand from the rule's text: site A opens am and pm Monday to Friday and am on
# Saturday (eleven consultation sessions in the week of 3 March 2025). A requirement applies
# to every consultation session the site opens, or to its listed shifts and weekdays; with
# nobody working, each such session misses its `min`.
@pytest.mark.parametrize(
    ("requirement", "missing"),
    [
        ({}, 11),
        ({"min": 2}, 22),
        ({"shifts": ["am"]}, 6),
        ({"shifts": ["pm"]}, 5),
        ({"weekdays": ["mon", "sat"]}, 3),
        ({"shifts": ["pm"], "weekdays": ["sat"]}, 0),  # not open then
        ({"shifts": ["eve"]}, 0),  # an on-call slot is never a site session
        ({"weekdays": ["sun"]}, 0),
    ],
)
def test_sessions_a_requirement_applies_to(requirement: dict[str, Any], missing: int) -> None:
    inst = make(sites=[site("A", requirements=[{"role": "doctor", "min": 1} | requirement])])
    if missing:
        verify("min_staffing").given(inst, []).penalizes_by(missing)
    else:
        verify("min_staffing").given(inst, []).holds()


@pytest.mark.parametrize(("requirement", "missing"), [({}, 11), ({"shifts": ["adm"]}, 5)])
def test_an_admin_session_counts_only_when_listed(
    requirement: dict[str, Any], missing: int
) -> None:
    # The site also opens an admin hour, 12:00 to 13:00, Monday to Friday.
    admin = {"id": "adm", "start": "12:00", "end": "13:00", "kind": "admin", "weekdays": WEEK}
    opening = {day: ["am", "adm", "pm"] for day in WEEK} | {"sat": ["am"]}
    a = site("A", opening=opening, requirements=[{"role": "doctor", "min": 1} | requirement])
    inst = make(shifts=[*SHIFTS, admin], sites=[a])
    verify("min_staffing").given(inst, []).penalizes_by(missing)
