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
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from maillage.models.errors import InputError
from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Assignment, Objective, Solution, Status
from maillage.solver.check.checker import evaluate
from maillage.solver.check.rota import RotaView
from maillage.solver.check.summary import staff_summary
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.params import SolveParams
from maillage.solver.progress import ProgressPrinter, RotaHook
from maillage.solver.service.storage import connect, store
from maillage.solver.service.storage.database import sessions, transaction
from maillage.solver.service.storage.tables import Job, JobEvent, Lock, Month, Rota, now
from maillage.solver.solve import solve

BOUND_SECONDS = 1.0  # at most one bound event a second: CP-SAT reports many
ROTA_SECONDS = 2.0  # at most one rota saved mid-search every 2 s: each is decoded and checked


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
    """The solver's progress printer, silent, each better rota and bound also an event;
    `on_rota` gets the rota itself as it improves (`ProgressPrinter`). `stopped_before`: a
    stop that reached the worker's own handler before the solve installed its handlers,
    forwarded to them as soon as the search begins."""

    def __init__(
        self,
        events: Events,
        on_rota: RotaHook | None = None,
        stopped_before: threading.Event | None = None,
    ) -> None:
        super().__init__(False, on_rota=on_rota, rota_interval=ROTA_SECONDS)
        self.events = events
        self.stopped_before = stopped_before
        self._bound_at = 0.0
        self._forwarded = False

    def _forward_stop(self) -> None:
        stopped = self.stopped_before is not None and self.stopped_before.is_set()
        if stopped and not self._forwarded:
            self._forwarded = True
            os.kill(os.getpid(), signal.SIGINT)  # now the solve's own `Stop` handles it

    def decoding(self, decode: Callable[[Sequence[int]], list[Assignment]] | None) -> None:
        self._forward_stop()
        super().decoding(decode)

    def start(self, name: str, variables: int, constraints: int, *, penalty: bool = False) -> None:
        self._forward_stop()
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


class Draft:
    """The job's rota as the search improves it: one draft row, written by a thread of its
    own (the solver's callback hands the rota over and returns) and rewritten with each
    better rota, so that a worker killed outright leaves its job with a rota. The search's
    objective is before the polish: the draft's figures are the checker's for its rota. The
    job's final rota rewrites the same row (`Worker._save`)."""

    def __init__(
        self,
        worker: Worker,
        month_id: int,
        solved: Instance,
        origin: str,
        parent: Rota | None = None,
        own: Instance | None = None,
        locks: list[Lock] | None = None,
    ) -> None:
        self.worker = worker
        self.month_id = month_id
        self.solved = solved
        self.origin = origin
        self.parent = parent
        self.own = own
        self.locks = locks
        self.rota_id: int | None = None
        self._latest: list[Assignment] | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._write, name="draft", daemon=True)
        self._thread.start()

    def offer(self, objective: float, assignments: list[Assignment]) -> None:
        """A better rota (the `on_rota` hook): kept as the latest, written when the thread
        comes to it (a later one replaces it meanwhile)."""
        with self._lock:
            self._latest = assignments
        self._wake.set()

    def _write(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                latest, self._latest = self._latest, None
                closing = self._closing
            if latest is not None:
                try:
                    self.save(checked(self.solved, latest))
                except Exception:  # a draft lost is not the job lost: the end saves it
                    traceback.print_exc()
            if closing:
                return

    def save(self, solution: Solution) -> Rota:
        """The first rota makes the draft row, each later one rewrites it."""
        maker, job_id = self.worker.maker, self.worker.job_id
        if self.rota_id is None:
            rota = store.add_rota(
                maker,
                self.month_id,
                solution,
                self.origin,
                parent_id=None if self.parent is None else self.parent.id,
                job_id=job_id,
                instance=self.own,
                locks=self.locks,
            )
            self.rota_id = rota.id
        else:
            try:
                rota = store.rewrite_rota(maker, self.rota_id, solution)
            except store.Conflict:  # published meanwhile, so never changed: a new draft
                self.rota_id = None
                return self.save(solution)
        store.set_best(maker, job_id, rota)
        return rota

    def close(self) -> None:
        """Ends the thread before the final rota is saved: a draft being written is finished,
        one still pending dropped (the final rota supersedes it)."""
        with self._lock:
            self._closing = True
            self._latest = None  # the final rota comes next: no point writing this one
        self._wake.set()
        self._thread.join(60)


def checked(instance: Instance, assignments: list[Assignment]) -> Solution:
    """A rota handed out mid-search as a solution: its objective, violations and staff
    summary from the checker (as an applied cover suggestion's are)."""
    facts = Facts(instance)
    rota = RotaView(instance, assignments, facts)
    ev = evaluate(instance, assignments, facts, rota=rota)
    return Solution(
        instance=instance.name,
        status=Status.feasible,
        objective=Objective(
            total=round(ev.total, 6), terms={k: round(v, 6) for k, v in ev.terms.items()}
        ),
        assignments=assignments,
        staff_summary=staff_summary(rota),
        violations=ev.soft,
        interrupted=True,  # a rota of a search still running, or killed
    )


class Worker:
    def __init__(self, db_url: str, job_id: str, search_workers: int) -> None:
        self.maker = sessions(connect(db_url))
        self.job_id = job_id
        self.search_workers = search_workers
        self.signalled = threading.Event()
        self.orphaned = threading.Event()
        self.finished = threading.Event()  # the job ended: nothing more to watch
        self.parent = os.getppid()
        self.events = Events(self.maker, job_id)

    # -- signals and the parent ------------------------------------------------------------
    def _on_signal(self, signum: int, frame: Any) -> None:
        self.signalled.set()

    def _watch_parent(self) -> None:
        """The server gone (kill -9): stop as a stop request would, end `interrupted`."""
        while os.getppid() == self.parent:
            if self.finished.wait(0.5):
                return
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
            self._finish(self._ending(status), data, result)
        except InputError as error:
            message = "; ".join(str(i) for i in error.issues)
            self._finish("failed", {"error": message}, error=message)
        except Exception as error:
            message = f"{type(error).__name__}: {error}"
            traceback.print_exc()
            self._finish("failed", {"error": message}, error=message)
        finally:
            self.finished.set()
            self.events.close()
        return 0

    def _finish(
        self, end: str, event: dict[str, Any], result: str | None = None, error: str | None = None
    ) -> None:
        """The job's last event after every queued one: the progress events still in the
        writer's queue are flushed first, so the ending is the stream's last word."""
        self.events.close()
        store.finish(self.maker, self.job_id, end, event=event, result=result, error=error)

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

    def _search(
        self, draft: Draft, request: dict[str, Any], hint: Sequence[Assignment] = ()
    ) -> Solution:
        """The solve of the draft's instance, its rota saved in the draft as it improves."""
        printer = EventPrinter(self.events, draft.offer, self.signalled)
        try:
            return solve(draft.solved, self._params(request), hint, printer)
        finally:
            draft.close()

    def _save(self, draft: Draft, solution: Solution) -> tuple[str, dict[str, Any], None]:
        status = solution.status.value
        data: dict[str, Any] = {"status": status, "interrupted": solution.interrupted}
        if solution.objective is not None:
            data["rota"] = draft.save(solution).id
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
        draft = Draft(self, month_id, instance, "solve")
        return self._save(draft, self._search(draft, request, hint))

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
        own = None if rota.instance is None else instance
        draft = Draft(self, month_id, fixed, "resolve", rota, own, locks)
        return self._save(draft, self._search(draft, request, hint))

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
        draft = Draft(self, month_id, replanned, "replan", rota, replanned)
        solution = self._search(draft, request, published.assignments)
        if solution.objective is not None:
            solution.changes = change_lines(instance, published, solution)
        return self._save(draft, solution)

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
