from factory import make, site
from verify import verify


def test_one_per_room_holds() -> None:
    inst = make(sites=[site("A", rooms=1)])
    verify("rooms").given(
        inst, [("d1", "2025-03-03", "am", "A"), ("d2", "2025-03-03", "pm", "A")]
    ).holds()


def test_two_in_one_room_break() -> None:
    inst = make(sites=[site("A", rooms=1)])
    found = (
        verify("rooms")
        .given(inst, [("d1", "2025-03-03", "am", "A"), ("d2", "2025-03-03", "am", "A")])
        .breaks()
    )
    assert "2 clinicians consult at A" in found[0]
