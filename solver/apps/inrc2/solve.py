"""INRC-II through the engine: the multi-stage problem week by week, each week solved knowing
only the history the previous weeks left, and the static problem (all weeks at once), whose
bound is a lower bound for both.

Each week's cost is re-scored by the engine's checker from the assignments alone; the sum
over the weeks, with the totals (S6, S7) judged once at the end, is the competition's cost,
which `maillage.solver.apps.inrc2.evaluate` recomputes independently from the files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver.apps.inrc2.format import (
    Assignment,
    History,
    Scenario,
    WeekData,
    WeekSolution,
    next_history,
)
from maillage.solver.apps.inrc2.instance import START, Offsets, to_instance
from maillage.solver.check.checker import evaluate
from maillage.solver.params import SolveParams
from maillage.solver.solve import solve

TOTALS = "worked_totals"  # judged only when the horizon reaches the planning period's end


class Infeasible(Exception):
    """A week the engine found no roster for (hard constraints, given the history)."""


@dataclass
class Stage:
    week: int
    status: str
    cost: int  # the competition's cost of the week (totals only in the last week)
    seconds: float
    solution: WeekSolution
    history: History  # the history the week leaves
    bound: int | None = None
    hard: list[str] = field(default_factory=list)


def _scored(
    instance: Instance, solution: Solution, offsets: Offsets, final: bool
) -> tuple[int, list[str]]:
    ev = evaluate(instance, solution.assignments, Facts(instance), gains=False)
    cost = -sum(v for k, v in ev.terms.items() if final or k != TOTALS)
    if final:
        cost += offsets.total_assignments + offsets.working_weekends
    return round(cost), [f"{v.rule}: {v.message}" for v in ev.hard]


def _week_solutions(
    solution: Solution, first: int, weeks: int, scenario: str
) -> list[WeekSolution]:
    out = [WeekSolution(first + w, scenario) for w in range(weeks)]
    for a in solution.assignments:
        offset = (a.date - START).days - 7 * first
        out[offset // 7].assignments.append(Assignment(a.staff, offset % 7, a.shift, a.site))
    return out


def solve_stage(scenario: Scenario, history: History, week: WeekData, params: SolveParams) -> Stage:
    instance, offsets = to_instance(scenario, history, [week])
    solution = solve(instance, params)
    if solution.objective is None:
        raise Infeasible(
            f"week {history.week}: no roster found ({solution.status.value}) in "
            f"{params.time_limit:g} s"
        )
    final = history.week + 1 >= scenario.weeks
    cost, hard = _scored(instance, solution, offsets, final)
    (week_solution,) = _week_solutions(solution, history.week, 1, scenario.name)
    stats = solution.stats
    return Stage(
        history.week,
        solution.status.value,
        cost,
        stats.seconds if stats else 0.0,
        week_solution,
        next_history(history, week_solution),
        None if solution.bound is None or not final else _ceil(-solution.bound),
        hard,
    )


def solve_multistage(
    scenario: Scenario, history: History, weeks: list[WeekData], params: SolveParams
) -> list[Stage]:
    """Week by week: each solved with `params` (its time limit is a week's), knowing only the
    history the previous weeks left."""
    stages = []
    for week in weeks:
        stage = solve_stage(scenario, history, week, params)
        stages.append(stage)
        history = stage.history
    return stages


@dataclass
class Static:
    status: str
    cost: int | None
    bound: int | None
    seconds: float
    solutions: list[WeekSolution]
    hard: list[str]


def solve_static(
    scenario: Scenario, history: History, weeks: list[WeekData], params: SolveParams
) -> Static:
    """All weeks at once, knowing every week's data: its bound is a lower bound on the cost of
    any roster, the week-by-week ones included."""
    instance, offsets = to_instance(scenario, history, weeks)
    solution = solve(instance, params)
    stats = solution.stats
    bound = None if solution.bound is None else _ceil(-solution.bound)
    if bound is not None:
        bound += offsets.total_assignments + offsets.working_weekends
    if solution.objective is None:
        return Static(solution.status.value, None, bound, stats.seconds if stats else 0, [], [])
    final = history.week + len(weeks) >= scenario.weeks
    cost, hard = _scored(instance, solution, offsets, final)
    return Static(
        solution.status.value,
        cost,
        bound,
        stats.seconds if stats else 0.0,
        _week_solutions(solution, history.week, len(weeks), scenario.name),
        hard,
    )


def _ceil(value: float) -> int:
    """A lower bound on an integer cost rounds up (tolerating float noise)."""
    nearest = round(value)
    return nearest if abs(value - nearest) < 1e-6 else math.ceil(value)
