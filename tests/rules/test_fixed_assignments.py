from factory import make, person
from verify import verify

FIXED = [{"date": "2025-03-04", "shift": "pm", "site": "A"}]


def test_rota_with_locked_session_holds() -> None:
    inst = make(staff=[person("d1", fixed=FIXED)])
    verify("fixed_assignments").given(inst, [("d1", "2025-03-04", "pm", "A")]).holds()


def test_rota_without_locked_session_breaks() -> None:
    inst = make(staff=[person("d1", fixed=FIXED)])
    found = verify("fixed_assignments").given(inst, [("d1", "2025-03-04", "am", "A")]).breaks()
    assert "locked on pm" in found[0]
