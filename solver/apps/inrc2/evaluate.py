"""An evaluator of INRC-II solutions written from the competition's specification (Ceschia et
al. 2015, section 2.5 and appendix B), on the parsed files alone: it shares nothing with the
engine's rules, so it judges both the import and the engine.

Like the competition's validator it concatenates the weeks and evaluates them together with
the initial history: runs crossing the border go on from the history's counts (a maximum
counts only the days beyond what the history already paid), a minimum is not judged on the
run the horizon ends with, and the totals (S6, S7) are judged once, over the whole horizon,
when the weeks given reach the scenario's last (not on a shorter sequence).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from maillage.solver.apps.inrc2.format import (
    ANY,
    NONE,
    History,
    Scenario,
    WeekData,
    WeekSolution,
)

WEIGHTS = {
    "optimal_coverage": 30,  # S1, per nurse missing
    "consecutive_shift": 15,  # S2, per day short or over, runs of one shift type
    "consecutive_work": 30,  # S2, per day short or over, runs of worked days
    "consecutive_off": 30,  # S3, per day short or over
    "preferences": 10,  # S4, per assignment to an unwanted shift
    "complete_weekends": 30,  # S5, per weekend worked on one day only
    "total_assignments": 20,  # S6, per assignment short or over
    "working_weekends": 30,  # S7, per weekend over
}
# The validator's report lines, each a sum of the terms above.
CATEGORIES = {
    "Total assignment constraints": ("total_assignments",),
    "Consecutive constraints": ("consecutive_shift", "consecutive_work"),
    "Non working days constraints": ("consecutive_off",),
    "Preferences": ("preferences",),
    "Max working weekend": ("working_weekends",),
    "Complete weekends": ("complete_weekends",),
    "Optimal coverage constraints": ("optimal_coverage",),
}


@dataclass
class Evaluation:
    costs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WEIGHTS, 0))
    hard: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.costs.values())

    def categories(self) -> dict[str, int]:
        return {k: sum(self.costs[t] for t in terms) for k, terms in CATEGORIES.items()}


def run_cost(states: list[bool], border: int, least: int, most: int) -> int:
    """Days short of `least` or beyond `most` over the runs of True in `states`, the first
    continuing a run of `border` days before them. A run ending on the eve (border > 0, the
    first day False) is judged for its minimum here; the last run is not (it goes on)."""
    cost, run, carried = 0, border, border
    for on in states:
        if on:
            run += 1
            continue
        if run:
            cost += max(0, least - run) + max(0, run - most) - max(0, carried - most)
        run = carried = 0
    if run:
        cost += max(0, run - most) - max(0, carried - most)
    return cost


def evaluate(
    scenario: Scenario,
    history: History,
    weeks: list[WeekData],
    solutions: list[WeekSolution],
) -> Evaluation:
    out = Evaluation()
    days = 7 * len(weeks)
    skills = {n.id: set(n.skills) for n in scenario.nurses}
    take: dict[tuple[str, int], str] = {}
    staffed: Counter[tuple[int, str, str]] = Counter()
    for w, solution in enumerate(solutions):
        seen: set[tuple[str, int]] = set()
        for a in solution.assignments:
            day = 7 * w + a.day
            if a.nurse not in skills:
                out.hard.append(f"unknown nurse {a.nurse}")
                continue
            if (a.nurse, day) in seen:
                out.hard.append(f"single assignment: {a.nurse} twice on day {day}")
                continue
            seen.add((a.nurse, day))
            if a.skill not in skills[a.nurse]:
                out.hard.append(f"missing skill: {a.nurse} lacks {a.skill} (day {day})")
            take[(a.nurse, day)] = a.shift
            staffed[(day, a.shift, a.skill)] += 1
    for w, week in enumerate(weeks):
        for r in week.requirements:
            n = staffed[(7 * w + r.day, r.shift, r.skill)]
            if n < r.minimum:
                out.hard.append(
                    f"under-staffing: {r.shift} {r.skill} day {7 * w + r.day}: {n} < {r.minimum}"
                )
            out.costs["optimal_coverage"] += WEIGHTS["optimal_coverage"] * max(0, r.optimal - n)
        for q in week.off_requests:
            got = take.get((q.nurse, 7 * w + q.day))
            if got is not None and (q.shift == ANY or q.shift == got):
                out.costs["preferences"] += WEIGHTS["preferences"]
    for nurse in scenario.nurses:
        h = history.nurses[nurse.id]
        c = scenario.contracts[nurse.contract]
        line = [take.get((nurse.id, d)) for d in range(days)]
        before = None if h.last_shift == NONE else h.last_shift
        for d, s in enumerate(line):
            if before is not None and s is not None and s in scenario.forbidden.get(before, []):
                out.hard.append(f"succession: {nurse.id} {before} then {s} on day {d}")
            before = s
        worked = [s is not None for s in line]
        out.costs["consecutive_work"] += WEIGHTS["consecutive_work"] * run_cost(
            worked, h.consecutive_work, c.min_consecutive_work, c.max_consecutive_work
        )
        out.costs["consecutive_off"] += WEIGHTS["consecutive_off"] * run_cost(
            [not x for x in worked], h.consecutive_off, c.min_consecutive_off, c.max_consecutive_off
        )
        for t in scenario.shifts:
            border = h.consecutive_shift if h.last_shift == t.id else 0
            out.costs["consecutive_shift"] += WEIGHTS["consecutive_shift"] * run_cost(
                [s == t.id for s in line], border, t.min_consecutive, t.max_consecutive
            )
        weekends = 0
        for k in range(len(weeks)):
            sat, sun = worked[7 * k + 5], worked[7 * k + 6]
            weekends += sat or sun
            if c.complete_weekends and sat != sun:
                out.costs["complete_weekends"] += WEIGHTS["complete_weekends"]
        if history.week + len(weeks) < scenario.weeks:
            continue  # the totals are judged at the end of the planning period only
        total = h.assignments + sum(worked)
        out.costs["total_assignments"] += WEIGHTS["total_assignments"] * (
            max(0, c.min_total - total) + max(0, total - c.max_total)
        )
        out.costs["working_weekends"] += WEIGHTS["working_weekends"] * max(
            0, h.weekends + weekends - c.max_weekends
        )
    return out
