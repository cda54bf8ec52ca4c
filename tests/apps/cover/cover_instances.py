"""A tiny rota around one open on-call slot (Wednesday 5 March 2025, 20:00-24:00, sector S):
one doctor free, one on leave, one whose locked Thursday morning leaves too little rest, one
whose Thursday morning can be handed to a colleague; and a nurse, who holds no on-call."""

from __future__ import annotations

import datetime as dt

import pytest
from factory import SECTOR, doctor_on_call, make, person, site

from maillage.models.instance import Instance
from maillage.models.solution import Assignment, Objective, Solution, Status
from maillage.solver.apps.cover import Suggestion, applied
from maillage.solver.check.checker import check, evaluate

SLOT = "2025-03-05:eve:S"
THURSDAY = dt.date(2025, 3, 6)


def tiny() -> Instance:
    return make(
        sites=[site("A"), site("B", opening={"mon": ["am"]})],  # B: nobody's, Monday mornings
        sectors=[SECTOR],
        staff=[
            doctor_on_call("free"),
            doctor_on_call(
                "leave", unavailable=[{"from": "2025-03-05", "to": "2025-03-05", "reason": "leave"}]
            ),
            doctor_on_call("rest", fixed=[{"date": "2025-03-06", "shift": "am", "site": "A"}]),
            doctor_on_call("mover"),
            person("nurse", role="nurse"),
        ],
    )


def rota() -> list[Assignment]:
    """Thursday morning: `rest` (locked there) and `mover`; `free` has Monday."""
    return [
        Assignment(staff="free", date=dt.date(2025, 3, 3), shift="am", site="A"),
        Assignment(staff="rest", date=THURSDAY, shift="am", site="A"),
        Assignment(staff="mover", date=THURSDAY, shift="am", site="A"),
    ]


def solution_of(instance: Instance, assignments: list[Assignment]) -> Solution:
    ev = evaluate(instance, assignments)
    return Solution(
        instance=instance.name,
        status=Status.feasible,
        objective=Objective(total=ev.total, terms=ev.terms),
        assignments=assignments,
    )


def assert_applies(instance: Instance, solution: Solution, s: Suggestion) -> None:
    """The suggestion, applied, is a rota the checker accepts, worth what the answer says."""
    before = check(instance, solution)
    after = applied(instance, solution, s)
    report = check(instance, after)
    assert report.ok, (s.staff, report.evaluation.hard, report.mismatches)
    assert report.evaluation.total == pytest.approx(before.evaluation.total - s.cost, abs=1e-4)
