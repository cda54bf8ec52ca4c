"""Jobs: their status, their progress as server-sent events or a list, and stop."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from maillage.solver.service.api import views
from maillage.solver.service.api.access import Db, Planner, Reader
from maillage.solver.service.api.schemas import EventOut, JobOut, JobStatus
from maillage.solver.service.storage import store
from maillage.solver.service.storage.database import utc
from maillage.solver.service.storage.tables import Job, JobEvent, now

router = APIRouter(tags=["jobs"])
PREFIX = "/api/v1/teams/{team}/jobs"
POLL_SECONDS = 0.25
KEEPALIVE_SECONDS = 15.0


@router.get(PREFIX, response_model=list[JobOut])
def jobs(
    team: str,
    who: Reader,
    db: Db,
    month: str | None = None,
    status: JobStatus | None = None,
) -> list[JobOut]:
    query = select(Job).where(Job.team_id == team).order_by(Job.created_at.desc())
    if month is not None:
        query = query.where(Job.month_id == views.month_row(db, team, month).id)
    if status is not None:
        query = query.where(Job.status == status)
    return [views.job_out(db, j) for j in db.scalars(query.limit(500))]


@router.get(PREFIX + "/{job}", response_model=JobOut)
def get_job(team: str, job: str, who: Reader, db: Db) -> JobOut:
    return views.job_out(db, views.job_row(db, team, job))


def _event(row: JobEvent) -> EventOut:
    return EventOut(seq=row.id, at=utc(row.at), kind=row.kind, data=json.loads(row.data))


def _events_after(request: Request, job_id: str, after: int) -> tuple[list[EventOut], bool]:
    """The events after `after`, and whether the job has ended (no more will come)."""
    with request.app.state.sessions() as s:
        rows = s.scalars(
            select(JobEvent)
            .where(JobEvent.job_id == job_id, JobEvent.id > after)
            .order_by(JobEvent.id)
        )
        events = [_event(r) for r in rows]
        job = s.get(Job, job_id)
        ended = job is None or job.status in store.TERMINAL
        if ended:  # events written just before the end: read again once the status is seen
            more = s.scalars(
                select(JobEvent)
                .where(
                    JobEvent.job_id == job_id, JobEvent.id > (events[-1].seq if events else after)
                )
                .order_by(JobEvent.id)
            )
            events += [_event(r) for r in more]
        return events, ended


@router.get(PREFIX + "/{job}/events.json", response_model=list[EventOut])
def events_json(team: str, job: str, who: Reader, db: Db, after: int = 0) -> list[EventOut]:
    views.job_row(db, team, job)
    rows = db.scalars(
        select(JobEvent).where(JobEvent.job_id == job, JobEvent.id > after).order_by(JobEvent.id)
    )
    return [_event(r) for r in rows]


@router.get(
    PREFIX + "/{job}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
def events(
    team: str,
    job: str,
    who: Reader,
    db: Db,
    request: Request,
    after: int = 0,
    last_event_id: Annotated[int | None, Header()] = None,
) -> StreamingResponse:
    """Server-sent events: each `JobEvent` as `id: seq`, `event: kind`, `data: JSON`; the
    stream ends after the job's last event. A client reconnecting sends Last-Event-ID."""
    views.job_row(db, team, job)
    start = last_event_id if last_event_id is not None else after

    async def stream() -> AsyncIterator[str]:
        seen, quiet = start, 0.0
        while True:
            found, ended = await run_in_threadpool(_events_after, request, job, seen)
            for e in found:
                seen = e.seq
                yield f"id: {e.seq}\nevent: {e.kind}\ndata: {json.dumps(e.data)}\n\n"
            if ended:
                return
            if await request.is_disconnected():
                return
            quiet = 0.0 if found else quiet + POLL_SECONDS
            if quiet >= KEEPALIVE_SECONDS:  # a comment keeps proxies from closing it
                quiet = 0.0
                yield ": keepalive\n\n"
            await asyncio.sleep(POLL_SECONDS)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


@router.post(PREFIX + "/{job}/stop", response_model=JobOut, status_code=202)
def stop(team: str, job: str, who: Planner, db: Db, request: Request) -> JobOut:
    """A queued job ends at once; a running one is told to stop and keeps its best rota."""
    row = views.job_row(db, team, job)
    if row.status in store.TERMINAL:
        raise store.Conflict(f"job {job} has ended ({row.status})")
    row.stop_requested = True
    if row.status == "queued":
        row.status = "stopped"
        row.finished_at = now()
        store.add_event(db, row.id, "stopped", {"before": "it started"})
    else:
        store.add_event(db, row.id, "stopping", {})
    db.commit()  # the worker reads stop_requested when its search returns
    pool = request.app.state.pool
    if pool is not None and row.status == "running":
        pool.stop(row.id)
    return views.job_out(db, row)
