"""Explanations read a rule instance's tag fields, so ids holding ':' are named as written;
and explaining a model leaves it as it was."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from factory import doctor_on_call, make, site

from maillage.models.instance import Instance
from maillage.solver import SolveParams, build_model, check, solve
from maillage.solver.conflicts import explain

FAST = SolveParams(time_limit=10, workers=1)
SECTOR = {"id": "sec:1", "sites": ["cab:1"], "slots": ["eve", "sat", "sun"]}


def _colons(staff: list[dict[str, Any]], **rules: Any) -> Instance:
    """Site 'cab:1' (one room), on-call sector 'sec:1', loose hours: only what the staff's
    locked sessions demand can conflict."""
    return make(
        sites=[site("cab:1", rooms=1)],
        sectors=[SECTOR],
        staff=staff,
        rules={"hours_tolerance": 1.0, **rules},
    )


def _doctor(pid: str, name: str, *locks: tuple[str, str, str]) -> dict[str, Any]:
    fixed = [{"date": d, "shift": s, "site": at} for d, s, at in locks]
    return doctor_on_call(pid, name=name, sites=["cab:1"], home_site="cab:1", fixed=fixed)


def _sector_twice() -> Instance:
    """Two doctors locked on the same on-call slot of sector 'sec:1'."""
    lock = ("2025-03-04", "eve", "sec:1")
    return _colons([_doctor("dr:a", "Dr A", lock), _doctor("dr:b", "Dr B", lock)])


def _room_twice() -> Instance:
    """Two doctors locked on the same morning at 'cab:1', which has one room."""
    lock = ("2025-03-05", "am", "cab:1")
    return _colons([_doctor("dr:a", "Dr A", lock), _doctor("dr:b", "Dr B", lock)])


def _short_rest() -> Instance:
    """Dr A locked on the evening on call then on the next morning, with 11 h of daily rest."""
    evening, morning = ("2025-03-03", "eve", "sec:1"), ("2025-03-04", "am", "cab:1")
    return _colons(
        [_doctor("dr:a", "Dr A", evening, morning), _doctor("dr:b", "Dr B")],
        min_daily_rest_hours=11,
    )


Item = tuple[str, str | None, dt.date | None, str | None]
D3, D4, D5 = dt.date(2025, 3, 3), dt.date(2025, 3, 4), dt.date(2025, 3, 5)


@pytest.mark.parametrize(
    ("instance", "items", "words"),
    [
        (
            _sector_twice,
            {
                ("fixed_assignments", "dr:a", D4, None),
                ("fixed_assignments", "dr:b", D4, None),
                ("oncall_one_doctor", None, D4, "sec:1"),
            },
            [
                "Dr A is locked on eve at sec:1 on 2025-03-04",
                "Dr B is locked on eve at sec:1 on 2025-03-04",
                "rule oncall_one_doctor for sec:1 on 2025-03-04",  # a rule with no words of its own
            ],
        ),
        (
            _room_twice,
            {
                ("fixed_assignments", "dr:a", D5, None),
                ("fixed_assignments", "dr:b", D5, None),
                ("rooms", None, D5, "cab:1"),
            },
            ["at most 1 clinicians consult at once at Site cab:1 (2025-03-05 08:00)"],
        ),
        (
            _short_rest,
            {
                ("fixed_assignments", "dr:a", D3, None),
                ("fixed_assignments", "dr:a", D4, None),
                ("daily_rest", "dr:a", D4, None),
            },
            [
                "Dr A cannot work both the shift starting 2025-03-03 20:00 and the one "
                "starting 2025-03-04 08:00 (11 h of daily rest)",
                "Dr A is locked on am at cab:1 on 2025-03-04",
            ],
        ),
    ],
)
def test_ids_with_colons_are_named_as_written(
    instance: Any, items: set[Item], words: list[str]
) -> None:
    inst = instance()
    solution = solve(inst, FAST)
    assert solution.status == "infeasible"
    (conflict,) = [c for c in solution.conflicts if c.kind == "conflict"]
    assert {(i.rule, i.staff, i.date, i.site) for i in conflict.items} == items
    for text in words:
        assert text in conflict.message
    assert not check(inst, solution).mismatches


def test_the_relaxed_solve_breaks_one_instance_named_with_its_colon_id() -> None:
    inst = _sector_twice()
    solution = solve(inst, SolveParams(time_limit=10, workers=1, relax=True))
    assert solution.status in ("optimal", "feasible") and solution.relaxed is True
    report = check(inst, solution)
    assert not report.mismatches
    (broken,) = report.evaluation.hard
    assert broken.rule in ("fixed_assignments", "oncall_one_doctor")
    assert "sec:1" in broken.message
    assert (broken.rule, broken.message) in {(v.rule, v.message) for v in solution.violations}


def test_explaining_leaves_the_model_as_it_was() -> None:
    inst = _short_rest()
    build = build_model(inst)
    build.lm.hints = {var: 0 for var in build.lm.decisions}
    lm = build.lm
    before = copy.deepcopy(lm)
    constraints, num_vars = list(lm.constraints), lm.num_vars
    assert lm.objective and lm.hints

    conflicts = explain.explain(build, 10)

    assert conflicts and conflicts[0].rules == ["daily_rest", "fixed_assignments"]
    assert build.lm is lm and lm == before
    assert lm.num_vars == num_vars and len(lm.constraints) == len(constraints)
    assert all(a is b for a, b in zip(lm.constraints, constraints, strict=True))
    assert all(con.enforce is None for con in lm.constraints)
    assert lm.objective == before.objective and lm.hints == before.hints


def test_relax_prepares_the_build_it_is_given() -> None:
    build = build_model(_sector_twice())
    num_vars = build.lm.num_vars
    groups = explain.relax(build)
    enforced = {con.enforce for con in build.lm.constraints if con.enforce is not None}
    assert enforced == set(groups.values())
    assert build.lm.num_vars == num_vars + 2 * len(groups)  # a literal and a breach each
    assert len(build.lm.objective[explain.RELAX_TERM]) == len(groups)
