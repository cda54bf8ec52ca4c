"""The `history` section: validated against the horizon and the staff, read as facts."""

from __future__ import annotations

from typing import Any

import pytest
from factory import instance_dict

from maillage.models.facts import DAY, Facts
from maillage.models.instance import Instance
from maillage.models.validate import cross_check


def past(pid: str, date: str, shift: str = "eve", **kw: Any) -> dict[str, Any]:
    times = {"am": ("08:00", "12:00"), "pm": ("14:00", "18:00"), "eve": ("20:00", "24:00")}
    start, end = times.get(shift, ("20:00", "08:00"))
    kind = "oncall" if shift in ("eve", "night") else "consultation"
    site = "S" if kind == "oncall" else "A"
    return {
        "staff": pid,
        "date": date,
        "shift": shift,
        "site": site,
        "start": start,
        "end": end,
        "kind": kind,
    } | kw


def with_history(history: dict[str, Any], **kw: Any) -> Instance:
    return Instance.model_validate(instance_dict(history=history, **kw))


def test_a_history_before_the_horizon_is_accepted() -> None:
    inst = with_history(
        {
            "assignments": [past("d1", "2025-03-02"), past("d2", "2025-02-28", "am")],
            "counters": [{"staff": "d1", "since": "2025-01-01", "oncalls": 4}],
        }
    )
    assert cross_check(inst) == []


def test_a_history_overlapping_the_horizon_is_named() -> None:
    inst = with_history(
        {
            "start": "2025-03-03",
            "assignments": [past("d1", "2025-03-03"), past("zz", "2025-03-01")],
            "counters": [
                {"staff": "d1", "since": "2025-03-04"},
                {"staff": "d1", "since": "2025-01-01"},
            ],
        }
    )
    paths = {issue.path for issue in cross_check(inst)}
    assert paths == {
        "$.history.start",
        "$.history.assignments[0].date",
        "$.history.assignments[1].staff",
        "$.history.assignments[1].date",  # before the (bad) start
        "$.history.counters[0].since",
        "$.history.counters[1].staff",
    }


def test_an_assignment_before_the_history_start_is_named() -> None:
    inst = with_history({"start": "2025-02-20", "assignments": [past("d1", "2025-02-19")]})
    assert [i.path for i in cross_check(inst)] == ["$.history.assignments[0].date"]


def test_bad_times_are_schema_errors() -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        with_history({"assignments": [past("d1", "2025-03-02", start="25:00")]})


def test_facts_give_past_times_relative_to_the_horizon() -> None:
    inst = with_history(
        {
            "start": "2025-02-17",
            "assignments": [
                past("d1", "2025-03-02", "night"),
                past("d1", "2025-02-28", "am"),
                past("d2", "2025-03-01", "eve", counts_as_work=False),
            ],
            "counters": [{"staff": "d2", "since": "2025-01-01", "weekends": 3}],
        }
    )
    facts = Facts(inst)
    assert facts.history_days == 14
    d1 = facts.past["d1"]
    assert [(p.day, p.start, p.end, p.work) for p in d1] == [
        (-3, -3 * DAY + 480, -3 * DAY + 720, 240),
        (-1, -DAY + 1200, 480, 720),  # 20:00 to 08:00 on the horizon's first day
    ]
    assert facts.past_worked_days("d1") == {-3, -1}
    assert facts.past_worked_days("d2") == set()
    assert facts.past["d2"][0].is_oncall
    assert facts.counters["d2"].weekends == 3


def test_without_a_history_there_are_no_past_facts() -> None:
    facts = Facts(Instance.model_validate(instance_dict()))
    assert (facts.history_days, facts.past, facts.counters) == (0, {}, {})


def test_a_conflict_with_the_history_is_explained_with_its_date() -> None:
    from maillage.solver import SolveParams, solve

    data = instance_dict(
        sectors=[{"id": "S", "sites": ["A"], "slots": ["eve"]}],
        staff=[
            {
                "id": "d1",
                "name": "D1",
                "role": "doctor",
                "fte": 1.0,
                "sites": ["A"],
                "home_site": "A",
                "oncall": True,
                "fixed": [{"date": "2025-03-03", "shift": "am", "site": "A"}],
            }
        ],
        history={"assignments": [past("d1", "2025-03-02")]},
    )
    solution = solve(Instance.model_validate(data), SolveParams(time_limit=10, progress=False))
    assert solution.status == "infeasible"
    assert "the shift starting 2025-03-02 20:00 and the one starting 2025-03-03 08:00" in (
        solution.conflicts[0].message
    )
