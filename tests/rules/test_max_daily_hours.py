from factory import make, person
from verify import verify

DAY = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "pm", "A")]


def test_eight_hours_hold_under_ten() -> None:
    verify("max_daily_hours").given(make(staff=[person("d1")]), DAY).holds()


def test_eight_hours_break_a_seven_hour_limit() -> None:
    inst = make(staff=[person("d1", rules={"max_daily_hours": 7})])
    found = verify("max_daily_hours").given(inst, DAY).breaks()
    assert "works 8 h on 2025-03-03, more than 7 h" in found[0]


# -- night work (décret 2002-9 art. 7: 9 h for day teams, 10 h for night teams) --------------
from typing import Any  # noqa: E402

from factory import site  # noqa: E402


def _hospital(**rules: Any):  # type: ignore[no-untyped-def]
    """An afternoon of 6 h (a 30-min break), an evening touching 21:00, a morning."""
    shifts = [
        {"id": "am", "start": "08:00", "end": "12:00", "kind": "consultation"},
        {"id": "aft", "start": "13:00", "end": "19:30", "kind": "consultation", "work_hours": 6},
        {"id": "eve", "start": "20:00", "end": "24:00", "kind": "consultation"},
        {"id": "late", "start": "20:00", "end": "01:00", "kind": "consultation"},
    ]
    return make(
        shifts=shifts,
        sites=[site(opening={"mon": ["am", "aft", "eve", "late"]})],
        staff=[person("d1", rules={"profile": "hospital", **rules})],
    )


def test_ten_hours_with_night_work_hold_under_the_hospital_profile() -> None:
    rota = [("d1", "2025-03-03", "aft", "A"), ("d1", "2025-03-03", "eve", "A")]
    verify("max_daily_hours").given(_hospital(), rota).holds()


def test_ten_hours_of_day_work_break_nine() -> None:
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "aft", "A")]
    found = verify("max_daily_hours").given(_hospital(), rota).breaks()
    assert found == ["D1 works 10 h on 2025-03-03, more than 9 h"]


def test_eleven_hours_with_night_work_break_ten() -> None:
    rota = [("d1", "2025-03-03", "aft", "A"), ("d1", "2025-03-03", "late", "A")]
    found = verify("max_daily_hours").given(_hospital(), rota).breaks()
    assert found == ["D1 works 11 h on 2025-03-03 (night work), more than 10 h"]


def test_without_a_night_limit_the_day_one_applies_at_night() -> None:
    rota = [("d1", "2025-03-03", "aft", "A"), ("d1", "2025-03-03", "eve", "A")]
    inst = make(
        shifts=_hospital().model_dump(mode="json")["shifts"],
        sites=[site(opening={"mon": ["aft", "eve"]})],
        staff=[person("d1", rules={"max_daily_hours": 9})],
    )
    verify("max_daily_hours").given(inst, rota).breaks()


def test_a_night_limit_below_the_day_one() -> None:
    rota = [("d1", "2025-03-03", "aft", "A"), ("d1", "2025-03-03", "eve", "A")]
    inst = _hospital(max_daily_hours=10, max_night_hours=8)
    assert "(night work), more than 8 h" in verify("max_daily_hours").given(inst, rota).breaks()[0]
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "aft", "A")]
    verify("max_daily_hours").given(inst, rota).holds()


def test_explain_names_the_night_limit() -> None:
    from maillage.models.facts import Facts
    from maillage.solver.model.tags import Tag
    from maillage.solver.rules.max_daily_hours import explain

    text = explain(Tag("max_daily_hours", staff="d1", day=0), Facts(_hospital()))
    assert text == "D1 works at most 9 h on 2025-03-03 (10 h with night work)"
