"""The nurse-rostering benchmark (Curtois-Qu) through the engine: import, solve, re-score.

The roster is solved as an ordinary instance (`maillage.solver.apps.nrp.format.to_instance`),
then its benchmark penalty is recomputed by the independent checker from the assignments alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from maillage.models.facts import Facts
from maillage.models.solution import Solution
from maillage.solver.apps.nrp.format import NrpInstance
from maillage.solver.check.checker import evaluate
from maillage.solver.params import SolveParams
from maillage.solver.solve import solve


class NrpAssignment(BaseModel):
    model_config = ConfigDict(frozen=True)

    employee: str
    day: int
    shift: str


class NrpResult(BaseModel):
    """The roster in the benchmark's terms; `penalty` is recomputed by the checker."""

    model_config = ConfigDict(extra="forbid")

    instance: str
    penalty: int | None
    status: Literal["optimal", "feasible", "infeasible", "unknown"]
    bound: int | None
    backend: str
    seconds: float
    first_feasible_seconds: float | None = None
    best_seconds: float | None = None
    violations: list[str] = []
    assignments: list[NrpAssignment] = []


@dataclass
class Scored:
    penalty: int
    hard: list[str] = field(default_factory=list)


def score(nrp: NrpInstance, solution: Solution) -> Scored:
    """The benchmark objective (S1 + S2 + S3) and any hard-rule breach, by the checker."""
    instance = nrp.to_instance()
    ev = evaluate(instance, solution.assignments, Facts(instance), gains=False)
    penalty = -sum(ev.terms.values())
    return Scored(round(penalty), [f"{v.rule}: {v.message}" for v in ev.hard])


def solve_nrp(nrp: NrpInstance, params: SolveParams | None = None) -> NrpResult:
    solution = solve(nrp.to_instance(), params or SolveParams())
    scored = score(nrp, solution) if solution.objective is not None else None
    assignments = [
        NrpAssignment(employee=a.staff, day=nrp.day(a.date), shift=a.shift)
        for a in solution.assignments
    ]
    assignments.sort(key=lambda a: (a.employee, a.day))
    status = solution.status.value
    stats = solution.stats
    return NrpResult(
        instance=nrp.name,
        penalty=None if scored is None else scored.penalty,
        status=status if status in ("optimal", "feasible", "infeasible") else "unknown",
        bound=None if solution.bound is None else _ceil(-solution.bound),
        backend=stats.backend if stats else (params or SolveParams()).backend,
        seconds=stats.seconds if stats else 0.0,
        first_feasible_seconds=stats.first_feasible_seconds if stats else None,
        best_seconds=stats.best_seconds if stats else None,
        violations=[] if scored is None else scored.hard,
        assignments=assignments,
    )


def _ceil(value: float) -> int:
    """A lower bound on an integer penalty rounds up (tolerating float noise)."""
    nearest = round(value)
    return nearest if abs(value - nearest) < 1e-6 else int(-(-value // 1))
