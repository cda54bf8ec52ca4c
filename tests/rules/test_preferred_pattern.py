from factory import SECTOR, SHIFTS, doctor_on_call, make, person
from verify import verify

MON_THU = {"pattern": ["mon", "tue", "wed", "thu"]}  # 3 March 2025 is a Monday


def _inst(preferences: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    return make(sectors=[SECTOR], staff=[doctor_on_call("d1", preferences=preferences)])


def test_days_within_the_pattern_hold() -> None:
    rota = [("d1", f"2025-03-0{d}", "am", "A") for d in (3, 4, 5, 6)]
    verify("preferred_pattern").given(_inst(MON_THU), rota).holds()


def test_a_friday_costs_once_however_many_sessions() -> None:
    rota = [("d1", "2025-03-07", "am", "A"), ("d1", "2025-03-07", "pm", "A")]
    found = verify("preferred_pattern").given(_inst(MON_THU), rota).penalizes_by(1)
    assert found == [
        "D1 works on Friday 2025-03-07, outside their preferred days (mon, tue, wed, thu)"
    ]


def test_each_day_outside_counts() -> None:
    rota = [
        ("d1", "2025-03-03", "am", "A"),
        ("d1", "2025-03-07", "am", "A"),
        ("d1", "2025-03-08", "sat", "S"),  # a Saturday on-call that is work
    ]
    verify("preferred_pattern").given(_inst(MON_THU), rota).penalizes_by(2)


def test_no_pattern_no_preference() -> None:
    verify("preferred_pattern").given(_inst({}), [("d1", "2025-03-07", "am", "A")]).holds()


def test_a_stand_by_slot_is_not_a_day_worked() -> None:
    shifts = [s | {"counts_as_work": False} if s["id"] == "sun" else s for s in SHIFTS]
    inst = make(shifts=shifts, sectors=[SECTOR], staff=[doctor_on_call("d1", preferences=MON_THU)])
    verify("preferred_pattern").given(inst, [("d1", "2025-03-09", "sun", "S")]).holds()


def test_the_weight_is_per_day() -> None:
    inst = make(staff=[person("d1", preferences=MON_THU)], weights={"preferred_pattern": 7})
    rota = [("d1", "2025-03-07", "am", "A"), ("d1", "2025-03-08", "am", "A")]
    verify("preferred_pattern").given(inst, rota).penalizes_by(2)
