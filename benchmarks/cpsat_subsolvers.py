#!/usr/bin/env python3
"""Compare CP-SAT's full-problem subsolver on the compiled models of NRP instances.

With two workers CP-SAT runs one full-problem subsolver and interleaves its LNS moves on the
other thread, so which subsolver holds that one slot decides a lot. Each run solves the
engine's compiled model (the engine's parameters, only the full-problem subsolver changed)
and reports the penalty reached, the bound and when the best-known value was first reached.

    python benchmarks/cpsat_subsolvers.py 5 7 9 --full max_lp pseudo_costs --seeds 0 1 2
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from ortools.sat.python import cp_model

from maillage.solver.apps.nrp.format import load
from maillage.solver.backends.cpsat import _solver, compile_model
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.params import SolveParams
from maillage.solver.solve import build_model

HERE = Path(__file__).resolve().parent


class _Trace(cp_model.CpSolverSolutionCallback):
    def __init__(self, target: int) -> None:
        super().__init__()
        self.started = time.monotonic()
        self.target = target
        self.reached: float | None = None

    def on_solution_callback(self) -> None:
        if self.reached is None and round(self.objective_value / OBJ_SCALE) <= self.target:
            self.reached = time.monotonic() - self.started


class Rejected(Exception):
    """CP-SAT refused the parameters: the subsolver's name is not one it knows."""


def run(number: int, full: str, seed: int, seconds: float, best: int) -> str:
    nrp = load(HERE / "nrp" / "data" / f"Instance{number}.txt")
    model = compile_model(build_model(nrp.to_instance()).lm)
    solver = _solver(SolveParams(seed=seed), seconds, 2, full)
    trace = _Trace(best)
    status = solver.solve(model, trace)
    if status == cp_model.MODEL_INVALID:  # the engine's model is valid: the name is not
        raise Rejected(f"--full {full}: CP-SAT rejects it ({solver.solution_info()})")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return f"| {number} | {full} | {seed} | - | - | - |"
    penalty = round(solver.objective_value / OBJ_SCALE)
    bound = -(-round(solver.best_objective_bound) // OBJ_SCALE)
    reached = "-" if trace.reached is None else f"{trace.reached:.1f}"
    return f"| {number} | {full} | {seed} | {penalty} | {bound} | {reached} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="+", type=int, choices=range(1, 25), metavar="N")
    parser.add_argument("--full", nargs="+", default=["max_lp", "pseudo_costs"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--time-limit", type=float, default=45.0)
    args = parser.parse_args()
    with (HERE / "nrp" / "best_known.csv").open() as handle:
        best = {int(r["instance"]): int(r["best_known"]) for r in csv.DictReader(handle)}
    print("| inst | full-problem subsolver | seed | penalty | bound | best known at s |")
    print("|---:|---|---:|---:|---:|---:|")
    try:
        for full in args.full:
            for number in args.instances:
                for seed in args.seeds:
                    print(run(number, full, seed, args.time_limit, best[number]), flush=True)
    except Rejected as error:
        parser.error(str(error))  # exit code 2


if __name__ == "__main__":
    main()
