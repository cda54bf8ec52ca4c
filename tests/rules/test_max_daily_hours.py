from factory import make, person
from verify import verify

DAY = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "pm", "A")]


def test_eight_hours_hold_under_ten() -> None:
    verify("max_daily_hours").given(make(staff=[person("d1")]), DAY).holds()


def test_eight_hours_break_a_seven_hour_limit() -> None:
    inst = make(staff=[person("d1", rules={"max_daily_hours": 7})])
    found = verify("max_daily_hours").given(inst, DAY).breaks()
    assert "works 8 h on 2025-03-03, more than 7 h" in found[0]
