"""Two rotas of a tiny instance with known differences: one solved, one edited by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory

from maillage.models.instance import Instance, ShiftKind
from maillage.models.solution import Assignment, Solution
from maillage.solver import SolveParams, solve
from maillage.solver.check.checker import check, evaluate


def two_sites() -> Instance:
    """One week, sites A and B at the same place, d1 (no on-call) and two doctors on call."""
    return factory.make(
        sites=[factory.site("A"), factory.site("B")],
        staff=[
            # room for one more session: a sixth day, hours within 20 %
            factory.person(
                "d1", sites=["A", "B"], rules={"max_days_per_week": 6, "hours_tolerance": 0.2}
            ),
            factory.doctor_on_call("d2", sites=["A", "B"]),
            factory.doctor_on_call("d3", sites=["A", "B"]),
        ],
        sectors=[factory.SECTOR],
    )


@dataclass
class Edited:
    instance: Instance
    a: Solution
    b: Solution
    moved: Assignment  # d1's session at A, at B in b
    added: Assignment  # a session of d1 at A only in b
    removed: Assignment  # an on-call held in a, nobody holds in b


def edited_pair() -> Edited:
    """Solve `two_sites`, then edit: move one of d1's sessions to B, add d1 a session at A
    (the first hard-valid one in time order),
    take one on-call away from whoever holds it (the slot is left uncovered)."""
    inst = two_sites()
    a = solve(inst, SolveParams(time_limit=10, workers=2, seed=0, progress=False))
    assert check(inst, a).ok, check(inst, a).mismatches
    oncall = {s.id for s in inst.shifts if s.kind == ShiftKind.oncall}
    moved = next(x for x in a.assignments if x.staff == "d1" and x.site == "A")
    removed = next(x for x in a.assignments if x.shift in oncall)
    base = [x for x in a.assignments if x not in (moved, removed)]
    base.append(moved.model_copy(update={"site": "B"}))
    held = {(x.date, x.shift) for x in a.assignments if x.staff == "d1"}
    worked = {x.date for x in a.assignments if x.staff == "d1"}
    for date in sorted(inst.horizon.start + dt.timedelta(days=d) for d in range(7)):
        for shift in ("am", "pm"):
            if (date, shift) in held:
                continue
            added = Assignment(staff="d1", date=date, shift=shift, site="A")
            if not evaluate(inst, [*base, added], gains=False).hard:
                b = a.model_copy(update={"assignments": [*base, added]})
                return Edited(inst, a, b, moved, added, removed)
    raise AssertionError(f"no session d1 can add (it works {sorted(worked)}): change the instance")
