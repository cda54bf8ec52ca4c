"""What the API, the workers and the command line do with the database, in one place, so
that the rules (a published rota never changes, versions are numbered per month, a job
ends once) are written once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver.service.storage.tables import (
    Job,
    JobEvent,
    Lock,
    Month,
    Rota,
    Team,
    Token,
    now,
)

ROLES = ("planner", "viewer", "staff")
TERMINAL = ("done", "stopped", "interrupted", "failed")
TOKEN_PREFIX = "mlg_"


class Conflict(Exception):
    """The request does not fit the state (a published rota changed, a month twice)."""


def digest(secret: str) -> str:
    """Tokens are 32 random bytes: a plain SHA-256 is enough, no slow hash is needed."""
    return hashlib.sha256(secret.encode()).hexdigest()


def month_key(instance: Instance) -> str:
    return instance.horizon.start.strftime("%Y-%m")


# -- teams and tokens ------------------------------------------------------------------------
def ensure_team(
    session: Session, team_id: str, name: str | None = None, kind: str = "centre"
) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        team = Team(id=team_id, name=name or team_id, kind=kind, created_at=now())
        session.add(team)
        session.flush()
    return team


def create_token(
    session: Session, team_id: str, role: str, staff: str | None = None, label: str = ""
) -> tuple[Token, str]:
    """The token row and the secret, which is shown once and never stored."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if (role == "staff") != (staff is not None):
        raise ValueError("a staff token names its staff id, and only a staff token does")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = Token(
        team_id=team_id,
        role=role,
        staff=staff,
        digest=digest(secret),
        label=label,
        created_at=now(),
        revoked=False,
    )
    session.add(token)
    session.flush()
    return token, secret


def find_token(session: Session, secret: str) -> Token | None:
    token = session.scalar(select(Token).where(Token.digest == digest(secret)))
    return None if token is None or token.revoked else token


# -- months and rotas ------------------------------------------------------------------------
def add_month(
    session: Session, team_id: str, instance: Instance, previous_rota_id: int | None = None
) -> Month:
    key = month_key(instance)
    exists = session.scalar(select(Month).where(Month.team_id == team_id, Month.month == key))
    if exists is not None:
        raise Conflict(f"month {key} exists already")
    month = Month(
        team_id=team_id,
        month=key,
        name=instance.name,
        start=instance.horizon.start,
        days=instance.horizon.days,
        instance=instance.model_dump_json(by_alias=True),
        previous_rota_id=previous_rota_id,
        created_at=now(),
        updated_at=now(),
    )
    session.add(month)
    session.flush()
    return month


def instance_of(month: Month) -> Instance:
    return Instance.model_validate_json(month.instance)


def rota_instance(session: Session, rota: Rota) -> Instance:
    """The instance a rota is a rota of: its own (a re-plan's) or its month's."""
    if rota.instance is not None:
        return Instance.model_validate_json(rota.instance)
    month = session.get(Month, rota.month_id)
    assert month is not None  # a foreign key
    return instance_of(month)


def solution_of(rota: Rota) -> Solution:
    return Solution.model_validate_json(rota.solution)


def add_rota(
    maker: sessionmaker[Session],
    month_id: int,
    solution: Solution,
    origin: str,
    *,
    parent_id: int | None = None,
    job_id: str | None = None,
    instance: Instance | None = None,
    locks: list[Lock] | None = None,
) -> Rota:
    """A new draft, numbered after the month's last version, in its own transaction: two
    workers finishing at once both read the same last number, and the loser retries."""
    for attempt in range(5):
        try:
            with maker() as session, session.begin():
                month = session.get(Month, month_id)
                assert month is not None
                last = session.scalar(
                    select(func.max(Rota.version)).where(Rota.month_id == month_id)
                )
                rota = Rota(
                    team_id=month.team_id,
                    month_id=month_id,
                    version=(last or 0) + 1,
                    status="draft",
                    origin=origin,
                    parent_id=parent_id,
                    job_id=job_id,
                    solution=solution.model_dump_json(by_alias=True),
                    instance=None if instance is None else instance.model_dump_json(by_alias=True),
                    objective=None if solution.objective is None else solution.objective.total,
                    solve_status=solution.status.value,
                    created_at=now(),
                )
                session.add(rota)
                session.flush()
                for lock in locks or []:
                    session.add(
                        Lock(
                            rota_id=rota.id,
                            staff=lock.staff,
                            date=lock.date,
                            shift=lock.shift,
                            site=lock.site,
                        )
                    )
                return rota
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def rewrite_rota(maker: sessionmaker[Session], rota_id: int, solution: Solution) -> Rota:
    """A job's draft rewritten with a better rota of the same search (the draft it saved
    mid-search, then its final rota): the one row a job writes, whatever it finds. A rota
    published meanwhile is never changed."""
    with maker() as session, session.begin():
        rota = session.get(Rota, rota_id, with_for_update=True)
        assert rota is not None
        if rota.status != "draft":
            raise Conflict(f"rota {rota.id} is {rota.status}, not a draft")
        rota.solution = solution.model_dump_json(by_alias=True)
        rota.objective = None if solution.objective is None else solution.objective.total
        rota.solve_status = solution.status.value
        session.flush()
        session.expunge(rota)
        return rota


def publish(session: Session, rota: Rota) -> Rota:
    if rota.status != "draft":
        raise Conflict(f"rota {rota.id} is {rota.status}, not a draft")
    rota.status = "published"
    rota.published_at = now()
    session.flush()
    return rota


def latest_published(session: Session, month_id: int) -> Rota | None:
    return session.scalar(
        select(Rota)
        .where(Rota.month_id == month_id, Rota.status == "published")
        .order_by(Rota.version.desc())
        .limit(1)
    )


def latest_rota(session: Session, month_id: int) -> Rota | None:
    return latest_published(session, month_id) or session.scalar(
        select(Rota).where(Rota.month_id == month_id).order_by(Rota.version.desc()).limit(1)
    )


# -- jobs ------------------------------------------------------------------------------------
def enqueue(
    session: Session,
    month: Month,
    kind: str,
    request: dict[str, Any],
    rota_id: int | None = None,
) -> Job:
    job = Job(
        id=uuid.uuid4().hex,
        team_id=month.team_id,
        month_id=month.id,
        rota_id=rota_id,
        kind=kind,
        status="queued",
        request=json.dumps(request),
        stop_requested=False,
        created_at=now(),
    )
    session.add(job)
    session.flush()
    add_event(session, job.id, "queued", {})
    return job


def add_event(session: Session, job_id: str, kind: str, data: dict[str, Any]) -> None:
    session.add(JobEvent(job_id=job_id, kind=kind, data=json.dumps(data), at=now()))


def claim_next(maker: sessionmaker[Session]) -> Job | None:
    """The oldest queued job, marked running; None when there is none. The update checks
    the status again, so a job stopped meanwhile is not claimed."""
    with maker() as session, session.begin():
        job = session.scalar(
            select(Job).where(Job.status == "queued").order_by(Job.created_at, Job.id).limit(1)
        )
        if job is None:
            return None
        claimed = session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == "queued")
            .values(status="running", started_at=now())
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        session.refresh(job)
        return job


def sweep(maker: sessionmaker[Session]) -> list[str]:
    """At startup: every job a dead server left running is interrupted (its worker, if
    alive, saves its best rota on its own and keeps the status)."""
    with maker() as session, session.begin():
        ids = list(session.scalars(select(Job.id).where(Job.status == "running")))
        for job_id in ids:
            session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "running")
                .values(status="interrupted", finished_at=now())
            )
            add_event(session, job_id, "interrupted", {"reason": "the server restarted"})
        return ids


def finish(
    maker: sessionmaker[Session],
    job_id: str,
    status: str,
    *,
    event: dict[str, Any] | None = None,
    error: str | None = None,
    result: str | None = None,
) -> str:
    """Ends a job once: a job already ended (interrupted by a restarted server) keeps that
    status, but gets the rota and result this run saved. Returns the status kept."""
    with maker() as session, session.begin():
        job = session.get(Job, job_id, with_for_update=True)
        assert job is not None
        if job.status in TERMINAL:
            status = job.status
        else:
            job.status = status
            job.finished_at = now()
        if error is not None:
            job.error = error
        if result is not None:
            job.result = result
        add_event(session, job_id, status, event or {})
        return status


def set_best(maker: sessionmaker[Session], job_id: str, rota: Rota) -> None:
    with maker() as session, session.begin():
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(best_rota_id=rota.id, objective=rota.objective)
        )
        add_event(session, job_id, "rota", {"rota": rota.id, "objective": rota.objective})


def age(value: dt.datetime) -> float:
    return (now() - (value if value.tzinfo else value.replace(tzinfo=dt.UTC))).total_seconds()
