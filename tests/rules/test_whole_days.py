from factory import SECTOR, doctor_on_call, make, person
from verify import verify

# Monday 3 March 2025 offers am and pm; Saturday 8 March offers am only (factory shifts).


def test_a_whole_day_holds() -> None:
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "pm", "A")]
    verify("whole_days").given(make(staff=[person("d1")]), rota).holds()


def test_a_half_day_alone_penalises_one_session() -> None:
    rota = [("d1", "2025-03-03", "am", "A")]
    found = verify("whole_days").given(make(staff=[person("d1")]), rota).penalizes_by(1)
    assert found == ["D1 works 1 session(s) on 2025-03-03, 1 short of a whole day"]


def test_each_half_day_counts_and_whole_days_do_not() -> None:
    rota = [
        ("d1", "2025-03-03", "am", "A"),
        ("d1", "2025-03-04", "am", "A"),
        ("d1", "2025-03-04", "pm", "A"),
        ("d1", "2025-03-05", "pm", "A"),
    ]
    verify("whole_days").given(make(staff=[person("d1")]), rota).penalizes_by(2)


def test_a_saturday_of_mornings_only_is_a_whole_day() -> None:
    rota = [("d1", "2025-03-08", "am", "A")]
    verify("whole_days").given(make(staff=[person("d1")]), rota).holds()


def test_half_days_are_usual_for_one_session_a_day() -> None:
    inst = make(staff=[person("d1", rules={"sessions_per_day": 1})])
    verify("whole_days").given(inst, [("d1", "2025-03-03", "am", "A")]).holds()


def test_an_instance_asking_three_sessions_charges_what_the_day_offers() -> None:
    # three a day asked, two offered: a day of both is whole, a day of one lacks one
    inst = make(staff=[person("d1")], rules={"hours_tolerance": 1.0, "sessions_per_day": 3})
    both = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "pm", "A")]
    verify("whole_days").given(inst, both).holds()
    verify("whole_days").given(inst, both[:1]).penalizes_by(1)


def _on_call():  # type: ignore[no-untyped-def]
    return make(sectors=[SECTOR], staff=[doctor_on_call("d1")])


def test_an_on_call_slot_is_not_a_session() -> None:
    rota = [("d1", "2025-03-03", "pm", "A"), ("d1", "2025-03-03", "eve", "S")]
    verify("whole_days").given(_on_call(), rota).penalizes_by(1)


def test_a_day_of_on_call_only_costs_nothing() -> None:
    verify("whole_days").given(_on_call(), [("d1", "2025-03-04", "eve", "S")]).holds()


def test_a_session_not_counting_as_work_is_neither_held_nor_asked() -> None:
    from factory import SHIFTS

    # the afternoon is not work: a Monday offers one session, the morning is the whole day
    shifts = [s | {"counts_as_work": False} if s["id"] == "pm" else s for s in SHIFTS]
    inst = make(shifts=shifts, staff=[person("d1")])
    verify("whole_days").given(inst, [("d1", "2025-03-03", "am", "A")]).holds()
    verify("whole_days").given(inst, [("d1", "2025-03-03", "pm", "A")]).holds()
