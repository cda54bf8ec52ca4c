"""The linear relaxation of a model, solved by GLOP (OR-Tools' LP solver).

Why: the neighbourhood search can reach its moves' local optimum a few units above the best
value while the LP optimum is close below it, with most of its decisions integral, and the
decisions where the rota and the LP disagree are where a better rota differs (RINS, Danna,
Rothberg and Le Pape 2005; docs/decisions/2026-12-02-lp-and-fix-start.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.linear_solver import pywraplp

from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.search.neighbourhood import ModelIndex

# Above this many variables GLOP does not finish in the time it may take: its time grows
# much faster than the model (docs/decisions/2026-12-02-lp-size-cap.md).
MAX_VARIABLES = 20_000
TOLERANCE = 1e-6


@dataclass
class Relaxation:
    """The LP optimum of the model's decisions: `values[k]` of `decisions[k]`."""

    decisions: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]
    objective: float  # in the model's own units (penalty, not scaled)

    def disagreeing(self, rota: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The decisions whose value in `rota` differs from the LP's."""
        off = np.abs(rota[self.decisions] - self.values) > TOLERANCE
        found: npt.NDArray[np.int64] = self.decisions[off]
        return found


def solve_lp(index: ModelIndex, time_limit: float) -> Relaxation | None:
    """The LP optimum, or None when the model is too large, the time too short, or the LP
    has no optimum (constraints with an enforcement literal are left out: still a
    relaxation)."""
    lm = index.lm
    if lm.num_vars > MAX_VARIABLES or not lm.decisions or time_limit <= 0:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    inf = solver.infinity()
    xs = [solver.NumVar(lo, hi, "") for lo, hi in zip(lm.lower, lm.upper, strict=True)]
    for con in lm.constraints:
        if con.enforce is not None:
            continue
        row = solver.RowConstraint(
            -inf if con.lo is None else con.lo, inf if con.hi is None else con.hi, ""
        )
        for coef, var in zip(con.coefs, con.vars, strict=True):
            row.SetCoefficient(xs[var], coef)
    objective = solver.Objective()
    for var in np.flatnonzero(index.objective).tolist():  # each variable's cost, terms merged
        objective.SetCoefficient(xs[var], int(index.objective[var]) / OBJ_SCALE)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    decisions = np.asarray(lm.decisions, dtype=np.int64)
    values = np.asarray([xs[v].solution_value() for v in lm.decisions], dtype=np.float64)
    return Relaxation(decisions, values, objective.Value())
