"""Tiny instances for tests: a builder with sensible defaults, overridable piece by piece."""

from __future__ import annotations

import copy
from typing import Any

from maillage.models.instance import Instance

SHIFTS: list[dict[str, Any]] = [
    {
        "id": "am",
        "start": "08:00",
        "end": "12:00",
        "kind": "consultation",
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
    },
    {"id": "pm", "start": "14:00", "end": "18:00", "kind": "consultation"},
    {"id": "eve", "start": "20:00", "end": "24:00", "kind": "oncall"},
    # The long on-call shifts hold a 30-min break (`work_break`, L3121-16: 20 min from 6 h).
    {
        "id": "sat",
        "start": "12:00",
        "end": "20:00",
        "kind": "oncall",
        "weekdays": ["sat"],
        "work_hours": 7.5,
    },
    {
        "id": "sun",
        "start": "08:00",
        "end": "20:00",
        "kind": "oncall",
        "work_hours": 11.5,
        "weekdays": ["sun"],
        "holidays": "include",
    },
]
WEEK = ["mon", "tue", "wed", "thu", "fri"]


def site(sid: str = "A", **kw: Any) -> dict[str, Any]:
    base = {
        "id": sid,
        "name": f"Site {sid}",
        "kind": "centre",
        "lat": 42.69,
        "lon": 2.76,
        "rooms": 3,
        "secretary": "remote",
        "opening": {d: ["am", "pm"] for d in WEEK} | {"sat": ["am"]},
    }
    return base | kw


def person(pid: str, role: str = "doctor", **kw: Any) -> dict[str, Any]:
    base = {
        "id": pid,
        "name": pid.upper(),
        "role": role,
        "fte": 1.0,
        "sites": ["A"],
        "home_site": "A",
    }
    return base | kw


def commune(insee: str = "66001", **kw: Any) -> dict[str, Any]:
    base = {
        "insee": insee,
        "name": f"C{insee}",
        "population": 2000,
        "lat": 42.70,
        "lon": 2.77,
        "apl": 1.0,
    }
    return base | kw


def instance_dict(days: int = 7, start: str = "2025-03-03", **kw: Any) -> dict[str, Any]:
    """One week from Monday 3 March 2025, one site, one commune, two doctors, loose hours."""
    base: dict[str, Any] = {
        "name": "tiny",
        "horizon": {"start": start, "days": days},
        "shifts": copy.deepcopy(SHIFTS),
        "sites": [site()],
        "communes": [commune()],
        "staff": [person("d1"), person("d2")],
        "rules": {"hours_tolerance": 1.0},
    }
    return base | kw


def make(**kw: Any) -> Instance:
    return Instance.model_validate(instance_dict(**kw))


SECTOR = {"id": "S", "sites": ["A"], "slots": ["eve", "sat", "sun"]}


def doctor_on_call(pid: str, **kw: Any) -> dict[str, Any]:
    return person(pid, oncall=True, **kw)


def alone(pid: str = "d1", **kw: Any) -> list[dict[str, Any]]:
    return [person(pid, **kw)]


def impossible_week() -> Instance:
    """One doctor who must work 35 h +-0 in a week where only 5 sessions (20 h) are open:
    infeasible, and provably so by the solver."""
    mornings = {day: ["am"] for day in ("mon", "tue", "wed", "thu", "fri")}
    return make(
        sites=[site("A", opening=mornings)],
        staff=[person("d1")],
        rules={"hours_tolerance": 0.0},
    )


def json_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value (keys and indices), the value itself first: where a
    mutation test can edit it."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += json_paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += json_paths(v, (*prefix, i))
    return out
