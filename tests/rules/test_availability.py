from factory import make, person
from verify import verify

LEAVE = [{"from": "2025-03-04", "to": "2025-03-05", "reason": "leave"}]


def test_work_outside_leave_holds() -> None:
    inst = make(staff=[person("d1", unavailable=LEAVE)])
    verify("availability").given(inst, [("d1", "2025-03-03", "am", "A")]).holds()


def test_work_on_leave_breaks() -> None:
    inst = make(staff=[person("d1", unavailable=LEAVE)])
    found = verify("availability").given(inst, [("d1", "2025-03-04", "am", "A")]).breaks()
    assert "unavailable (leave)" in found[0]


def test_work_before_contract_start_breaks() -> None:
    inst = make(staff=[person("d1", start_date="2025-03-05")])
    found = verify("availability").given(inst, [("d1", "2025-03-03", "pm", "A")]).breaks()
    assert "outside the contract" in found[0]
