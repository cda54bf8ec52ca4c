from factory import make, site
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
