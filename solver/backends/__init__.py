"""Backends compile the backend-neutral LinearModel and solve it.

Each is a module with `solve(lm, params, time_limit, printer, *, soft_time_limit=None) ->
BackendResult`, imported only when asked for by name: `cpsat` (OR-Tools CP-SAT, the default)
and `mip` (PuLP with CBC, or HiGHS when a `highs` executable is on PATH). Statuses are those
of `BackendStatus`. Past `soft_time_limit` seconds a backend stops as soon as it has a
solution, and `time_limit` only bounds the search for a first one (CP-SAT; the MIP backend
stops at it, solution or not): the neighbourhood search gives each person's first rota its
share of the time this way, with no restart when it takes longer. Setting `stop` (from
another thread) ends a CP-SAT search as a time limit would; the MIP backend checks it only
before it starts.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol, get_args

from maillage.solver.backends.common import BackendResult, BackendStatus
from maillage.solver.params import BackendName, SolveParams

if TYPE_CHECKING:
    from maillage.solver.model.linear import LinearModel
    from maillage.solver.progress import ProgressPrinter

BACKENDS: tuple[str, ...] = get_args(BackendName)


class Backend(Protocol):
    def solve(
        self,
        lm: LinearModel,
        params: SolveParams,
        time_limit: float,
        printer: ProgressPrinter,
        *,
        soft_time_limit: float | None = None,
        stop: threading.Event | None = None,
    ) -> BackendResult: ...


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
