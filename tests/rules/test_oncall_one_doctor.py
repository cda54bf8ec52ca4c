from factory import SECTOR, doctor_on_call, make
from verify import verify


def _inst():  # type: ignore[no-untyped-def]
    return make(sectors=[SECTOR], staff=[doctor_on_call("d1"), doctor_on_call("d2")])


def test_one_doctor_per_slot_holds() -> None:
    verify("oncall_one_doctor").given(
        _inst(), [("d1", "2025-03-03", "eve", "S"), ("d2", "2025-03-04", "eve", "S")]
    ).holds()


def test_two_doctors_on_one_slot_break() -> None:
    found = (
        verify("oncall_one_doctor")
        .given(_inst(), [("d1", "2025-03-03", "eve", "S"), ("d2", "2025-03-03", "eve", "S")])
        .breaks()
    )
    assert "2 doctors hold on-call slot eve" in found[0]
