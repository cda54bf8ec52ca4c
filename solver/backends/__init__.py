"""Backends compile the backend-neutral LinearModel and solve it.

Each is a module with `solve(lm, params, budget) -> BackendResult`, imported only when asked
for by name: `cpsat` (OR-Tools CP-SAT, the default) and `mip` (PuLP with CBC, or HiGHS when a
`highs` executable is on PATH). Statuses are those of `BackendStatus`. A backend searches
until the budget's deadline or its stop (CP-SAT stops at once; the MIP backend asks its
solver process to stop and reads its best solution). With the budget's `soft_seconds`, a
backend stops as soon as it has a solution past that many seconds, the deadline bounding
only the search for a first one (the MIP backend stops at it, solution or not): the
neighbourhood search gives each person's first rota its share of the time this way, with no
restart when it takes longer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, get_args

from maillage.solver.backends.common import BackendResult, BackendStatus
from maillage.solver.params import BackendName, SolveParams

if TYPE_CHECKING:
    from maillage.solver.budget import Budget
    from maillage.solver.model.linear import LinearModel

BACKENDS: tuple[str, ...] = get_args(BackendName)


class Backend(Protocol):
    def solve(self, lm: LinearModel, params: SolveParams, budget: Budget) -> BackendResult: ...


def get_backend(name: str) -> Backend:
    """The backend module of that name, imported on first use."""
    if name == "cpsat":
        from maillage.solver.backends import cpsat

        return cpsat
    if name == "mip":
        from maillage.solver.backends import mip

        return mip
    raise ValueError(f"unknown backend {name!r} (one of {', '.join(BACKENDS)})")


__all__ = ["BACKENDS", "Backend", "BackendName", "BackendResult", "BackendStatus", "get_backend"]
