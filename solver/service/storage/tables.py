"""The tables, as SQLAlchemy 2.0 ORM classes. The schema itself is made by the migrations
(`migrations/versions/`); a test checks that they and these classes agree.

Contract objects (an instance, a solution, a what-if result) are stored as their JSON text:
the pydantic contract is their schema, and a column per field would duplicate it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = 64  # longest id of a team, a person, a site, a shift


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Team(Base):
    """A centre or a network: the unit of access (a token belongs to one team)."""

    __tablename__ = "teams"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # centre | network
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Token(Base):
    """Only the SHA-256 of a token is kept: a stolen database gives no working token."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # planner | viewer | staff
    staff: Mapped[str | None] = mapped_column(String(ID), nullable=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Month(Base):
    """One instance per team and month, keyed by the month of its horizon's start."""

    __tablename__ = "months"
    __table_args__ = (UniqueConstraint("team_id", "month", name="uq_months_team_month"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    instance: Mapped[str] = mapped_column(Text)  # Instance JSON
    previous_rota_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Rota(Base):
    """A version of a month's rota. A published one is never changed: a re-plan, a
    re-solve or an applied suggestion is a new draft whose `parent` it is."""

    __tablename__ = "rotas"
    __table_args__ = (UniqueConstraint("month_id", "version", name="uq_rotas_month_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("months.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # draft | published
    origin: Mapped[str] = mapped_column(String(16))  # solve | resolve | replan | cover | import
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("rotas.id"), nullable=True)
    job_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    solution: Mapped[str] = mapped_column(Text)  # Solution JSON
    # the instance it is a rota of, when not the month's (a re-plan's has its replan section)
    instance: Mapped[str | None] = mapped_column(Text, nullable=True)
    objective: Mapped[float | None] = mapped_column(Float, nullable=True)
    solve_status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Lock(Base):
    """A cell of a draft the planner fixes: a re-solve keeps it (`Staff.fixed`)."""

    __tablename__ = "locks"
    __table_args__ = (UniqueConstraint("rota_id", "staff", "date", "shift", name="uq_locks_cell"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rota_id: Mapped[int] = mapped_column(ForeignKey("rotas.id"), index=True)
    staff: Mapped[str] = mapped_column(String(ID))
    date: Mapped[dt.date] = mapped_column(Date)
    shift: Mapped[str] = mapped_column(String(ID))
    site: Mapped[str] = mapped_column(String(ID))


class Job(Base):
    """A solve, re-solve, re-plan, what-if or cover, queued then run by a worker process."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_created", "status", "created_at"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("months.id"), index=True)
    rota_id: Mapped[int | None] = mapped_column(ForeignKey("rotas.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))  # solve | resolve | replan | whatif | cover
    status: Mapped[str] = mapped_column(String(16))
    request: Mapped[str] = mapped_column(Text)  # the request body, JSON
    best_rota_id: Mapped[int | None] = mapped_column(ForeignKey("rotas.id"), nullable=True)
    objective: Mapped[float | None] = mapped_column(Float, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # what-if, cover: JSON
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    worker_pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stop_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class JobEvent(Base):
    """A job's progress; the id orders them and is the SSE event id (resume after it)."""

    __tablename__ = "job_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[str] = mapped_column(Text, default="{}")
