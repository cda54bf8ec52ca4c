"""Months (an instance each), their rota versions, and the jobs started from a month: a
solve and a what-if study."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select

from maillage.models.errors import InputError, Issue
from maillage.models.instance import Instance
from maillage.models.validate import cross_check
from maillage.solver.service.api import views
from maillage.solver.service.api.access import Db, Planner, Reader
from maillage.solver.service.api.errors import ApiError, not_found
from maillage.solver.service.api.schemas import (
    JobOut,
    MonthOut,
    NextMonth,
    RotaOut,
    SolveRequest,
    WhatIfRequest,
)
from maillage.solver.service.storage import store
from maillage.solver.service.storage.tables import Job, Month, Rota, now

router = APIRouter(tags=["months"])
BODY = "request body"


def known_rules() -> list[str]:
    from maillage.solver.rules import RULES

    return [r.name for r in RULES]


def checked(instance: Instance, prefix: str = "$") -> Instance:
    """The contract's cross-reference checks, as `maillage validate` runs them: 422 with
    their JSON paths (under `prefix` when the instance is a field of the body)."""
    issues = cross_check(instance, known_rules())
    if issues:
        raise InputError(
            [Issue(prefix + i.path.removeprefix("$"), i.message) for i in issues], BODY
        )
    return instance


def _under(prefix: str, issue: Issue) -> Issue:
    """An issue of an instance that is the body's field `prefix`, named from the body."""
    if not issue.path.startswith("$"):
        return issue
    return Issue(prefix + issue.path.removeprefix("$"), issue.message)


def queue(request: Request, db: Db, job: Job) -> JobOut:
    """The job's body; the pool is woken (it also looks for queued jobs twice a second, so
    a wake that comes before this request's commit is not lost)."""
    out = views.job_out(db, job)
    db.flush()
    pool = request.app.state.pool
    if pool is not None:
        pool.wake()
    return out


@router.get("/api/v1/teams/{team}/months", response_model=list[MonthOut])
def months(team: str, who: Reader, db: Db) -> list[MonthOut]:
    rows = db.scalars(select(Month).where(Month.team_id == team).order_by(Month.start))
    return [views.month_out(db, m) for m in rows]


@router.post("/api/v1/teams/{team}/months", response_model=MonthOut, status_code=201)
def create_month(team: str, instance: Instance, who: Planner, db: Db) -> MonthOut:
    """A month from its instance, keyed by the month its horizon starts in."""
    month = store.add_month(db, team, checked(instance))
    return views.month_out(db, month)


@router.get("/api/v1/teams/{team}/months/{month}", response_model=MonthOut)
def get_month(team: str, month: str, who: Reader, db: Db) -> MonthOut:
    return views.month_out(db, views.month_row(db, team, month))


@router.get("/api/v1/teams/{team}/months/{month}/instance", response_model=Instance)
def get_instance(team: str, month: str, who: Reader, db: Db) -> Instance:
    return store.instance_of(views.month_row(db, team, month))


@router.put("/api/v1/teams/{team}/months/{month}/instance", response_model=MonthOut)
def put_instance(team: str, month: str, instance: Instance, who: Planner, db: Db) -> MonthOut:
    """Replace the month's instance until a rota of it is published (drafts keep theirs)."""
    row = views.month_row(db, team, month)
    if store.month_key(instance) != row.month:
        raise InputError(
            [Issue("$.horizon.start", f"{instance.horizon.start} is not in month {row.month}")],
            BODY,
        )
    if store.latest_published(db, row.id) is not None:
        raise store.Conflict(f"month {month} has a published rota: its instance is kept")
    checked(instance)
    row.instance = instance.model_dump_json(by_alias=True)
    row.name, row.start, row.days = instance.name, instance.horizon.start, instance.horizon.days
    row.updated_at = now()
    return views.month_out(db, row)


@router.post("/api/v1/teams/{team}/months/{month}/next", response_model=MonthOut, status_code=201)
def next_month(team: str, month: str, body: NextMonth, who: Planner, db: Db) -> MonthOut:
    """The next month, its history carried from this month's rota (`apps.carry`)."""
    from maillage.solver.apps.carry import carry

    row = views.month_row(db, team, month)
    if body.rota is None:
        rota = store.latest_rota(db, row.id)
        if rota is None:
            raise store.Conflict(f"month {month} has no rota to carry")
    else:
        rota = views.rota_row(db, team, body.rota)
        if rota.month_id != row.id:
            raise InputError([Issue("$.rota", f"rota {rota.id} is not of {month}")], BODY)
    following = checked(body.instance, "$.instance")
    try:
        carried = carry(
            store.instance_of(row),
            store.solution_of(rota),
            following,
            body.keep_days,
            solution_source=f"rota {rota.id}",
            next_source=BODY,
        )
    except InputError as error:  # its paths are the next instance's: under $.instance
        issues = [
            Issue(
                "$.instance" + i.path.removeprefix("$") if i.path.startswith("$") else i.path,
                i.message,
            )
            for i in error.issues
        ]
        raise InputError(issues, error.source) from None
    created = store.add_month(db, team, carried, previous_rota_id=rota.id)
    return views.month_out(db, created)


@router.get("/api/v1/teams/{team}/months/{month}/rotas", response_model=list[RotaOut])
def rotas(team: str, month: str, who: Reader, db: Db) -> list[RotaOut]:
    row = views.month_row(db, team, month)
    found = db.scalars(select(Rota).where(Rota.month_id == row.id).order_by(Rota.version.desc()))
    return [views.rota_out(db, r) for r in found]


def limited(request: Request, body: Any) -> dict[str, Any]:
    """The request as the worker reads it, its time limit within the server's."""
    settings = request.app.state.settings
    if body.time_limit > settings.max_time_limit:
        raise InputError(
            [Issue("$.time_limit", f"at most {settings.max_time_limit:g} s on this server")],
            BODY,
        )
    data: dict[str, Any] = body.model_dump(mode="json", by_alias=True)
    return data


@router.post("/api/v1/teams/{team}/months/{month}/solve", response_model=JobOut, status_code=202)
def solve(
    team: str, month: str, body: SolveRequest, who: Planner, db: Db, request: Request
) -> JobOut:
    """Queue a solve of the month; its rota is saved as a new draft."""
    row = views.month_row(db, team, month)
    if body.hint_rota is not None:
        hint = views.rota_row(db, team, body.hint_rota)
        if hint.month_id != row.id:
            raise InputError([Issue("$.hint_rota", f"rota {hint.id} is not of {month}")], BODY)
    job = store.enqueue(db, row, "solve", limited(request, body))
    return queue(request, db, job)


@router.post("/api/v1/teams/{team}/months/{month}/whatif", response_model=JobOut, status_code=202)
def whatif(
    team: str, month: str, body: WhatIfRequest, who: Planner, db: Db, request: Request
) -> JobOut:
    """Queue a what-if study; its `result` is the ranked `WhatIfResult`."""
    row = views.month_row(db, team, month)
    instance = store.instance_of(row)
    names = [s.name for s in body.scenarios]
    if len(set(names)) != len(names):
        raise InputError([Issue("$.scenarios", "scenario names must differ")], BODY)
    for k, scenario in enumerate(body.scenarios):  # every input error before any solve
        try:
            scenario.apply(instance)
        except InputError as error:
            raise InputError(
                [Issue(f"$.scenarios[{k}]", str(i)) for i in error.issues], BODY
            ) from None
    job = store.enqueue(db, row, "whatif", limited(request, body))
    return queue(request, db, job)


__all__ = ["ApiError", "not_found", "router"]
