"""The bounded pool: a thread of the server claims queued jobs and starts one worker process
per job, at most `settings.workers` at once. A process per job (not a pool of reused ones):
a job is stopped by a signal to its own process, and a crash takes only that job down."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

from sqlalchemy.orm import Session, sessionmaker

from maillage.solver.service.settings import Settings
from maillage.solver.service.storage import store

POLL_SECONDS = 0.5
SHUTDOWN_SECONDS = 20.0  # for stopped workers to save their rota


class JobPool:
    def __init__(self, settings: Settings, maker: sessionmaker[Session]) -> None:
        self.settings = settings
        self.maker = maker
        self.running: dict[str, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="maillage-jobs", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, job_id: str) -> bool:
        """SIGINT to the job's worker: its search ends and returns its best rota."""
        with self._lock:
            process = self.running.get(job_id)
        if process is None or process.poll() is not None:
            return False
        os.kill(process.pid, signal.SIGINT)
        return True

    def _loop(self) -> None:
        while not self._closing.is_set():
            try:
                self._reap()
                self._fill()
            except Exception as error:  # a database hiccup: try again at the next tick
                print(f"maillage jobs: {type(error).__name__}: {error}", file=sys.stderr)
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()

    def _fill(self) -> None:
        while len(self.running) < self.settings.workers and not self._closing.is_set():
            job = store.claim_next(self.maker)
            if job is None:
                return
            command = [
                sys.executable,
                "-m",
                "maillage.solver.service.jobs.worker",
                self.settings.db_url,
                job.id,
                str(self.settings.search_workers),
            ]
            # same process group: a Ctrl-C at the terminal stops the workers with the server
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
            with self._lock:
                self.running[job.id] = process

    def _reap(self) -> None:
        with self._lock:
            ended = {j: p for j, p in self.running.items() if p.poll() is not None}
            for job_id in ended:
                del self.running[job_id]
        for job_id, process in ended.items():
            if process.returncode != 0:  # the worker died before ending its job
                store.finish(
                    self.maker,
                    job_id,
                    "failed",
                    error=f"the worker process exited with code {process.returncode}",
                )

    def shutdown(self) -> None:
        """The server stops: running workers are stopped (their jobs end `interrupted`, with
        their best rota) and waited for, briefly."""
        self._closing.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(5)
        with self._lock:
            processes = list(self.running.items())
        for _, process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for _, process in processes:
            try:
                process.wait(SHUTDOWN_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
        self._reap()
