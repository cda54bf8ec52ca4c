"""What-if studies on a Dask cluster (tracker issue 34): the same 50-scenario study on the
process pool and on a LocalCluster, and what 20 machines would do to 500 scenarios.

    python benchmarks/cluster_study.py [--workers 2] [--time-limit 20] [--draws 200]

The study: a generated week of 44 staff in 17 centres of Occitanie (22 sites), a GP at
1.0 FTE and an IPA nurse at 0.8 FTE tried at every site, and every site whose closure
leaves each person a site (`study`). It runs once on a process pool of `--workers`
processes and once on a LocalCluster of as many single-threaded worker processes, started
beforehand as a real cluster would be; each solve has one search worker and seed 0, and
every solve ends by a proof (optimal, or no rota), so the two rankings must agree.

Recorded (benchmarks/results_file.py: --results DIR, --no-results): each way's wall time,
its solve times, its overhead per task (the wall time the workers spent beyond the solves,
per task), whether the rankings agree (and how many rotas differ: two optimal rotas may),
and a SIMULATED figure: 500 tasks drawn
from the cluster's measured task times (solve plus overhead) put by list scheduling on
20 machines of 2 cores, one task per core, after the baseline's solve. It needs Dask:
`pip install 'maillage[cluster]'`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import results_file

from maillage.models.errors import InputError
from maillage.models.generator.generate import GenerateParams, generate
from maillage.models.instance import Instance, Role
from maillage.solver import SolveParams
from maillage.solver.apps.executors import cluster_executor, local_cluster, local_executor
from maillage.solver.apps.whatif import (
    CloseSite,
    Scenario,
    WhatIfResult,
    recruit_scenarios,
    whatif,
)

ROOT = Path(__file__).resolve().parents[1]
STAFF, CENTRES, DAYS, START, GENERATOR_SEED = 44, 17, 7, dt.date(2026, 3, 2), 1
MACHINES, CORES, TASKS = 20, 2, 500


def study_instance() -> Instance:
    """A week of 44 staff in 17 centres with their real permanences: 22 sites."""
    params = GenerateParams(staff=STAFF, sites=CENTRES, days=DAYS, start=START, seed=GENERATOR_SEED)
    return generate(params)


def closure_scenarios(instance: Instance) -> list[Scenario]:
    """One closure per site that can close (every person keeps a site)."""
    out = []
    for site in instance.sites:
        scenario = Scenario(name=f"close {site.id}", changes=[CloseSite(site=site.id)])
        try:
            scenario.apply(instance)
        except InputError:
            continue
        out.append(scenario)
    return out


def study(instance: Instance) -> list[Scenario]:
    """A GP (1.0 FTE) and an IPA nurse (0.8 FTE) at every site, then the closures."""
    return [
        *recruit_scenarios(instance, Role.doctor, 1.0),
        *recruit_scenarios(instance, Role.ipa, 0.8),
        *closure_scenarios(instance),
    ]


def same_ranking(a: WhatIfResult, b: WhatIfResult) -> bool:
    """The same scenarios in the same order, with the same status and objective."""
    return [(o.name, o.status, o.objective) for o in a.scenarios] == [
        (o.name, o.status, o.objective) for o in b.scenarios
    ]


def other_rotas(a: WhatIfResult, b: WhatIfResult) -> list[str]:
    """The scenarios whose rotas differ. Two optimal rotas of one scenario may: a stage
    cut by its share of the wall-clock limit (the first rota, the polish) may end at
    another point under another load, and the search go on from another rota."""
    pairs = zip(a.scenarios, b.scenarios, strict=True)
    return [x.name for x, y in pairs if x.solution.assignments != y.solution.assignments]


def overhead_per_task(result: WhatIfResult, wall: float, workers: int) -> float:
    """Worker time not spent solving, per task: (wall after the baseline x workers - the
    solves) / tasks. It holds the transfers, the scheduling and the idle tail."""
    solves = [o.seconds for o in result.scenarios]
    busy = (wall - result.baseline.seconds) * workers
    return max(0.0, (busy - sum(solves)) / len(solves))


def list_schedule(durations: Sequence[float], slots: int) -> float:
    """Makespan of the tasks in order, each to the slot free first (Graham's list scheduling,
    what a scheduler handing a task to each free worker does)."""
    free = [0.0] * slots
    for seconds in durations:
        k = min(range(slots), key=free.__getitem__)
        free[k] += seconds
    return max(free)


def simulate(
    task_seconds: Sequence[float], baseline: float, draws: int, seed: int = 0
) -> dict[str, Any]:
    """SIMULATED: 500 tasks drawn with replacement from the measured task times, list-
    scheduled on 20 x 2 slots after the baseline's solve; against one 2-core machine."""
    rng = random.Random(seed)
    spans = sorted(
        baseline + list_schedule(rng.choices(task_seconds, k=TASKS), MACHINES * CORES)
        for _ in range(draws)
    )
    one_machine = baseline + TASKS * statistics.fmean(task_seconds) / CORES
    return {
        "simulated_machines": MACHINES,
        "simulated_cores_each": CORES,
        "simulated_tasks": TASKS,
        "simulated_draws": draws,
        "simulated_median_s": round(statistics.median(spans), 1),
        "simulated_worst_s": round(spans[-1], 1),
        "simulated_one_machine_s": round(one_machine, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2, help="Processes / cluster workers.")
    parser.add_argument("--time-limit", type=float, default=20.0, help="Seconds per solve.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--draws", type=int, default=200, help="Simulated studies.")
    results_file.add_options(parser)
    args = parser.parse_args()
    instance = study_instance()
    scenarios = study(instance)
    params = SolveParams(time_limit=args.time_limit, workers=1, seed=args.seed)
    options = {"workers": args.workers, "seed": args.seed, "scenarios": len(scenarios)}
    record = results_file.Recorder(args, "cluster-study", args.time_limit, options)
    print(f"{len(scenarios)} scenarios on {len(instance.sites)} sites, {len(instance.staff)} staff")

    started = time.monotonic()
    pool = whatif(instance, scenarios, params, jobs=args.workers, executor=local_executor())
    pool_wall = time.monotonic() - started
    record.add(_row("process pool", pool, pool_wall, args.workers, 0.0))

    started = time.monotonic()
    cluster = local_cluster(args.workers)
    startup = time.monotonic() - started
    try:
        started = time.monotonic()
        dask = whatif(
            instance,
            scenarios,
            params,
            jobs=args.workers,
            executor=cluster_executor(cluster.scheduler_address),
        )
        dask_wall = time.monotonic() - started
    finally:
        cluster.close()
    record.add(_row("LocalCluster", dask, dask_wall, args.workers, startup))

    order = same_ranking(pool, dask)
    differ = other_rotas(pool, dask)
    overhead = overhead_per_task(dask, dask_wall, args.workers)
    tasks = [o.seconds + overhead for o in dask.scenarios]
    simulated = simulate(tasks, dask.baseline.seconds, args.draws, args.seed)
    summary = {
        "scenarios": len(scenarios),
        "same_ranking": order,
        "other_rotas": len(differ),
        "same_baseline_rota": pool.baseline.solution.assignments
        == dask.baseline.solution.assignments,
        "all_proven": all(
            o.status in ("optimal", "infeasible") for o in [*pool.scenarios, *dask.scenarios]
        ),
        "task_overhead_s": round(overhead, 3),
        **simulated,
    }
    # the per-task figures, kept out of the rows (benchmarks/history.py tabulates those)
    record.data["tasks"] = {
        way: {o.name: round(o.seconds, 3) for o in result.scenarios}
        for way, result in (("process pool", pool), ("LocalCluster", dask))
    }
    record.finish(summary)
    print(
        f"process pool {pool_wall:.1f} s, LocalCluster {dask_wall:.1f} s "
        f"(+{startup:.1f} s to start it); same ranking {order}, other rotas {len(differ)}\n"
        f"SIMULATED {TASKS} scenarios on {MACHINES} machines x {CORES} cores: median "
        f"{simulated['simulated_median_s']} s (worst of {args.draws}: "
        f"{simulated['simulated_worst_s']} s), against {simulated['simulated_one_machine_s']} "
        f"s on one 2-core machine ({os.cpu_count()} CPUs here)"
    )
    sys.exit(0 if order else 1)


def _row(
    way: str, result: WhatIfResult, wall: float, workers: int, startup: float
) -> dict[str, Any]:
    solves = [o.seconds for o in result.scenarios]
    return {
        "executor": way,
        "workers": workers,
        "wall_seconds": round(wall, 2),
        "startup_seconds": round(startup, 2),
        "baseline_seconds": round(result.baseline.seconds, 2),
        "solve_seconds_mean": round(statistics.fmean(solves), 3),
        "solve_seconds_max": round(max(solves), 3),
        "solve_seconds_total": round(sum(solves), 2),
        "overhead_per_task_seconds": round(overhead_per_task(result, wall, workers), 3),
        "optimal": sum(o.status == "optimal" for o in result.scenarios),
        "infeasible": sum(o.status == "infeasible" for o in result.scenarios),
        "first": result.scenarios[0].name,
    }


if __name__ == "__main__":
    main()
