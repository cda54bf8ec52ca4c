"""The entry point: `solve(instance, params) -> Solution`.

    split into independent parts -> prepare -> search (the pipeline of stages, then decode)

An instance of several independent parts goes through `maillage.solver.parts.solve`, which
prepares and searches part by part and merges the solutions.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Assignment, Solution
from maillage.solver.budget import Budget, Stop
from maillage.solver.decode import assignments_of
from maillage.solver.params import SolveParams
from maillage.solver.parts.solve import solve_parts
from maillage.solver.parts.split import split
from maillage.solver.prepare import build_model, prepare
from maillage.solver.progress import ProgressPrinter
from maillage.solver.search import network
from maillage.solver.search.run import search


def solve(
    instance: Instance,
    params: SolveParams | None = None,
    hint: Sequence[Assignment] = (),
    printer: ProgressPrinter | None = None,
) -> Solution:
    """Solve an instance; `hint` (a rota, e.g. a baseline's) warm-starts the search: every
    decision is hinted 1 when the rota has that (staff, date, shift, place), else 0.

    `printer` receives the progress (default: lines on stderr when `params.progress`); a
    service passes its own to turn progress into events, and gets the rota as it improves
    through its `on_rota` hook (see `ProgressPrinter`).

    Ctrl-C or SIGTERM stops the search: the rota found so far is returned, marked
    interrupted. An instance made of independent parts (centres far apart) is solved part
    by part and merged, unless `params.split_parts` is off; a large one
    (`stages.network.min_staff`) is searched by groups of centres instead."""
    params = params or SolveParams()
    started = time.monotonic()  # the split counts in the time limit too
    printer = ProgressPrinter(params.progress) if printer is None else printer
    with Stop().on_signals() as stop:
        budget = Budget(started + params.time_limit, stop, printer, started=started)
        facts = Facts(instance)
        # a large network is split finer, into groups of centres, by the search itself
        by_parts = params.split_parts and not network.wanted(len(instance.staff), params)
        parts = split(instance, facts) if by_parts else [instance]
        if len(parts) > 1:
            return solve_parts(instance, parts, params, hint, budget)
        model = prepare(instance, params, hint, facts, started=started)
        # one part: the search's values are this model's, which it can decode
        printer.decoding(lambda values: assignments_of(model, values))
        return search(model, params, budget)


__all__ = ["build_model", "solve"]
