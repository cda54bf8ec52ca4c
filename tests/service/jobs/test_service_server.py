"""The real server: `maillage serve` in a subprocess (uvicorn, worker processes, SQLite).
A solve of the Millas month streamed over SSE, its rota checked independently; a stop that
keeps the best rota; the server killed (-9) mid-job and started again: the job is
interrupted, its best rota kept, the database consistent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from paths import INSTANCES, ROOT
from pgcluster import free_port
from sqlalchemy import select

from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver import check
from maillage.solver.service.storage import connect
from maillage.solver.service.storage.database import sessions
from maillage.solver.service.storage.tables import Job, JobEvent, Rota

MILLAS = INSTANCES / "millas-2025-03.json"
T = "/api/v1/teams/millas"


class Server:
    def __init__(self, db: str, workdir: Path) -> None:
        self.db = db
        self.workdir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def maillage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "maillage.cli.main", *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            check=True,
        )
        return done.stdout.strip()

    def start(self) -> None:
        log = (self.workdir / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "maillage.cli.main",
                "serve",
                "--db",
                self.db,
                "--port",
                str(self.port),
                "--workers",
                "2",
                "--search-workers",
                "1",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError(
            "the server did not start: " + (self.workdir / "server.log").read_text()
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, httpx.Client]]:
    db = f"sqlite:///{tmp_path / 'maillage.db'}"
    s = Server(db, tmp_path)
    token = s.maillage("serve", "--db", db, "--create-token", "millas:planner")
    assert token.startswith("mlg_")
    s.start()
    client = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30)
    client.base_url = httpx.URL(s.base)  # type: ignore[misc]
    try:
        yield s, client
    finally:
        if s.process is not None and s.process.poll() is None:
            s.process.send_signal(signal.SIGINT)
            try:
                s.process.wait(30)
            except subprocess.TimeoutExpired:
                s.process.kill()


def _month(client: httpx.Client) -> None:
    got = client.post(
        f"{T}/months", content=MILLAS.read_bytes(), headers={"Content-Type": "application/json"}
    )
    assert got.status_code == 201, got.text


def _sse(client: httpx.Client, job: str) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    events = []
    with client.stream("GET", f"{T}/jobs/{job}/events", timeout=120) as stream:
        kind = None
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: ") and kind is not None:
                events.append((kind, json.loads(line.removeprefix("data: "))))
    return events


def _wait(client: httpx.Client, job: str, until: set[str], seconds: float = 120) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = client.get(f"{T}/jobs/{job}").json()
        if got["status"] in until:
            return got  # type: ignore[no-any-return]
        time.sleep(0.3)
    raise AssertionError(f"job {job} still {got['status']}")


def _checked(client: httpx.Client, rota: int) -> Solution:
    solution = Solution.model_validate(client.get(f"{T}/rotas/{rota}/solution").json())
    instance = Instance.model_validate(client.get(f"{T}/rotas/{rota}/instance").json())
    report = check(instance, solution)
    assert report.ok, (report.evaluation.hard, report.mismatches)
    return solution


@pytest.mark.slow
def test_a_solve_streamed_then_checked_and_a_stop_keeps_the_best(server) -> None:  # type: ignore[no-untyped-def]
    _, client = server
    _month(client)
    posted = client.post(f"{T}/months/2025-03/solve", json={"time_limit": 15, "workers": 2})
    assert posted.status_code == 202, posted.text
    job = posted.json()["id"]
    events = _sse(client, job)
    kinds = [k for k, _ in events]
    assert kinds[0] == "queued" and "started" in kinds and "solution" in kinds, kinds
    assert kinds[-1] == "done" and "rota" in kinds
    final = client.get(f"{T}/jobs/{job}").json()
    assert final["status"] == "done" and final["best_rota"] is not None
    solution = _checked(client, final["best_rota"])
    assert solution.objective is not None
    assert final["objective"] == pytest.approx(solution.objective.total)
    assert client.get(f"{T}/rotas/{final['best_rota']}/check").json()["ok"] is True
    # a long solve stopped once it has a rota: stopped, the best rota kept and valid
    long = client.post(f"{T}/months/2025-03/solve", json={"time_limit": 300, "seed": 1}).json()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        seen = client.get(f"{T}/jobs/{long['id']}/events.json").json()
        if any(e["kind"] == "solution" for e in seen):
            break
        time.sleep(0.3)
    assert client.post(f"{T}/jobs/{long['id']}/stop").status_code == 202
    stopped = _wait(client, long["id"], {"stopped", "done", "interrupted", "failed"}, 60)
    assert stopped["status"] == "stopped" and stopped["best_rota"] is not None
    _checked(client, stopped["best_rota"])


@pytest.mark.slow
def test_killed_mid_job_the_job_is_interrupted_with_its_rota(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s, client = server
    _month(client)
    job = client.post(f"{T}/months/2025-03/solve", json={"time_limit": 300}).json()["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill once the search has found a rota
        seen = client.get(f"{T}/jobs/{job}/events.json").json()
        if any(e["kind"] == "solution" for e in seen):
            break
        time.sleep(0.3)
    s.kill()
    s.start()  # the same database
    ended = _wait(client, job, {"interrupted", "done", "stopped", "failed"}, 10)
    assert ended["status"] == "interrupted"
    # its worker, orphaned, stops its search and saves the best rota it had (the draft it
    # saved mid-search may be there already): its own last event, `interrupted` again
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        seen = [e["kind"] for e in client.get(f"{T}/jobs/{job}/events.json").json()]
        if seen.count("interrupted") >= 2:
            break
        time.sleep(0.5)
    ended = client.get(f"{T}/jobs/{job}").json()
    assert ended["status"] == "interrupted" and ended["best_rota"] is not None
    _checked(client, ended["best_rota"])
    # consistent: no job left running, every rota of a job is the job's best, events end once
    maker = sessions(connect(s.db))
    with maker() as db:
        assert db.scalars(select(Job).where(Job.status.in_(["running", "queued"]))).all() == []
        for rota in db.scalars(select(Rota)):
            owner = db.get(Job, rota.job_id)
            assert owner is not None and owner.best_rota_id == rota.id
        kinds = db.scalars(select(JobEvent.kind).where(JobEvent.job_id == job)).all()
        assert kinds[0] == "queued" and kinds.count("started") == 1
        assert set(kinds[-2:]) <= {"interrupted", "rota"} and "interrupted" in kinds
    # the solver workers are gone: nothing keeps running after the job ended
    pid = db_pid = None
    with maker() as db:
        row = db.get(Job, job)
        assert row is not None
        db_pid = row.worker_pid
    if db_pid is not None:
        time.sleep(1)
        with pytest.raises(ProcessLookupError):
            os.kill(db_pid, 0)
    del pid


@pytest.mark.slow
def test_a_worker_killed_outright_leaves_the_rota_it_saved_mid_search(server) -> None:  # type: ignore[no-untyped-def]
    """The rota is saved as the search improves it (at most every 2 s), not only at the end:
    a worker killed with no chance to save (kill -9) leaves its job that draft."""
    _, client = server
    _month(client)
    job = client.post(f"{T}/months/2025-03/solve", json={"time_limit": 300}).json()["id"]
    deadline = time.monotonic() + 120
    seen: list[dict] = []  # type: ignore[type-arg]
    while time.monotonic() < deadline:  # a draft saved mid-search
        seen = client.get(f"{T}/jobs/{job}/events.json").json()
        if any(e["kind"] == "rota" for e in seen):
            break
        time.sleep(0.3)
    pid = next(e["data"]["pid"] for e in seen if e["kind"] == "started")
    os.kill(pid, signal.SIGKILL)
    ended = _wait(client, job, {"failed", "done", "stopped", "interrupted"}, 30)
    assert ended["status"] == "failed" and ended["best_rota"] is not None, ended
    solution = _checked(client, ended["best_rota"])
    assert solution.interrupted  # a rota of a search that did not end
    rotas = client.get(f"{T}/months/2025-03/rotas").json()
    assert [r["id"] for r in rotas] == [ended["best_rota"]]  # one draft, rewritten
