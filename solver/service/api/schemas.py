"""The API's own request and response bodies; the contract's (`Instance`, `Solution`,
`Staff`, `Site`) and the applications' (`Scenario`, `Edit`, `CoverAnswer`, `Suggestion`,
`RotaDiff`, `WhatIfResult`) are used as they are, so that the OpenAPI schema is the
contract's."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from maillage.models.instance import Instance
from maillage.models.limits import MAX_SEED
from maillage.solver.apps.replan import Edit
from maillage.solver.apps.whatif import Scenario

Role = Literal["planner", "viewer", "staff"]
JobKind = Literal["solve", "resolve", "replan", "whatif", "cover"]
JobStatus = Literal["queued", "running", "done", "stopped", "interrupted", "failed"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IssueOut(BaseModel):
    path: str = Field(description="JSON path in the request body, as the CLI names it.")
    message: str


class Problem(BaseModel):
    error: str = Field(description="not_found, forbidden, unauthorized, conflict, too_large")
    message: str


class InputProblem(BaseModel):
    error: Literal["bad_input"] = "bad_input"
    source: str
    issues: list[IssueOut]


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    database: str = Field(description="The database's migration revision.")


class Me(BaseModel):
    team: str
    role: Role
    staff: str | None = None


class TeamOut(BaseModel):
    id: str
    name: str
    kind: str
    months: list[str] = Field(description="YYYY-MM, oldest first.")


class MonthOut(BaseModel):
    team: str
    month: str = Field(description="YYYY-MM of the horizon's start.")
    name: str
    start: dt.date
    days: int
    staff: int
    sites: int
    created_at: dt.datetime
    rotas: int = Field(description="Versions of its rota.")
    published: int | None = Field(description="The latest published rota's id.")
    previous_rota: int | None = Field(
        default=None, description="The rota of the month before its history was carried from."
    )


class NextMonth(_In):
    instance: Instance = Field(description="The next month; its history is replaced.")
    rota: int | None = Field(
        default=None,
        description="The rota of this month to carry; default: its latest published, else "
        "its latest version.",
    )
    keep_days: int = Field(default=14, ge=1, le=62)


class SolveRequest(_In):
    time_limit: float = Field(default=60.0, gt=0, description="Seconds.")
    workers: int | None = Field(
        default=None, ge=1, le=64, description="Search threads; default: the server's."
    )
    seed: int = Field(default=0, ge=0, le=MAX_SEED)
    relax: bool = Field(default=False, description="Return the rota breaking the fewest rules.")
    hint_rota: int | None = Field(
        default=None, description="A rota of this month to warm-start from (solve only)."
    )


class ReplanRequest(SolveRequest):
    from_date: dt.date = Field(description="Days before it are kept as published.")
    edits: list[Edit] = Field(
        default_factory=list, description="Leave, departures, FTE changes, locks."
    )
    reoptimise: bool = False


class WhatIfRequest(_In):
    scenarios: list[Scenario] = Field(min_length=1)
    time_limit: float = Field(default=60.0, gt=0, description="Seconds per solve.")
    seed: int = Field(default=0, ge=0, le=MAX_SEED)


class CoverRequest(_In):
    date: dt.date
    shift: str
    site: str = Field(description="Site id; for an on-call slot, the sector id.")
    top: int = Field(default=5, ge=1, le=50)
    time_limit: float = Field(default=10.0, gt=0)


class LockIn(_In):
    staff: str
    date: dt.date
    shift: str
    site: str = Field(description="Site id, or sector id for an on-call slot.")


class LockOut(LockIn):
    id: int


class RotaOut(BaseModel):
    id: int
    month: str
    version: int
    status: Literal["draft", "published"]
    origin: str = Field(description="solve, resolve, replan, cover")
    parent: int | None
    job: str | None
    objective: float | None
    solve_status: str
    created_at: dt.datetime
    published_at: dt.datetime | None
    locks: list[LockOut] = Field(default_factory=list)


class JobOut(BaseModel):
    id: str
    kind: JobKind
    status: JobStatus
    month: str
    rota: int | None = Field(description="The rota it started from.")
    best_rota: int | None = Field(description="The rota it saved.")
    objective: float | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error: str | None
    result: dict[str, Any] | None = Field(
        description="A what-if's WhatIfResult, a cover's CoverAnswer."
    )


class EventOut(BaseModel):
    seq: int
    at: dt.datetime
    kind: str
    data: dict[str, Any]


class CheckOut(BaseModel):
    ok: bool
    hard_violations: list[dict[str, Any]]
    mismatches: list[str]
    notes: list[str] = []
    terms: dict[str, float]
    total: float
    soft_violations: int


class TokenIn(_In):
    role: Role
    staff: str | None = Field(default=None, description="The staff id of a staff token.")
    label: str = Field(default="", max_length=200)


class TokenOut(BaseModel):
    id: int
    role: Role
    staff: str | None
    label: str
    created_at: dt.datetime
    revoked: bool


class TokenCreated(TokenOut):
    token: str = Field(description="Shown once: only its hash is kept.")
