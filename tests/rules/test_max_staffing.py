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
