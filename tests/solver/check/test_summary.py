"""The staff summary's work-pattern figures on a hand-made rota whose counts are known."""

from __future__ import annotations

import datetime as dt
from typing import Any

from factory import SECTOR, SHIFTS, WEEK, make, person, site

from maillage.models.instance import Instance
from maillage.models.solution import Assignment, Solution, StaffSummary
from maillage.solver.check.rota import RotaView
from maillage.solver.check.summary import staff_summary

# Wednesday 5 to Sunday 16 March 2025: the first calendar week straddles the start.
START = dt.date(2025, 3, 5)
ADMIN = {"id": "adm", "start": "14:00", "end": "17:00", "kind": "admin"}
STANDBY = {
    "id": "astr",
    "start": "20:00",
    "end": "08:00",
    "kind": "oncall",
    "counts_as_work": False,
    "weekdays": ["sat", "sun"],
}


def _past(day: str) -> dict[str, Any]:
    """A morning consultation of the history."""
    return {
        "staff": "d1",
        "date": day,
        "shift": "am",
        "site": "A",
        "start": "08:00",
        "end": "12:00",
        "kind": "consultation",
    }


def instance(history: bool = True) -> Instance:
    kw: dict[str, Any] = {}
    if history:  # Monday 3 and Tuesday 4 March worked: six days in that week with the rota's
        kw["history"] = {
            "start": "2025-03-03",
            "assignments": [_past("2025-03-03"), _past("2025-03-04")],
        }
    return make(
        start=START.isoformat(),
        days=12,
        shifts=[*SHIFTS, ADMIN, STANDBY],
        sites=[site(opening={d: ["am", "pm", "adm"] for d in WEEK} | {"sat": ["am"]})],
        sectors=[SECTOR | {"slots": ["eve", "sat", "sun", "astr"]}],
        staff=[
            person("d1", oncall=True),
            person("d2"),
            person("h1", rules={"sessions_per_day": 1}),
        ],
        **kw,
    )


def on(day: int, staff: str, shift: str, site: str = "A") -> Assignment:
    return Assignment(staff=staff, date=START + dt.timedelta(days=day), shift=shift, site=site)


ROTA = [
    # d1, first week (Wed 5 to Sun 9)
    on(0, "d1", "am"),
    on(0, "d1", "pm"),  # Wed: whole
    on(1, "d1", "am"),  # Thu: a half-day alone
    on(2, "d1", "am"),
    on(2, "d1", "pm"),  # Fri: whole
    on(3, "d1", "am"),  # Sat: whole, the day offers one session; a Saturday
    on(4, "d1", "astr", "S"),  # Sun: stand-by only, not a worked day
    # d1, second week (Mon 10 to Sun 16)
    on(5, "d1", "pm"),  # Mon: a half-day alone
    on(6, "d1", "eve", "S"),  # Tue: an on-call that counts as work, no session
    on(7, "d1", "am"),
    on(7, "d1", "adm"),  # Wed: whole, admin is a session
    on(10, "d1", "sat", "S"),  # Sat: worked, no session; a Saturday
    # d2: six days in the second week, all whole
    *(on(d, "d2", s) for d in (5, 6, 7, 8, 9) for s in ("am", "pm")),
    on(10, "d2", "am"),
    # h1: one session a day is their whole day
    on(1, "h1", "am"),
    on(2, "h1", "pm"),
]


def summary(inst: Instance) -> dict[str, StaffSummary]:
    return {s.staff: s for s in staff_summary(RotaView(inst, ROTA))}


def test_work_pattern_counts_of_a_hand_made_rota() -> None:
    found = summary(instance())
    d1, d2, h1 = found["d1"], found["d2"], found["h1"]
    assert RotaView(instance(), ROTA).unplaceable == []
    assert (d1.days_worked, d1.whole_days, d1.half_days_alone) == (8, 4, 2)
    assert (d1.saturdays, d1.six_day_weeks) == (2, 1)  # Mon 3, Tue 4 from the history
    assert (d2.days_worked, d2.whole_days, d2.half_days_alone) == (6, 6, 0)
    assert (d2.saturdays, d2.six_day_weeks) == (1, 1)
    assert (h1.days_worked, h1.whole_days, h1.half_days_alone) == (2, 2, 0)
    assert (h1.saturdays, h1.six_day_weeks) == (0, 0)


def test_a_week_straddling_the_start_counts_only_the_rota_without_history() -> None:
    d1 = summary(instance(history=False))["d1"]
    assert d1.six_day_weeks == 0
    assert (d1.days_worked, d1.whole_days, d1.half_days_alone, d1.saturdays) == (8, 4, 2, 2)


def test_a_solution_written_before_the_pattern_fields_still_loads() -> None:
    solution = Solution.model_validate(
        {
            "instance": "tiny",
            "status": "optimal",
            "staff_summary": [
                {
                    "staff": "d1",
                    "role": "doctor",
                    "hours": 35.0,
                    "target_hours": 35.0,
                    "min_hours": 30.0,
                    "max_hours": 40.0,
                    "sessions": 9,
                    "oncalls": 0,
                    "weekends": 0,
                    "days_worked": 5,
                }
            ],
        }
    )
    old = solution.staff_summary[0]
    assert old.days_worked == 5 and old.whole_days is None and old.six_day_weeks is None
