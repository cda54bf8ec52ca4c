"""One job in its own process: `python -m maillage.solver.service.jobs.worker DB_URL JOB_ID
SEARCH_WORKERS`, started by the pool. It writes its progress events, its rota and its end
to the database itself, so that nothing it found depends on the server staying up.

Stopping is the solver's own: SIGINT makes the search's `Stop` end it with the best rota
(`maillage.solver.budget`). The server sends SIGINT for a stop request; a worker whose
server died (its parent changed) sends it to itself, saves its rota and ends `interrupted`.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from maillage.models.errors import InputError
from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Assignment, Solution
from maillage.solver.budget import Budget, Stop
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.params import SolveParams
from maillage.solver.progress import ProgressPrinter
from maillage.solver.service.storage import connect, store
from maillage.solver.service.storage.database import sessions, transaction
from maillage.solver.service.storage.tables import Job, JobEvent, Lock, Month, Rota, now

BOUND_SECONDS = 1.0  # at most one bound event a second: CP-SAT reports many


class Events:
    """Events written by a thread of their own: the solver's callbacks must not wait for
    the database."""

    def __init__(self, maker: sessionmaker[Session], job_id: str) -> None:
        self.maker = maker
        self.job_id = job_id
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._write, name="events", daemon=True)
        self._thread.start()

    def emit(self, kind: str, data: dict[str, Any]) -> None:
        self._queue.put((kind, data))

    def _write(self) -> None:
        while True:
            batch = [self._queue.get()]
            time.sleep(0.1)  # gather what comes with it
            while not self._queue.empty():
                batch.append(self._queue.get())
            items = [b for b in batch if b is not None]
            if items:
                with transaction(self.maker) as s:
                    for kind, data in items:
                        s.add(
                            JobEvent(job_id=self.job_id, kind=kind, data=json.dumps(data), at=now())
                        )
            if None in batch:
                return

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(30)


class EventPrinter(ProgressPrinter):
    """The solver's progress printer, silent, each better rota and bound also an event."""

    def __init__(self, events: Events) -> None:
        super().__init__(False)
        self.events = events
        self._bound_at = 0.0

    def start(self, name: str, variables: int, constraints: int, *, penalty: bool = False) -> None:
        super().start(name, variables, constraints, penalty=penalty)
        self.events.emit("model", {"variables": variables, "constraints": constraints})

    def solution(self, seconds: float, minimised: float, minimised_bound: float | None) -> None:
        before = self._best
        super().solution(seconds, minimised, minimised_bound)
        if self._best is not None and self._best != before:
            objective = -self._best / OBJ_SCALE
            bound = None if self._best_bound is None else -self._best_bound / OBJ_SCALE
            gap = None
            if bound is not None:
                gap = max(0.0, bound - objective) / max(1.0, abs(bound))
            self.events.emit(
                "solution",
                {
                    "elapsed": round(self._elapsed(seconds), 3),
                    "objective": objective,
                    "bound": bound,
                    "gap": gap,
                },
            )

    def bound(self, seconds: float, minimised_bound: float) -> None:
        before = self._best_bound
        super().bound(seconds, minimised_bound)
        now_ = time.monotonic()
        if self._best_bound != before and now_ - self._bound_at >= BOUND_SECONDS:
            self._bound_at = now_
            assert self._best_bound is not None
            elapsed = round(self._elapsed(seconds), 3)
            self.events.emit("bound", {"elapsed": elapsed, "bound": -self._best_bound / OBJ_SCALE})

    def note(self, text: str) -> None:
        self.events.emit("note", {"text": text})


def solve_with(
    instance: Instance,
    params: SolveParams,
    printer: ProgressPrinter,
    hint: Sequence[Assignment] = (),
    stopped_before: threading.Event | None = None,
) -> Solution:
    """`maillage.solver.solve` with a printer of our own (it makes its own, printing to
    stderr): the same steps, split, prepare and search, within one budget and stop."""
    from maillage.solver.parts.solve import solve_parts
    from maillage.solver.parts.split import split
    from maillage.solver.prepare import prepare
    from maillage.solver.search.run import search

    started = time.monotonic()
    with Stop().on_signals() as stop:
        if stopped_before is not None and stopped_before.is_set():
            os.kill(os.getpid(), signal.SIGINT)  # a stop that came before: through the handler
        budget = Budget(started + params.time_limit, stop, printer, started=started)
        facts = Facts(instance)
        parts = split(instance, facts) if params.split_parts else [instance]
        if len(parts) > 1:
            return solve_parts(instance, parts, params, hint, budget)
        model = prepare(instance, params, hint, facts, started=started)
        return search(model, params, budget)


class Worker:
    def __init__(self, db_url: str, job_id: str, search_workers: int) -> None:
        self.maker = sessions(connect(db_url))
        self.job_id = job_id
        self.search_workers = search_workers
        self.signalled = threading.Event()
        self.orphaned = threading.Event()
        self.parent = os.getppid()
        self.events = Events(self.maker, job_id)

    # -- signals and the parent ------------------------------------------------------------
    def _on_signal(self, signum: int, frame: Any) -> None:
        self.signalled.set()

    def _watch_parent(self) -> None:
        """The server gone (kill -9): stop as a stop request would, end `interrupted`."""
        while os.getppid() == self.parent:
            time.sleep(0.5)
        self.orphaned.set()
        os.kill(os.getpid(), signal.SIGINT)

    def run(self) -> int:
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        threading.Thread(target=self._watch_parent, name="parent", daemon=True).start()
        with transaction(self.maker) as s:
            job = s.get(Job, self.job_id)
            assert job is not None
            job.worker_pid = os.getpid()
            kind, request = job.kind, json.loads(job.request)
            month_id, rota_id = job.month_id, job.rota_id
        self.events.emit("started", {"pid": os.getpid()})
        try:
            status, data, result = getattr(self, f"_{kind}")(request, month_id, rota_id)
            end = self._ending(status)
            store.finish(self.maker, self.job_id, end, event=data, result=result)
        except InputError as error:
            message = "; ".join(str(i) for i in error.issues)
            store.finish(self.maker, self.job_id, "failed", event={"error": message}, error=message)
        except Exception as error:
            message = f"{type(error).__name__}: {error}"
            traceback.print_exc()
            store.finish(self.maker, self.job_id, "failed", event={"error": message}, error=message)
        finally:
            self.events.close()
        return 0

    def _ending(self, done: str) -> str:
        if self.orphaned.is_set():
            return "interrupted"
        if self.signalled.is_set() or done == "stopped":
            with self.maker() as s:
                job = s.get(Job, self.job_id)
                asked = job is not None and job.stop_requested
            return "stopped" if asked else "interrupted"
        return done

    # -- the kinds of job ----------------------------------------------------------------------
    def _params(self, request: dict[str, Any]) -> SolveParams:
        return SolveParams(
            time_limit=request["time_limit"],
            workers=request.get("workers") or self.search_workers,
            seed=request.get("seed", 0),
            relax=request.get("relax", False),
            progress=False,
        )

    def _load(self, month_id: int, rota_id: int | None) -> tuple[Month, Rota | None, Instance]:
        with self.maker() as s:
            month = s.get(Month, month_id)
            assert month is not None
            rota = None if rota_id is None else s.get(Rota, rota_id)
            instance = store.instance_of(month) if rota is None else store.rota_instance(s, rota)
            return month, rota, instance

    def _save(
        self,
        month_id: int,
        solution: Solution,
        origin: str,
        parent: Rota | None = None,
        instance: Instance | None = None,
        locks: list[Lock] | None = None,
    ) -> tuple[str, dict[str, Any], None]:
        status = solution.status.value
        data: dict[str, Any] = {"status": status, "interrupted": solution.interrupted}
        if solution.objective is not None:
            rota = store.add_rota(
                self.maker,
                month_id,
                solution,
                origin,
                parent_id=None if parent is None else parent.id,
                job_id=self.job_id,
                instance=instance,
                locks=locks,
            )
            store.set_best(self.maker, self.job_id, rota)
            data["rota"] = rota.id
        else:
            data["conflicts"] = [c.message for c in solution.conflicts][:20]
        return ("stopped" if solution.interrupted else "done"), data, None

    def _solve(
        self, request: dict[str, Any], month_id: int, rota_id: int | None
    ) -> tuple[str, dict[str, Any], str | None]:
        _, _, instance = self._load(month_id, None)
        hint: list[Assignment] = []
        if request.get("hint_rota") is not None:
            with self.maker() as s:
                row = s.get(Rota, request["hint_rota"])
                hint = [] if row is None else store.solution_of(row).assignments
        printer = EventPrinter(self.events)
        solution = solve_with(instance, self._params(request), printer, hint, self.signalled)
        return self._save(month_id, solution, "solve")

    def _resolve(
        self, request: dict[str, Any], month_id: int, rota_id: int | None
    ) -> tuple[str, dict[str, Any], str | None]:
        from maillage.solver.apps.replan import Lock as LockEdit

        _, rota, instance = self._load(month_id, rota_id)
        assert rota is not None
        with self.maker() as s:
            locks = list(s.query(Lock).filter(Lock.rota_id == rota.id).order_by(Lock.id))
            s.expunge_all()
        fixed = instance
        for lock in locks:
            edit = LockEdit(staff=lock.staff, date=lock.date, shift=lock.shift, site=lock.site)
            fixed = edit.apply(fixed)
        hint = store.solution_of(rota).assignments
        printer = EventPrinter(self.events)
        solution = solve_with(fixed, self._params(request), printer, hint, self.signalled)
        own = None if rota.instance is None else instance
        return self._save(month_id, solution, "resolve", rota, own, locks)

    def _replan(
        self, request: dict[str, Any], month_id: int, rota_id: int | None
    ) -> tuple[str, dict[str, Any], str | None]:
        import datetime as dt

        from maillage.solver.apps.replan import EDITS, change_lines, replan_instance

        _, rota, instance = self._load(month_id, rota_id)
        assert rota is not None
        published = store.solution_of(rota)
        replanned = replan_instance(
            instance,
            published,
            dt.date.fromisoformat(request["from_date"]),
            EDITS.validate_python(request.get("edits", [])),
            reoptimise=request.get("reoptimise", False),
        )
        printer = EventPrinter(self.events)
        solution = solve_with(
            replanned, self._params(request), printer, published.assignments, self.signalled
        )
        if solution.objective is not None:
            solution.changes = change_lines(instance, published, solution)
        return self._save(month_id, solution, "replan", rota, replanned)

    def _whatif(
        self, request: dict[str, Any], month_id: int, rota_id: int | None
    ) -> tuple[str, dict[str, Any], str | None]:
        from maillage.solver.apps.whatif import Scenario, StudyInterrupted, whatif

        _, _, instance = self._load(month_id, None)
        scenarios = [Scenario.model_validate(s) for s in request["scenarios"]]
        params = SolveParams(
            time_limit=request["time_limit"],
            seed=request.get("seed", 0),
            workers=self.search_workers,
        )
        if self.signalled.is_set():
            return "stopped", {"before": "it started"}, None
        try:
            result = whatif(instance, scenarios, params, jobs=1)
        except StudyInterrupted:
            return "stopped", {"result": None}, None
        data = {"scenarios": len(result.scenarios), "best": result.scenarios[0].name}
        return "done", data, result.model_dump_json(by_alias=True)

    def _cover(
        self, request: dict[str, Any], month_id: int, rota_id: int | None
    ) -> tuple[str, dict[str, Any], str | None]:
        import datetime as dt

        from maillage.solver.apps.cover import cover

        _, rota, instance = self._load(month_id, rota_id)
        assert rota is not None
        slot = (dt.date.fromisoformat(request["date"]), request["shift"], request["site"])
        answer = cover(
            instance,
            store.solution_of(rota),
            slot,
            request.get("top", 5),
            time_limit=request.get("time_limit", 10.0),
            workers=1,
        )
        data = {"direct": len(answer.direct), "after_moves": len(answer.after_moves)}
        return "done", data, answer.model_dump_json(by_alias=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    db_url, job_id = args[0], args[1]
    search_workers = int(args[2]) if len(args) > 2 else 1
    return Worker(db_url, job_id, search_workers).run()


if __name__ == "__main__":
    sys.exit(main())
