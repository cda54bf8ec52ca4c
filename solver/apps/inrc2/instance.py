"""INRC-II weeks as an ordinary maillage instance, every constraint a general rule of the engine.

Skills are sites (a nurse works at the sites of her skills, `allowed_sites`: H4); every shift
starts at 08:00 so two of a day overlap (`no_overlap`: H1); a requirement is a cover line of
its shift, date and skill with the minimum as a hard floor (`cover_minimum`: H2) and the
optimum at 30 a nurse missing (`cover`: S1); successions are `forbidden_next`
(`forbidden_successions`, the history's last shift included: H3); runs are `run_limits` (S2,
S3), shift-off requests `shift_requests` (S4), complete weekends `complete_weekends` (S5),
total assignments and working weekends `worked_totals` (S6, S7) with bounds narrowed by the
history's counters (exact when the horizon reaches the planning period's end, pro rata of the
weeks left before). The history's border data become past assignments: a nurse who worked the
last 3 days, the last 2 of them Night, has Night on the eve and the day before, another
shift the day before that, and a day off before it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from pydantic import ValidationError

from maillage.models.errors import InputError, from_validation_error
from maillage.models.instance import Instance
from maillage.solver.apps.inrc2.evaluate import WEIGHTS
from maillage.solver.apps.inrc2.format import (
    ANY,
    NONE,
    History,
    NurseHistory,
    Scenario,
    WeekData,
)
from maillage.solver.apps.nrp.format import DISABLED

START = dt.date(2024, 1, 1)  # a Monday: week k of the planning period starts 7k days later
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass(frozen=True)
class Offsets:
    """Costs the instance cannot change (totals the history already breaks), by term."""

    total_assignments: int = 0
    working_weekends: int = 0


def day_date(week: int, day: int) -> dt.date:
    return START + dt.timedelta(days=7 * week + day)


def to_instance(
    scenario: Scenario, history: History, weeks: list[WeekData]
) -> tuple[Instance, Offsets]:
    """The weeks `history.week` onwards, knowing only `history`; the totals are exact when they
    reach the scenario's last week, pro rata of the weeks left otherwise."""
    first = history.week
    left = scenario.weeks - first  # weeks still to roster, these included
    share = len(weeks) / left if left > 0 else 1.0
    final = first + len(weeks) >= scenario.weeks
    offsets = {"total_assignments": 0, "working_weekends": 0}
    staff = []
    past = []
    covered = 1 + max(
        (
            max(h.consecutive_work, h.consecutive_shift, h.consecutive_off)
            for h in history.nurses.values()
        ),
        default=0,
    )
    for nurse in scenario.nurses:
        h = history.nurses[nurse.id]
        c = scenario.contracts[nurse.contract]
        past += _past(scenario, nurse.id, nurse.skills[0], h, first)
        low, high = c.min_total - h.assignments, c.max_total - h.assignments
        cap = c.max_weekends - h.weekends
        if final:
            offsets["total_assignments"] += WEIGHTS["total_assignments"] * max(0, -high)
            offsets["working_weekends"] += WEIGHTS["working_weekends"] * max(0, -cap)
            days = {"min": max(0, low), "max": max(0, high)}
            weekends = max(0, cap)
        else:
            days = {"min": max(0, math.floor(low * share)), "max": max(0, math.ceil(high * share))}
            weekends = max(0, math.floor(cap * share + 0.5))
        limits = [
            _limit("work", c.min_consecutive_work, c.max_consecutive_work, "consecutive_work"),
            _limit("off", c.min_consecutive_off, c.max_consecutive_off, "consecutive_off"),
        ] + [
            _limit("shift", t.min_consecutive, t.max_consecutive, "consecutive_shift", t.id)
            for t in scenario.shifts
        ]
        rules: dict[str, object] = {
            "run_limits": limits,
            "days_worked": days | {"weight": WEIGHTS["total_assignments"]},
            "weekends_worked": {"max": weekends, "weight": WEIGHTS["working_weekends"]},
        }
        if c.complete_weekends:
            rules["complete_weekends"] = WEIGHTS["complete_weekends"]
        staff.append(
            {
                "id": nurse.id,
                "name": nurse.id,
                "role": "nurse",
                "fte": 1.0,
                "sites": list(nurse.skills),
                "home_site": nurse.skills[0],
                "requests": [
                    {
                        "date": day_date(first + w, q.day).isoformat(),
                        "shift": shift,
                        "kind": "off",
                        "weight": WEIGHTS["preferences"],
                    }
                    for w, week in enumerate(weeks)
                    for q in week.off_requests
                    if q.nurse == nurse.id
                    for shift in ([s.id for s in scenario.shifts] if q.shift == ANY else [q.shift])
                ],
                "rules": rules,
            }
        )
    cover = [
        {
            "date": day_date(first + w, r.day).isoformat(),
            "shift": r.shift,
            "site": r.skill,
            "required": r.optimal,
            "under_weight": WEIGHTS["optimal_coverage"],
            "over_weight": 0,
            "minimum": r.minimum or None,
        }
        for w, week in enumerate(weeks)
        for r in week.requirements
        if r.optimal or r.minimum
    ]
    data = {
        "name": f"{scenario.name}-week{first}"
        + (f"-{first + len(weeks) - 1}" if len(weeks) > 1 else ""),
        "description": "INRC-II weeks imported by maillage.solver.apps.inrc2 (skills as sites, "
        "no shift times in the source: all start 08:00).",
        "horizon": {
            "start": day_date(first, 0).isoformat(),
            "days": 7 * len(weeks),
            "holidays": False,
        },
        "shifts": [
            {
                "id": s.id,
                "start": "08:00",
                "end": "16:00",
                "kind": "consultation",
                "weekdays": WEEKDAYS,
                "holidays": "include",
                "forbidden_next": scenario.forbidden.get(s.id, []),
            }
            for s in scenario.shifts
        ],
        "sites": [
            {
                "id": skill,
                "name": skill,
                "kind": "centre",
                "lat": 0.0,
                "lon": 0.0,
                "rooms": len(scenario.nurses),
                "secretary": "remote",
                "opening": {day: [s.id for s in scenario.shifts] for day in WEEKDAYS},
            }
            for skill in scenario.skills
        ],
        "staff": staff,
        "cover": cover,
        "history": {
            "start": (day_date(first, 0) - dt.timedelta(days=covered)).isoformat(),
            "assignments": past,
        },
        "rules": {"disabled": DISABLED},
    }
    try:
        instance = Instance.model_validate(data)
    except ValidationError as error:
        raise InputError(from_validation_error(error), scenario.source) from None
    return instance, Offsets(**offsets)


def _limit(
    of: str, least: int, most: int, term: str, shift: str | None = None
) -> dict[str, object]:
    out: dict[str, object] = {"of": of, "max": max(1, most), "weight": WEIGHTS[term]}
    if least > 1:
        out["min"] = least
    if shift is not None:
        out["shift"] = shift
    return out


def _past(
    scenario: Scenario, nurse: str, skill: str, h: NurseHistory, week: int
) -> list[dict[str, object]]:
    """The border data as past assignments (see the module's docstring)."""
    eve = day_date(week, 0)
    ids = [s.id for s in scenario.shifts]

    def worked(back: int, shift: str) -> dict[str, object]:
        return {
            "staff": nurse,
            "date": (eve - dt.timedelta(days=back)).isoformat(),
            "shift": shift,
            "site": skill,
            "start": "08:00",
            "end": "16:00",
            "kind": "consultation",
        }

    if h.last_shift == NONE:
        # off for consecutive_off days, worked the day before (any shift: its run is over)
        return [worked(h.consecutive_off + 1, ids[0])] if h.consecutive_off > 0 else []
    run = max(h.consecutive_work, h.consecutive_shift, 1)
    same = max(1, min(h.consecutive_shift, run))
    other = next((s for s in ids if s != h.last_shift), h.last_shift)
    return [worked(back, h.last_shift if back <= same else other) for back in range(1, run + 1)]
