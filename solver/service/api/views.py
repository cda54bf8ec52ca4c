"""Rows to response bodies, and the lookups every route makes: always by team, so that an
id of another team's month, rota or job is not found (404), never read."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from maillage.solver.service.api.errors import not_found
from maillage.solver.service.api.schemas import JobOut, LockOut, MonthOut, RotaOut
from maillage.solver.service.storage import store
from maillage.solver.service.storage.database import utc
from maillage.solver.service.storage.tables import Job, Lock, Month, Rota


def month_row(db: Session, team: str, key: str) -> Month:
    month = db.scalar(select(Month).where(Month.team_id == team, Month.month == key))
    if month is None:
        raise not_found(f"month {key!r}")
    return month


def latest_month(db: Session, team: str) -> Month:
    month = db.scalar(
        select(Month).where(Month.team_id == team).order_by(Month.start.desc()).limit(1)
    )
    if month is None:
        raise not_found("month (the team has none yet)")
    return month


def rota_row(db: Session, team: str, rota_id: int) -> Rota:
    rota = db.get(Rota, rota_id)
    if rota is None or rota.team_id != team:
        raise not_found(f"rota {rota_id}")
    return rota


def job_row(db: Session, team: str, job_id: str) -> Job:
    job = db.get(Job, job_id)
    if job is None or job.team_id != team:
        raise not_found(f"job {job_id!r}")
    return job


def month_out(db: Session, month: Month) -> MonthOut:
    instance = store.instance_of(month)
    count = db.scalar(select(func.count()).select_from(Rota).where(Rota.month_id == month.id))
    published = store.latest_published(db, month.id)
    return MonthOut(
        team=month.team_id,
        month=month.month,
        name=month.name,
        start=month.start,
        days=month.days,
        staff=len(instance.staff),
        sites=len(instance.sites),
        created_at=utc(month.created_at),
        rotas=count or 0,
        published=None if published is None else published.id,
        previous_rota=month.previous_rota_id,
    )


def lock_out(lock: Lock) -> LockOut:
    return LockOut(id=lock.id, staff=lock.staff, date=lock.date, shift=lock.shift, site=lock.site)


def locks_of(db: Session, rota_id: int) -> list[Lock]:
    return list(db.scalars(select(Lock).where(Lock.rota_id == rota_id).order_by(Lock.id)))


def rota_out(db: Session, rota: Rota) -> RotaOut:
    month = db.get(Month, rota.month_id)
    assert month is not None
    return RotaOut(
        id=rota.id,
        month=month.month,
        version=rota.version,
        status=rota.status,
        origin=rota.origin,
        parent=rota.parent_id,
        job=rota.job_id,
        objective=rota.objective,
        solve_status=rota.solve_status,
        created_at=utc(rota.created_at),
        published_at=None if rota.published_at is None else utc(rota.published_at),
        locks=[lock_out(lock) for lock in locks_of(db, rota.id)],
    )


def job_out(db: Session, job: Job) -> JobOut:
    month = db.get(Month, job.month_id)
    assert month is not None
    return JobOut(
        id=job.id,
        kind=job.kind,
        status=job.status,
        month=month.month,
        rota=job.rota_id,
        best_rota=job.best_rota_id,
        objective=job.objective,
        created_at=utc(job.created_at),
        started_at=None if job.started_at is None else utc(job.started_at),
        finished_at=None if job.finished_at is None else utc(job.finished_at),
        error=job.error,
        result=None if job.result is None else json.loads(job.result),
    )
