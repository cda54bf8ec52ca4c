"""Where a study's solves run: this machine's process pool (`local`, the default) or a Dask
distributed cluster (`cluster`, the optional extra `pip install 'maillage[cluster]'`).

Both are `concurrent.futures` executors made by a factory of the pool size, which is what
`whatif(..., executor=...)` takes:

    from maillage.solver.apps.executors import cluster_executor
    whatif(instance, scenarios, params, executor=cluster_executor("tcp://host:8786"))

Dask is imported only when a cluster is asked for, so that maillage works without it.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, Literal

from maillage.models.errors import InputError, Issue

ExecutorName = Literal["local", "cluster"]
EXECUTORS: tuple[ExecutorName, ...] = ("local", "cluster")
ADDRESS_VARIABLE = "DASK_SCHEDULER_ADDRESS"
INSTALL = "pip install 'maillage[cluster]'"
CONNECT_SECONDS = 20.0
RESTART_SECONDS = 30.0

ExecutorFactory = Callable[[int], cf.Executor]


def _fail(option: str, message: str) -> InputError:
    return InputError([Issue(option, message)], "command line")


def _dask(module: str) -> Any:
    """A module of Dask, imported on first use (the optional extra), and untyped here."""
    return importlib.import_module(module)


def require_dask() -> None:
    """InputError naming --executor, with the install command, when the extra is missing."""
    try:
        _dask("dask")
        _dask("distributed")
    except ImportError:
        raise _fail(
            "--executor",
            f"'cluster' needs Dask distributed, which is not installed: {INSTALL}",
        ) from None


def scheduler_address(address: str | None = None) -> str | None:
    """The address given, else $DASK_SCHEDULER_ADDRESS (or Dask's own `scheduler-address`
    setting, which that variable feeds), else None: a cluster of our own on this machine."""
    if address:
        return address
    if os.environ.get(ADDRESS_VARIABLE):
        return os.environ[ADDRESS_VARIABLE]
    configured = _dask("dask.config").get("scheduler-address", None)
    return str(configured) if configured else None


def local_executor() -> ExecutorFactory:
    """The process pool: one process per job on this machine."""
    return lambda jobs: cf.ProcessPoolExecutor(max_workers=jobs)


def cluster_executor(
    address: str | None = None, timeout: float = CONNECT_SECONDS
) -> ExecutorFactory:
    """A Dask cluster: the scheduler at `address` (default: `scheduler_address()`), or, with
    none, a LocalCluster of one single-threaded worker process per job, closed at the end.
    Fails at once (InputError) without Dask or when the scheduler cannot be reached, so
    before any solve."""
    require_dask()
    resolved = scheduler_address(address)
    if resolved is not None:
        _connect(resolved, timeout).close()
    return lambda jobs: ClusterExecutor(resolved, jobs, timeout)


def executor_factory(name: ExecutorName, address: str | None = None) -> ExecutorFactory:
    """The factory for `--executor NAME` (and `--scheduler ADDRESS` with `cluster`)."""
    if name == "local":
        if address:
            raise _fail("--scheduler", "goes with --executor cluster")
        return local_executor()
    if name == "cluster":
        return cluster_executor(address)
    raise _fail("--executor", f"unknown executor {name!r} (one of {', '.join(EXECUTORS)})")


def local_cluster(workers: int) -> Any:
    """Dask's LocalCluster on this machine: `workers` processes of one thread, each under
    a nanny (which can restart it), quiet, without the dashboard; its HTTP routes on a
    free port rather than a warning when 8787 is taken."""
    return _dask("distributed").LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": ":0"},
        silence_logs=logging.ERROR,
    )


def _connect(address: str, timeout: float) -> Any:
    """A Client of the scheduler; InputError naming --scheduler when it cannot be reached.
    A plain TCP probe first: a Client that fails to connect complains again when collected,
    a traceback at exit."""
    comm = _dask("distributed.comm.addressing")

    def unreachable(why: object) -> InputError:
        return _fail("--scheduler", f"cannot reach the Dask scheduler at {address!r}: {why}")

    try:
        protocol, location = comm.parse_address(address)
        if protocol == "tcp":
            host, port = comm.parse_host_port(location)
            socket.create_connection((host, port), timeout=timeout).close()
        return _dask("distributed").Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise unreachable(error) from None


def _executing(dask_worker: Any) -> list[str]:
    """Run on each worker: the keys its threads are running now, cancelled ones included
    (a cancelled task's thread goes on until its function returns)."""
    return [str(ts.key) for ts in dask_worker.state.executing]


class ClusterExecutor(cf.Executor):
    """Tasks on a Dask cluster as `concurrent.futures` futures. Submitted tasks are not pure
    (two equal scenarios are still two solves), and `shutdown(cancel_futures=True)` stops
    them on the cluster: unfinished ones are cancelled, and the workers still running one
    are restarted by their nanny, since a running Python function cannot be cancelled and
    a solve would otherwise hold its worker for its whole time limit."""

    def __init__(self, address: str | None, workers: int, timeout: float = CONNECT_SECONDS) -> None:
        self.cluster: Any = None
        if address is None:
            self.cluster = local_cluster(workers)
            address = self.cluster.scheduler_address
        try:
            self.client: Any = _connect(address, timeout)
        except InputError:
            if self.cluster is not None:
                self.cluster.close()
            raise
        self._lock = threading.Lock()
        self._submitted: list[Any] = []
        self._to_stop: list[Any] = []
        self._closed = False

    @property
    def address(self) -> str:
        return str(self.client.scheduler.address)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot submit after shutdown")
            task = self.client.submit(fn, *args, pure=False, **kwargs)
            self._submitted.append(task)
        out: cf.Future[Any] = cf.Future()

        def settle(done: Any) -> None:
            try:
                if done.status == "finished":
                    out.set_result(done.result())
                elif done.status == "cancelled":
                    if out.cancel():
                        out.set_running_or_notify_cancel()
                else:  # an error, or lost with the scheduler
                    try:
                        error = done.exception()
                    except BaseException as raised:
                        error = raised
                    out.set_exception(error or RuntimeError(f"task ended {done.status}"))
            except cf.InvalidStateError:  # cancelled here first
                pass

        def cancelled(result: cf.Future[Any]) -> None:
            # stopped at shutdown, all together: a restart per future would be slow
            if result.cancelled():
                with self._lock:
                    self._to_stop.append(task)

        task.add_done_callback(settle)
        out.add_done_callback(cancelled)
        return out

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Wait for the tasks (unless `wait` is off), or with `cancel_futures` stop every one
        not finished; the tasks of futures cancelled before are stopped either way. Then
        disconnect, and close the LocalCluster if it is ours."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            unfinished = [t for t in self._submitted if not t.done()]
            to_stop = unfinished if cancel_futures else list(self._to_stop)
        try:
            if to_stop:
                self.stop(to_stop)
            running = [t for t in self._submitted if not t.done() and t not in to_stop]
            if wait and running and not cancel_futures:
                _dask("distributed").wait(running)
        finally:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()

    def stop(self, tasks: list[Any]) -> None:
        """Cancel the tasks, then restart the workers still running one of them (on our own
        LocalCluster, closing it ends them sooner)."""
        self.client.cancel(tasks, force=True)
        if self.cluster is not None:
            return
        keys = {str(t.key) for t in tasks}
        # the cancel goes without an answer: once the scheduler has dropped the keys, none
        # can be handed to another worker when the busy ones are restarted
        deadline = time.monotonic() + CONNECT_SECONDS
        while time.monotonic() < deadline:
            processing = self.client.processing()
            if not keys & {str(k) for held in processing.values() for k in held}:
                break
            time.sleep(0.05)
        running = self.client.run(_executing, on_error="ignore")
        busy = [worker for worker, held in running.items() if keys & set(held)]
        if busy:
            self.client.restart_workers(busy, timeout=RESTART_SECONDS, raise_for_error=False)
