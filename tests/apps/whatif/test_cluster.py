"""What-if studies on a Dask cluster (Dask's own LocalCluster, two single-threaded worker
processes on this machine): the same results as the process pool, and an interrupted study
leaves no task pending or running on the cluster."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dask
import distributed
import psutil
import pytest
from paths import INSTANCES, ROOT
from whatif_instances import multi_site

from maillage.models.instance import Role
from maillage.models.load import load_instance
from maillage.models.solution import Solution
from maillage.solver import SolveParams, check
from maillage.solver.apps.executors import (
    ADDRESS_VARIABLE,
    ClusterExecutor,
    cluster_executor,
    local_cluster,
)
from maillage.solver.apps.whatif import _task, recruit_scenarios, whatif

sys.path.append(str(ROOT / "benchmarks"))  # after the tests' own modules
import cluster_study

PARAMS = SolveParams(time_limit=30, workers=1, seed=0)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A cluster that outlives the studies run on it, as a real one does. LocalCluster
    closes a worker that has not come back `lost-worker-timeout` after leaving, counting
    from its first restart: a second restart then would lose it (`dask worker` has no such
    timer)."""
    with dask.config.set({"distributed.deploy.lost-worker-timeout": "1h"}):
        local = local_cluster(2)
        try:
            yield local
        finally:
            local.close()


@pytest.fixture
def watch(cluster: Any) -> Iterator[Any]:
    """A client of our own to look at the cluster: what the scheduler holds, what the
    workers' threads run."""
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
        yield client


def _scheduler_tasks(client: Any) -> int:
    return int(client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)))


def _executing(client: Any) -> dict[str, list[str]]:
    def keys(dask_worker: Any) -> list[str]:
        return [str(ts.key) for ts in dask_worker.state.executing]

    return dict(client.run(keys))


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _idle(client: Any) -> bool:
    """Nothing held by the scheduler, no worker thread running a task, both workers up."""
    workers = client.scheduler_info()["workers"]
    busy = _executing(client)
    return _scheduler_tasks(client) == 0 and len(workers) == 2 and not any(busy.values())


def test_cluster_results_are_the_process_pools(cluster: Any, watch: Any) -> None:
    instance = multi_site()
    scenarios = recruit_scenarios(instance, Role.doctor, 1.0)
    pool = whatif(instance, scenarios, PARAMS, jobs=2)
    dask = whatif(instance, scenarios, PARAMS, executor=cluster_executor(cluster.scheduler_address))
    assert [o.name for o in dask.scenarios] == [o.name for o in pool.scenarios]
    for a, b in zip(pool.scenarios, dask.scenarios, strict=True):
        assert type(b.solution) is Solution and b.status == "optimal"
        assert b.objective == a.objective
        assert b.solution.assignments == a.solution.assignments
        assert b.solution.objective == a.solution.objective
    assert _until(lambda: _idle(watch), 10)


@pytest.mark.slow
def test_study_of_about_50_scenarios_ranks_as_the_process_pool() -> None:
    """Every home site for a GP and an IPA nurse, and every closure: on a LocalCluster of two
    workers started by the study, the ranking of the process pool, every solve ended by a
    proof (so the same whatever the timing), every rota passing the checker. A recruit at a
    few small sites has no rota (proven infeasible): the ranking puts them last, in both.
    The rotas themselves may differ where a scenario has several optima (see
    `cluster_study.other_rotas`)."""
    instance = cluster_study.study_instance()
    scenarios = cluster_study.study(instance)
    assert 45 <= len(scenarios) <= 55
    assert any(s.name.startswith("close ") for s in scenarios)
    params = SolveParams(time_limit=20, workers=1, seed=0)
    pool = whatif(instance, scenarios, params, jobs=2)
    dask = whatif(instance, scenarios, params, jobs=2, executor=cluster_executor())
    assert cluster_study.same_ranking(pool, dask)
    by_name = {s.name: s for s in scenarios}
    solved = [o for o in [dask.baseline, *dask.scenarios] if o.status != "infeasible"]
    assert len(solved) >= 40
    for o in solved:
        assert o.status == "optimal", o.name
        modified = by_name[o.name].apply(instance) if o.name in by_name else instance
        report = check(modified, o.solution)
        assert report.ok, (o.name, report.mismatches, report.evaluation.hard)


@pytest.mark.slow
def test_stop_ends_a_running_solve_on_its_worker(cluster: Any, watch: Any) -> None:
    """Solves that would run two minutes are ended with their workers (restarted by their
    nannies): a running task cannot be cancelled, only its process ended."""
    instance = load_instance(INSTANCES / "grand-cahors-2025-03.json")
    params = SolveParams(time_limit=120, workers=1, seed=0)
    executor = ClusterExecutor(cluster.scheduler_address, 2)
    futures = [executor.submit(_task, instance, params, []) for _ in range(3)]
    assert _until(lambda: any(_executing(watch).values()), 60), "no task started"
    stopped = time.monotonic()
    for future in futures:
        future.cancel()
    executor.shutdown(wait=True, cancel_futures=True)
    assert time.monotonic() - stopped < 45
    assert all(f.cancelled() for f in futures)
    assert _until(lambda: _idle(watch), 15), (_scheduler_tasks(watch), _executing(watch))


@pytest.mark.slow
def test_sigint_stops_a_cluster_study_and_its_tasks(
    cluster: Any, watch: Any, tmp_path: Path
) -> None:
    """`maillage whatif --executor cluster` interrupted once the cluster runs its tasks:
    exit 130 with the message, nothing written, nothing left pending or running."""
    path, out = tmp_path / "study.json", tmp_path / "whatif.json"
    path.write_text(cluster_study.study_instance().model_dump_json(by_alias=True))
    proc = subprocess.Popen(
        [sys.executable, "-m", "maillage.cli.main", "whatif", str(path),
         "--recruit", "doctor:1.0", "--recruit", "ipa:0.8", "--executor", "cluster",
         "--scheduler", cluster.scheduler_address, "--time-limit", "20", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        started = _until(lambda: any(_executing(watch).values()), 120)
        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert started, err
    assert time.monotonic() - signalled < 30, err
    assert proc.returncode == 130, err
    assert "its tasks on the cluster were stopped; nothing written" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert _until(lambda: _idle(watch), 10), (_scheduler_tasks(watch), _executing(watch))


def test_simulated_cluster_schedules_each_task_on_the_first_free_core() -> None:
    assert cluster_study.list_schedule([3.0, 1.0, 1.0, 1.0], 2) == 3.0
    assert cluster_study.list_schedule([1.0, 1.0, 1.0, 3.0], 2) == 4.0  # 1+3 beside 1+1
    # 500 tasks of 2 s on 40 cores: 13 rounds (12.5 rounded up), after a 1 s baseline
    simulated = cluster_study.simulate([2.0], baseline=1.0, draws=3)
    assert simulated["simulated_median_s"] == simulated["simulated_worst_s"] == 27.0
    assert simulated["simulated_one_machine_s"] == 1.0 + 500 * 2.0 / 2


@pytest.mark.slow
def test_sigint_closes_the_local_cluster_a_study_started(tmp_path: Path) -> None:
    """Without a scheduler, the study's own LocalCluster: interrupted while its workers
    solve, it exits 130 and leaves none of its processes behind."""
    path, out = tmp_path / "study.json", tmp_path / "whatif.json"
    path.write_text(cluster_study.study_instance().model_dump_json(by_alias=True))
    env = {k: v for k, v in os.environ.items() if k != ADDRESS_VARIABLE}
    proc = subprocess.Popen(
        [sys.executable, "-m", "maillage.cli.main", "whatif", str(path),
         "--recruit", "doctor:1.0", "--recruit", "ipa:0.8", "--executor", "cluster",
         "--jobs", "2", "--time-limit", "20", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        parent = psutil.Process(proc.pid)

        # the nannies run in the study's process; each starts its worker's process
        def workers() -> int:
            lines = [" ".join(c.cmdline()) for c in parent.children(recursive=True)]
            return sum("spawn_main" in line for line in lines)

        started = _until(lambda: workers() >= 2, 120)
        time.sleep(3)  # the workers past their imports, into the first solves
        children = parent.children(recursive=True)
        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert started, err
    assert time.monotonic() - signalled < 30, err
    assert proc.returncode == 130, err
    assert "its tasks on the cluster were stopped; nothing written" in err
    assert "Traceback" not in err and not out.exists()
    left = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert _until(lambda: not any(c.is_running() for c in left), 10), left
