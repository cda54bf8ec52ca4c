"""Quality-and-speed run of one instance over several seeds: the figures in benchmarks/README.md.

    python benchmarks/solve_times.py instances/millas-2025-03.json --seeds 5 --workers 2

Prints a Markdown table: seed, status, seconds, first feasible, objective, bound, gap, and
whether `check` agrees; then the machine and peak memory. The rows also go to a results file
(benchmarks/results_file.py: --results DIR, --no-results).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics

import results_file

from maillage.models import load_instance
from maillage.solver import SolveParams, check, solve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("instance")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60)
    results_file.add_options(parser)
    args = parser.parse_args()
    instance = load_instance(args.instance)
    options = {"instance": args.instance, "seeds": args.seeds, "workers": args.workers}
    record = results_file.Recorder(args, f"solve_times-{instance.name}", args.time_limit, options)
    print("| seed | status | seconds | first feasible (s) | objective | bound | gap | check |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    seconds = []
    for seed in range(args.seeds):
        params = SolveParams(time_limit=args.time_limit, workers=args.workers, seed=seed)
        sol = solve(instance, params)
        assert sol.stats is not None
        ok = "ok" if check(instance, sol).ok else "FAILED"
        total = sol.objective.total if sol.objective else float("nan")
        first = sol.stats.first_feasible_seconds or float("nan")
        seconds.append(sol.stats.seconds)
        print(
            f"| {seed} | {sol.status.value} | {sol.stats.seconds:.2f} | {first:.2f} | "
            f"{total:.3f} | {sol.bound} | {100 * (sol.gap or 0):.2f}% | {ok} |"
        )
        record.add(
            {
                "seed": seed,
                "status": sol.status.value,
                "proven": sol.status.value == "optimal",
                "seconds": round(sol.stats.seconds, 2),
                "first_feasible_seconds": sol.stats.first_feasible_seconds,
                "objective": sol.objective.total if sol.objective else None,
                "bound": sol.bound,
                "gap_percent": None if sol.gap is None else round(100 * sol.gap, 3),
                "check": ok,
            }
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{instance.name}: {sol.stats.variables} variables, {sol.stats.constraints} constraints; "
        f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s; "
        f"peak memory {peak:.0f} MiB; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    record.finish(
        {
            "variables": sol.stats.variables,
            "constraints": sol.stats.constraints,
            "median_seconds": round(statistics.median(seconds), 2),
            "max_seconds": round(max(seconds), 2),
            "peak_mib": round(peak),
        }
    )


if __name__ == "__main__":
    main()
