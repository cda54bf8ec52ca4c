"""Each kind of job run by the worker itself (in this process, on SQLite), on a small
instance, from the request the API queued to the rota or answer it saved: a solve, a
re-solve with a locked cell, a re-plan after a leave, a what-if, a cover and its suggestion
applied. Every rota saved is checked by the independent checker."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from factory import SECTOR, doctor_on_call, make
from fastapi.testclient import TestClient
from sqlalchemy import select

from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver import check
from maillage.solver.apps.cover import CoverAnswer
from maillage.solver.apps.whatif import WhatIfResult
from maillage.solver.service import Settings
from maillage.solver.service.api.app import create_app
from maillage.solver.service.jobs.worker import Worker
from maillage.solver.service.storage import store
from maillage.solver.service.storage.database import transaction
from maillage.solver.service.storage.tables import JobEvent

T = "/api/v1/teams/t"
LIMIT = 3.0  # seconds per solve: the instance is a week of three doctors


def week() -> Instance:
    return make(
        name="week",
        sectors=[SECTOR],
        staff=[doctor_on_call("d1"), doctor_on_call("d2"), doctor_on_call("d3")],
    )


@dataclass
class Service:
    url: str
    client: TestClient
    headers: dict[str, str]

    def call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        return self.client.request(method, T + path, headers=self.headers, **kw)

    def run(self, posted: httpx.Response) -> dict[str, Any]:
        """The job the API queued, claimed and run by a worker here; the job as it ended."""
        assert posted.status_code == 202, posted.text
        job_id = posted.json()["id"]
        claimed = store.claim_next(self.client.app.state.sessions)  # type: ignore[attr-defined]
        assert claimed is not None and claimed.id == job_id
        assert Worker(self.url, job_id, 1).run() == 0
        job: dict[str, Any] = self.call("GET", f"/jobs/{job_id}").json()
        return job

    def checked(self, rota: int) -> Solution:
        solution = Solution.model_validate(self.call("GET", f"/rotas/{rota}/solution").json())
        instance = Instance.model_validate(self.call("GET", f"/rotas/{rota}/instance").json())
        report = check(instance, solution)
        assert report.ok, (report.evaluation.hard, report.mismatches)
        return solution


@pytest.fixture
def service(sqlite_url: str) -> Iterator[Service]:
    # the worker installs its own handlers, as its process would: put the test's back
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    app = create_app(Settings(db_url=sqlite_url, run_jobs=False))
    with transaction(app.state.sessions) as s:
        store.ensure_team(s, "t")
        secret = store.create_token(s, "t", "planner")[1]
        store.add_month(s, "t", week())
    try:
        yield Service(sqlite_url, TestClient(app), {"Authorization": f"Bearer {secret}"})
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def _solved(service: Service) -> tuple[int, Solution]:
    job = service.run(service.call("POST", "/months/2025-03/solve", json={"time_limit": LIMIT}))
    assert job["status"] == "done" and job["best_rota"] is not None, job
    return job["best_rota"], service.checked(job["best_rota"])


@pytest.mark.slow
def test_a_resolve_keeps_the_locked_cell_in_a_new_draft(service: Service) -> None:
    rota, solution = _solved(service)
    # d1 on call on a night the first rota gave to someone else
    nights = [a for a in solution.assignments if a.shift == "eve" and a.staff != "d1"]
    assert nights, solution.assignments
    night = nights[0]
    cell = {"staff": "d1", "date": night.date.isoformat(), "shift": "eve", "site": "S"}
    assert service.call("POST", f"/rotas/{rota}/locks", json=cell).status_code == 201
    job = service.run(service.call("POST", f"/rotas/{rota}/resolve", json={"time_limit": LIMIT}))
    assert job["status"] == "done" and job["best_rota"] not in (None, rota), job
    again = service.checked(job["best_rota"])
    held = {(a.staff, a.date, a.shift, a.site) for a in again.assignments}
    assert ("d1", night.date, "eve", "S") in held
    out = service.call("GET", f"/rotas/{job['best_rota']}").json()
    assert out["origin"] == "resolve" and out["parent"] == rota and out["status"] == "draft"
    assert [(k["staff"], k["shift"]) for k in out["locks"]] == [("d1", "eve")]


@pytest.mark.slow
def test_a_replan_after_a_leave_moves_the_work_off_the_leave(service: Service) -> None:
    rota, solution = _solved(service)
    assert service.call("POST", f"/rotas/{rota}/publish").status_code == 200
    worked = sorted({a.date for a in solution.assignments if a.staff == "d1"})
    start = dt.date(2025, 3, 5)
    assert any(d >= start for d in worked), "d1 has work to move from Wednesday on"
    leave = {"kind": "leave", "staff": "d1", "start": "2025-03-05", "end": "2025-03-09"}
    body = {"from_date": "2025-03-05", "edits": [leave], "time_limit": LIMIT}
    job = service.run(service.call("POST", f"/rotas/{rota}/replan", json=body))
    assert job["status"] == "done" and job["best_rota"] is not None, job
    new = service.checked(job["best_rota"])
    assert not [a for a in new.assignments if a.staff == "d1" and a.date >= start]
    kept = [a for a in solution.assignments if a.date < start]
    assert [a for a in new.assignments if a.date < start] == kept  # the past as published
    assert new.changes, "a re-plan says what changed"
    out = service.call("GET", f"/rotas/{job['best_rota']}").json()
    assert out["origin"] == "replan" and out["parent"] == rota


@pytest.mark.slow
def test_a_whatif_ranks_the_scenarios(service: Service) -> None:
    recruit = {"kind": "recruit", "role": "doctor", "fte": 1.0, "home_site": "A"}
    body = {
        "scenarios": [{"name": "recruit", "changes": [recruit]}],
        "time_limit": LIMIT,
    }
    job = service.run(service.call("POST", "/months/2025-03/whatif", json=body))
    assert job["status"] == "done" and job["best_rota"] is None, job
    result = WhatIfResult.model_validate(job["result"])
    assert [o.name for o in result.scenarios] == ["recruit"]
    assert result.baseline.objective is not None
    assert all(o.objective is not None for o in result.scenarios)


@pytest.mark.slow
def test_a_cover_answer_applied_is_a_rota_the_checker_accepts(service: Service) -> None:
    rota, solution = _solved(service)
    night = next(a for a in solution.assignments if a.shift == "eve")
    body = {"date": night.date.isoformat(), "shift": "eve", "site": "S", "time_limit": LIMIT}
    job = service.run(service.call("POST", f"/rotas/{rota}/cover", json=body))
    assert job["status"] == "done", job
    answer = CoverAnswer.model_validate(job["result"])
    assert answer.held_by == [night.staff]
    suggestions = answer.direct + answer.after_moves
    assert suggestions, answer.lines()
    applied = service.call(
        "POST", f"/rotas/{rota}/cover/apply", json=suggestions[0].model_dump(mode="json")
    )
    assert applied.status_code == 201, applied.text
    new = service.checked(applied.json()["id"])
    assert any(
        a.staff == suggestions[0].staff and a.date == night.date and a.shift == "eve"
        for a in new.assignments
    )


@pytest.mark.slow
def test_a_solve_saves_one_draft_rewritten_as_the_rota_improves(service: Service) -> None:
    """The rota handed out mid-search and the final one share one row: one version a job."""
    job = service.run(service.call("POST", "/months/2025-03/solve", json={"time_limit": LIMIT}))
    rotas = service.call("GET", "/months/2025-03/rotas").json()
    assert [r["id"] for r in rotas] == [job["best_rota"]]
    maker = service.client.app.state.sessions  # type: ignore[attr-defined]
    with maker() as s:
        kinds = s.scalars(select(JobEvent.kind).where(JobEvent.job_id == job["id"])).all()
    assert kinds[-1] == "done" and "rota" in kinds
    service.checked(job["best_rota"])
