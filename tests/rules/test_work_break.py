from typing import Any

from factory import make, person, site
from verify import verify


def shift(sid: str, start: str, end: str, **kw: Any) -> dict[str, Any]:
    return {"id": sid, "start": start, "end": end, "kind": "consultation"} | kw


def _inst(*shifts: dict[str, Any], **rules: Any):  # type: ignore[no-untyped-def]
    ids = [s["id"] for s in shifts]
    return make(
        shifts=list(shifts),
        sites=[site(opening={"mon": ids})],
        staff=[person("d1", rules=rules)],
    )


MORNING = shift("a", "08:00", "12:00")


def test_a_gap_of_twenty_minutes_is_a_break() -> None:
    inst = _inst(MORNING, shift("b", "12:20", "15:00"))
    rota = [("d1", "2025-03-03", "a", "A"), ("d1", "2025-03-03", "b", "A")]
    verify("work_break").given(inst, rota).holds()


def test_ten_minutes_between_two_shifts_is_no_break() -> None:
    inst = _inst(MORNING, shift("b", "12:10", "15:00"))
    rota = [("d1", "2025-03-03", "a", "A"), ("d1", "2025-03-03", "b", "A")]
    found = verify("work_break").given(inst, rota).breaks()
    assert "works 6.83333 h from 2025-03-03 08:00 to 15:00 (a, b) with no break" in found[0]


def test_under_six_hours_needs_no_break() -> None:
    inst = _inst(MORNING, shift("b", "12:10", "13:50"))
    rota = [("d1", "2025-03-03", "a", "A"), ("d1", "2025-03-03", "b", "A")]
    verify("work_break").given(inst, rota).holds()


def test_a_shift_holding_its_break() -> None:
    # 08:00-18:00 with 9 h of work holds a 1 h break
    inst = _inst(shift("day", "08:00", "18:00", work_hours=9))
    verify("work_break").given(inst, [("d1", "2025-03-03", "day", "A")]).holds()


def test_a_shift_with_a_break_ends_the_run() -> None:
    inst = _inst(shift("day", "08:00", "15:00", work_hours=6.5), shift("b", "15:05", "17:00"))
    rota = [("d1", "2025-03-03", "day", "A"), ("d1", "2025-03-03", "b", "A")]
    verify("work_break").given(inst, rota).holds()


def test_a_shift_of_six_hours_alone_can_never_be_taken() -> None:
    inst = _inst(shift("long", "09:00", "15:00"))
    found = verify("work_break").given(inst, [("d1", "2025-03-03", "long", "A")]).breaks()
    assert "works 6 h from 2025-03-03 09:00 to 15:00 (long) with no break of 20 min" in found[0]


def test_the_limits_are_the_persons() -> None:
    inst = _inst(shift("long", "09:00", "15:00"), break_after_hours=7)
    verify("work_break").given(inst, [("d1", "2025-03-03", "long", "A")]).holds()
    inst = _inst(shift("day", "08:00", "15:00", work_hours=6.5), min_break_minutes=45)
    verify("work_break").given(inst, [("d1", "2025-03-03", "day", "A")]).breaks()


def test_explain_names_the_shift() -> None:
    from maillage.models.facts import Facts
    from maillage.solver.model.tags import Tag
    from maillage.solver.rules.work_break import explain

    inst = _inst(shift("long", "09:00", "15:00"))
    text = explain(Tag("work_break", staff="d1", minute=540, shift="long"), Facts(inst))
    assert text == (
        "D1 takes a 20-min break within 6 h of work from the shift long starting 2025-03-03 09:00"
    )
