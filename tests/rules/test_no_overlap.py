from factory import SHIFTS, make, site
from verify import verify

LONG = {"id": "long", "start": "10:00", "end": "14:00", "kind": "consultation"}


def _inst():  # type: ignore[no-untyped-def]
    return make(shifts=[*SHIFTS, LONG], sites=[site(opening={"mon": ["am", "pm", "long"]})])


def test_back_to_back_sessions_hold() -> None:
    verify("no_overlap").given(
        _inst(), [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "pm", "A")]
    ).holds()


def test_overlapping_sessions_break() -> None:
    found = (
        verify("no_overlap")
        .given(_inst(), [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "long", "A")])
        .breaks()
    )
    assert "at the same time" in found[0]
