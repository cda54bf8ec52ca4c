"""Load test of the REST service (issue 33): `maillage serve` on loopback with a bounded pool,
clients posting solves of the Millas month and polling them.

    python benchmarks/service_load.py [--minutes 5] [--clients 20] [--time-limit 10]
        [--workers 2] [--search-workers 1] [--jobs-per-client N] [--poll 1.0]

Starts the server on a fresh SQLite file (a temporary directory unless `--db`), creates a
team, its planner token and the month, then runs `--clients` threads for `--minutes`: each
posts a solve (`--time-limit` seconds), polls the job until it ends, checks its rota with the
independent checker (`maillage.solver.check`) and posts the next one; `--jobs-per-client`
stops a client after that many jobs (the smoke test: 20 clients, one job each). Jobs posted
before the end of the window are waited for. Every job must end `done` with a rota the
checker accepts, and every job posted must be in the server's list: the script exits 1
otherwise.

While it runs, the resident memory (RSS, /proc) of the server and of each of its worker
processes is sampled every `--sample` seconds. Prints jobs per minute (jobs ended over the
time from the first post to the last end), p50/p95 of the time from post to the first rota
(the job's `best_rota` set: the draft saved mid-search) and to the end, the time in the
queue, the time from the job's start to its first rota, and the largest RSS of the server,
of one worker and of the server and its workers together. The figures go to a results file
(benchmarks/results_file.py: --results DIR, --no-results) as its one row, each job's times
under its `jobs`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import results_file

from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver import check

ROOT = Path(__file__).resolve().parents[1]
MILLAS = ROOT / "instances" / "millas-2025-03.json"
TEAM = "load"
T = f"/api/v1/teams/{TEAM}"
ENDED = ("done", "stopped", "interrupted", "failed")


@dataclass
class JobRow:
    client: int
    job: str
    status: str = "posted"
    posted_at: float = 0.0  # seconds from the start of the run
    queued_s: float | None = None  # post to started (the server's clock)
    first_rota_s: float | None = None  # post to best_rota set, as polled
    end_s: float | None = None  # post to an ended status, as polled
    objective: float | None = None
    rota: int | None = None
    check_ok: bool | None = None
    problem: str | None = None


# -- the server -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def maillage(*args: str) -> list[str]:
    return [sys.executable, "-m", "maillage.cli.main", *args]


class Server:
    def __init__(self, db: str, workers: int, search_workers: int, log: Path) -> None:
        self.db = db
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = subprocess.run(
            maillage("serve", "--db", db, "--create-token", f"{TEAM}:planner"),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            cwd=ROOT,
        ).stdout.strip()
        self.log = log
        self.process = subprocess.Popen(
            maillage(
                "serve",
                "--db",
                db,
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--search-workers",
                str(search_workers),
            ),
            cwd=ROOT,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(self.base + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise SystemExit(f"the server did not start:\n{log.read_text()}")

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base, headers={"Authorization": f"Bearer {self.token}"}, timeout=60
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


# -- memory ------------------------------------------------------------------------------------
def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the pool's workers)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name, in parentheses, may hold spaces: the fields follow the last ")"
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[1]) == pid:
            out.append(int(entry.name))
    return out


class Memory:
    """The server's and its workers' RSS, sampled on a thread of its own."""

    def __init__(self, pid: int, every: float) -> None:
        self.pid = pid
        self.every = every
        self.server_max = 0
        self.worker_max = 0
        self.total_max = 0
        self.workers_seen: set[int] = set()
        self.server_first: int | None = None
        self.server_last: int | None = None
        self.samples = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            server = rss_kib(self.pid)
            if server is not None:
                self.server_first = self.server_first or server
                self.server_last = server
                self.server_max = max(self.server_max, server)
                total = server
                for child in children(self.pid):
                    rss = rss_kib(child)
                    if rss is not None:
                        self.workers_seen.add(child)
                        self.worker_max = max(self.worker_max, rss)
                        total += rss
                self.total_max = max(self.total_max, total)
                self.samples += 1
            self._done.wait(self.every)

    def stop(self) -> dict[str, Any]:
        self._done.set()
        self._thread.join(10)

        def mib(kib: int | None) -> float | None:
            return None if kib is None else round(kib / 1024, 1)

        return {
            "server_max_mib": mib(self.server_max),
            "server_first_mib": mib(self.server_first),
            "server_last_mib": mib(self.server_last),
            "worker_max_mib": mib(self.worker_max),
            "total_max_mib": mib(self.total_max),
            "worker_processes": len(self.workers_seen),
            "samples": self.samples,
        }


# -- the clients -------------------------------------------------------------------------------
def seconds_between(a: str | None, b: str | None) -> float | None:
    import datetime as dt

    if a is None or b is None:
        return None
    return round((dt.datetime.fromisoformat(b) - dt.datetime.fromisoformat(a)).total_seconds(), 3)


class Load:
    def __init__(self, server: Server, args: argparse.Namespace, month: str) -> None:
        self.server = server
        self.args = args
        self.started = time.monotonic()
        self.window_end = self.started + 60 * args.minutes
        self.rows: list[JobRow] = []
        self.lock = threading.Lock()
        self.errors: list[str] = []
        self.month = month

    def client(self, number: int) -> None:
        http = self.server.client()
        done = 0
        try:
            while time.monotonic() < self.window_end:
                if self.args.jobs_per_client and done >= self.args.jobs_per_client:
                    return
                self.one_job(http, number)
                done += 1
        except Exception as error:  # a client's failure is a finding, not a crash
            with self.lock:
                self.errors.append(f"client {number}: {type(error).__name__}: {error}")
        finally:
            http.close()

    def one_job(self, http: httpx.Client, number: int) -> None:
        body = {"time_limit": self.args.time_limit, "seed": number}
        posted_at = time.monotonic()
        got = http.post(f"{T}/months/{self.month}/solve", json=body)
        if got.status_code != 202:
            raise RuntimeError(f"solve refused: {got.status_code} {got.text[:200]}")
        job = got.json()
        row = JobRow(number, job["id"], posted_at=round(posted_at - self.started, 3))
        with self.lock:
            self.rows.append(row)
        limit = posted_at + self.args.job_timeout
        while time.monotonic() < limit:
            job = http.get(f"{T}/jobs/{row.job}").json()
            now = time.monotonic()
            if row.first_rota_s is None and job["best_rota"] is not None:
                row.first_rota_s = round(now - posted_at, 3)
            if job["status"] in ENDED:
                row.end_s = round(now - posted_at, 3)
                break
            time.sleep(self.args.poll)
        row.status = job["status"]
        row.queued_s = seconds_between(job["created_at"], job["started_at"])
        row.objective = job["objective"]
        row.rota = job["best_rota"]
        if row.status != "done" or row.rota is None:
            row.problem = f"ended {row.status}, rota {row.rota}: {job.get('error')}"
            return
        solution = Solution.model_validate(http.get(f"{T}/rotas/{row.rota}/solution").json())
        instance = Instance.model_validate(http.get(f"{T}/rotas/{row.rota}/instance").json())
        report = check(instance, solution)
        row.check_ok = report.ok
        if not report.ok:
            row.problem = f"check: {report.evaluation.hard[:2]} {report.mismatches[:2]}"

    def run(self) -> None:
        threads = [
            threading.Thread(target=self.client, args=(k,), name=f"client-{k}")
            for k in range(self.args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0, help="posting window (default 5)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per solve")
    parser.add_argument("--workers", type=int, default=2, help="the server's job processes")
    parser.add_argument("--search-workers", type=int, default=1, help="CP-SAT threads a job")
    parser.add_argument("--jobs-per-client", type=int, default=0, help="0: until the window ends")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between polls")
    parser.add_argument("--sample", type=float, default=0.5, help="seconds between RSS samples")
    parser.add_argument(
        "--job-timeout", type=float, default=1800.0, help="a job not ended by then is lost"
    )
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite)")
    parser.add_argument(
        "--instance", type=Path, default=MILLAS, help="the month solved (default Millas)"
    )
    results_file.add_options(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="maillage-load-") as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'load.db'}"
        server = Server(db, args.workers, args.search_workers, Path(tmp) / "server.log")
        memory = Memory(server.process.pid, args.sample)
        try:
            with server.client() as http:
                month = http.post(
                    f"{T}/months",
                    content=args.instance.read_bytes(),
                    headers={"Content-Type": "application/json"},
                )
                if month.status_code != 201:
                    raise SystemExit(f"month refused: {month.status_code} {month.text[:500]}")
            load = Load(server, args, month.json()["month"])
            load.run()
            finished = time.monotonic()
            with server.client() as http:
                listed = {j["id"]: j for j in http.get(f"{T}/jobs").json()}
        finally:
            mem = memory.stop()
            server.stop()
            log = (Path(tmp) / "server.log").read_text(errors="replace")

    rows = load.rows
    lost = [r.job for r in rows if r.job not in listed or r.end_s is None]
    bad = [r for r in rows if r.problem is not None]
    ended = [r for r in rows if r.end_s is not None]
    span = max((r.posted_at + (r.end_s or 0.0) for r in ended), default=0.0)
    first = [r.first_rota_s for r in rows if r.first_rota_s is not None]
    end = [r.end_s for r in ended if r.end_s is not None]
    queued = [r.queued_s for r in rows if r.queued_s is not None]
    # the same from the job's start (the queue taken out): what a planner waits for alone
    running = [
        r.first_rota_s - r.queued_s
        for r in rows
        if r.first_rota_s is not None and r.queued_s is not None
    ]
    summary = {
        "jobs": len(rows),
        "done_checked": sum(1 for r in rows if r.status == "done" and r.check_ok),
        "problems": len(bad),
        "lost": len(lost),
        "client_errors": load.errors,
        "wall_seconds": round(finished - load.started, 1),
        "jobs_per_minute": round(60 * len(ended) / span, 2) if span else None,
        "first_rota_p50_s": percentile(first, 50),
        "first_rota_p95_s": percentile(first, 95),
        "end_p50_s": percentile(end, 50),
        "end_p95_s": percentile(end, 95),
        "queued_p50_s": percentile(queued, 50),
        "queued_p95_s": percentile(queued, 95),
        "started_to_first_rota_p50_s": percentile(running, 50),
        "started_to_first_rota_p95_s": percentile(running, 95),
        **mem,
    }
    options = {
        "minutes": args.minutes,
        "clients": args.clients,
        "workers": args.workers,
        "search_workers": args.search_workers,
        "jobs_per_client": args.jobs_per_client,
        "poll": args.poll,
        "instance": str(args.instance.name),
    }
    recorder = results_file.Recorder(args, "service-load", args.time_limit, options)
    # one row, the run's figures (the README's table); every job under "jobs"
    recorder.data["jobs"] = [asdict(row) for row in rows]
    recorder.add({k: v for k, v in summary.items() if k != "client_errors"})
    recorder.finish({"client_errors": load.errors})
    print(json.dumps(summary, indent=2))
    for row in bad[:10]:
        print(f"job {row.job} (client {row.client}): {row.problem}", file=sys.stderr)
    if lost:
        print(f"lost: {lost[:10]}", file=sys.stderr)
    ok = not bad and not lost and not load.errors and rows
    if not ok:
        print(log[-3000:], file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
