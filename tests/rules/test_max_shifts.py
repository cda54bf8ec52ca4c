from factory import make, person
from verify import verify

CAPS = {"max_shifts": {"am": 2, "pm": 0}}


def test_two_mornings_hold_a_cap_of_two() -> None:
    inst = make(staff=[person("d1", rules=CAPS)])
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-04", "am", "A")]
    verify("max_shifts").given(inst, rota).holds()


def test_three_mornings_break_a_cap_of_two() -> None:
    inst = make(staff=[person("d1", rules=CAPS)])
    rota = [("d1", f"2025-03-0{d}", "am", "A") for d in (3, 4, 5)]
    found = verify("max_shifts").given(inst, rota).breaks()
    assert found == ["D1 takes am 3 times, at most 2 allowed"]


def test_a_cap_of_zero_is_a_missing_skill() -> None:
    inst = make(staff=[person("d1", rules=CAPS)])
    found = verify("max_shifts").given(inst, [("d1", "2025-03-03", "pm", "A")]).breaks()
    assert found == ["D1 takes pm 1 times, at most 0 allowed"]
