from factory import make, person
from verify import verify

FULL = [("d1", f"2025-03-0{d}", s, "A") for d in (3, 4, 5) for s in ("am", "pm")]  # 24 h


def test_twenty_hours_hold() -> None:
    inst = make(staff=[person("d1", rules={"max_weekly_hours": 20})])
    verify("max_weekly_hours").given(inst, FULL[:5]).holds()


def test_twenty_four_hours_break() -> None:
    inst = make(staff=[person("d1", rules={"max_weekly_hours": 20})])
    found = verify("max_weekly_hours").given(inst, FULL).breaks()
    assert "24 h in the week of 2025-03-03" in found[0]
