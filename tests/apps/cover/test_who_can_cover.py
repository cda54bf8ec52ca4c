"""`cover`: who can take a slot as the rota is, who after moves, who cannot and why; every
suggestion, applied, passes the checker."""

from __future__ import annotations

import datetime as dt

import pytest
from cover_instances import SLOT, THURSDAY, assert_applies, rota, solution_of, tiny

from maillage.models.errors import InputError
from maillage.models.instance import Instance
from maillage.models.solution import Assignment, Solution
from maillage.solver.apps.cover import CoverAnswer, cover, parse_slot
from maillage.solver.check.checker import check


def test_free_leave_rest_and_a_move(instance: Instance, solution: Solution) -> None:
    answer = cover(instance, solution, parse_slot(SLOT))
    assert answer.slot.kind == "oncall" and answer.held_by == []
    assert [s.staff for s in answer.direct] == ["free"]
    assert answer.direct[0].moves == [] and answer.direct[0].terms["oncall_coverage"] == 1000
    [moved] = answer.after_moves
    assert moved.staff == "mover"
    assert 1 <= len(moved.moves) <= 2
    # the move takes MOVER's Thursday morning away (the rest it broke), to someone or nobody
    gone = [c.assignment for c in moved.changes if c.action == "remove"]
    assert Assignment(staff="mover", date=THURSDAY, shift="am", site="A") in gone
    assert any("rest" in r for r in moved.blocked_by)
    assert "MOVER gives up Thu 6 Mar am at A" in moved.moves[0]
    blocked = {b.staff: b for b in answer.blocked}
    assert set(blocked) == {"leave", "rest", "nurse"}
    assert blocked["leave"].rules == ["availability"]
    assert "unavailable (leave)" in blocked["leave"].line()
    assert blocked["rest"].rules == ["daily_rest"]
    assert "only 8 h of rest" in blocked["rest"].line()
    assert blocked["nurse"].rules == ["allowed_sites"]
    assert answer.searched_out == []


def test_every_suggestion_applied_passes_check(instance: Instance, solution: Solution) -> None:
    answer = cover(instance, solution, parse_slot(SLOT))
    suggestions = answer.direct + answer.after_moves
    assert len(suggestions) == 2
    for s in suggestions:
        assert_applies(instance, solution, s)


def test_the_cheapest_first_and_top(instance: Instance) -> None:
    """Only REST's locked morning in the rota: two can take Wednesday evening as it is, the
    one who works less (cheaper for the contract hours) first; `top` keeps the cheapest."""
    locked = Assignment(staff="rest", date=THURSDAY, shift="am", site="A")
    solution = solution_of(instance, [locked])
    answer = cover(instance, solution, parse_slot(SLOT))
    costs = [s.cost for s in answer.direct]
    assert {s.staff for s in answer.direct} == {"free", "mover"}
    assert costs == sorted(costs)
    short = cover(instance, solution, parse_slot(SLOT), top=1)
    assert len(short.direct) == 1 and short.omitted == 1
    assert short.direct[0].cost == costs[0]


def test_held_on_call_slot_candidates_in_place_of_the_holder(instance: Instance) -> None:
    held = Assignment(staff="free", date=dt.date(2025, 3, 5), shift="eve", site="S")
    locked = Assignment(staff="rest", date=THURSDAY, shift="am", site="A")
    solution = solution_of(instance, [held, locked])
    answer = cover(instance, solution, parse_slot(SLOT))
    assert answer.held_by == ["free"]
    assert "already covered by FREE" in answer.lines()[1]
    assert [s.staff for s in answer.direct] == ["mover"]
    # the holder gives it up in every suggestion, a change but not a move
    assert answer.direct[0].changes[0].action == "remove"
    assert answer.direct[0].changes[0].assignment == held
    assert answer.direct[0].moves == []
    for s in answer.direct + answer.after_moves:
        assert_applies(instance, solution, s)


def test_held_session_candidates_join_it(instance: Instance, solution: Solution) -> None:
    answer = cover(instance, solution, parse_slot("2025-03-06:am:A"))
    assert answer.held_by == ["mover", "rest"] and answer.slot.kind == "session"
    assert {s.staff for s in answer.direct} == {"free", "leave", "nurse"}
    assert all(c.action == "add" for s in answer.direct for c in s.changes)
    for s in answer.direct + answer.after_moves:
        assert_applies(instance, solution, s)


@pytest.mark.parametrize(
    ("slot", "field", "words"),
    [
        ("2025-03-10:am:A", "slot.date", "outside the horizon"),
        ("2025-03-05:night:A", "slot.shift", "unknown shift 'night'"),
        ("2025-03-05:am:Z", "slot.site", "unknown site 'Z'"),
        ("2025-03-05:eve:A", "slot.site", "unknown sector 'A'"),
        ("2025-03-04:am:B", "slot.site", "not open for 'am' on 2025-03-04"),
        ("2025-03-09:am:A", "slot.shift", "does not exist on 2025-03-09"),
        ("2025-03-0x:am:A", "slot.date", "not a date"),
        ("2025-03-05:am", "slot", "DATE:SHIFT:SITE_OR_SECTOR"),
    ],
)
def test_bad_slot_names_the_field(
    instance: Instance, solution: Solution, slot: str, field: str, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        cover(instance, solution, parse_slot(slot))
    [issue] = caught.value.issues
    assert issue.path == field and words in issue.message


def test_solution_of_another_instance(instance: Instance, solution: Solution) -> None:
    other = solution.model_copy(update={"instance": "elsewhere"})
    with pytest.raises(InputError) as caught:
        cover(instance, other, parse_slot(SLOT))
    [issue] = caught.value.issues
    assert issue.path == "$.instance" and "elsewhere" in issue.message


def test_answer_round_trips_as_json(instance: Instance, solution: Solution) -> None:
    answer = cover(instance, solution, parse_slot(SLOT))
    assert CoverAnswer.model_validate_json(answer.model_dump_json()) == answer


def test_tiny_is_what_the_docstring_says() -> None:
    """The fixture's premises: the rota passes the checker before any suggestion."""
    instance = tiny()
    assert check(instance, solution_of(instance, rota())).ok


def test_text_groups_those_who_may_not_hold_it(instance: Instance, solution: Solution) -> None:
    nurse = next(p for p in instance.staff if p.id == "nurse")
    second = nurse.model_copy(update={"id": "nurse2", "name": "NURSE2"})
    wider = instance.model_copy(update={"staff": [*instance.staff, second]})
    answer = cover(wider, solution, parse_slot(SLOT))
    assert {b.staff for b in answer.blocked} == {"leave", "rest", "nurse", "nurse2"}
    lines = answer.lines()
    assert "  2 may not hold on-call slots of S: NURSE, NURSE2" in lines
    assert not any(line.startswith("  NURSE may not") for line in lines)
