"""The team, its people and sites, its tokens, and a staff member's own calendar."""

from __future__ import annotations

import tempfile
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from maillage.models.instance import Site, Staff
from maillage.models.solution import Assignment
from maillage.solver.service.api import views
from maillage.solver.service.api.access import Anyone, Db, Member, Planner, Reader
from maillage.solver.service.api.errors import ApiError, not_found
from maillage.solver.service.api.schemas import Health, Me, TeamOut, TokenCreated, TokenIn, TokenOut
from maillage.solver.service.storage import store
from maillage.solver.service.storage.database import head, utc
from maillage.solver.service.storage.tables import Month, Rota, Team, Token

router = APIRouter()
Lang = Literal["fr", "en"]
ICS = "text/calendar; charset=utf-8"


@router.get("/health", response_model=Health, tags=["service"])
def health() -> Health:
    """No token: for load balancers and the start-up check."""
    from importlib.metadata import version

    return Health(version=version("maillage"), database=head() or "")


@router.get("/api/v1/me", response_model=Me, tags=["service"])
def me(who: Anyone) -> Me:
    return Me(team=who.team, role=who.role, staff=who.staff)


@router.get("/api/v1/teams/{team}", response_model=TeamOut, tags=["teams"])
def get_team(team: str, who: Reader, db: Db) -> TeamOut:
    row = db.get(Team, team)
    if row is None:
        raise not_found(f"team {team!r}")
    months = db.scalars(select(Month.month).where(Month.team_id == team).order_by(Month.start))
    return TeamOut(id=row.id, name=row.name, kind=row.kind, months=list(months))


def _month(db: Db, team: str, month: str | None) -> Month:
    return views.latest_month(db, team) if month is None else views.month_row(db, team, month)


@router.get("/api/v1/teams/{team}/people", response_model=list[Staff], tags=["teams"])
def people(team: str, who: Reader, db: Db, month: str | None = None) -> list[Staff]:
    """The people of a month's instance (default: the latest month)."""
    return store.instance_of(_month(db, team, month)).staff


@router.get("/api/v1/teams/{team}/sites", response_model=list[Site], tags=["teams"])
def sites(team: str, who: Reader, db: Db, month: str | None = None) -> list[Site]:
    return store.instance_of(_month(db, team, month)).sites


# -- tokens ----------------------------------------------------------------------------------
def _token_out(token: Token) -> TokenOut:
    return TokenOut(
        id=token.id,
        role=token.role,
        staff=token.staff,
        label=token.label,
        created_at=utc(token.created_at),
        revoked=token.revoked,
    )


@router.get("/api/v1/teams/{team}/tokens", response_model=list[TokenOut], tags=["tokens"])
def tokens(team: str, who: Planner, db: Db) -> list[TokenOut]:
    rows = db.scalars(select(Token).where(Token.team_id == team).order_by(Token.id))
    return [_token_out(t) for t in rows]


@router.post(
    "/api/v1/teams/{team}/tokens", response_model=TokenCreated, status_code=201, tags=["tokens"]
)
def create_token(team: str, body: TokenIn, who: Planner, db: Db) -> TokenCreated:
    if (body.role == "staff") != (body.staff is not None):
        raise ApiError(422, "a staff token names its staff id ($.staff), and only a staff token")
    token, secret = store.create_token(db, team, body.role, body.staff, body.label)
    return TokenCreated(**_token_out(token).model_dump(), token=secret)


@router.delete("/api/v1/teams/{team}/tokens/{token_id}", status_code=204, tags=["tokens"])
def revoke_token(team: str, token_id: int, who: Planner, db: Db) -> Response:
    token = db.get(Token, token_id)
    if token is None or token.team_id != team:
        raise not_found(f"token {token_id}")
    token.revoked = True
    return Response(status_code=204)


# -- a staff member's own calendar -----------------------------------------------------------
def _own(who: Member) -> str:
    if who.staff is None:
        raise ApiError(403, "only a staff member's token has its own calendar")
    return who.staff


def _published(db: Db, team: str, month: str | None) -> tuple[Month, Rota]:
    chosen = _month(db, team, month)
    rota = store.latest_published(db, chosen.id)
    if rota is None:
        raise not_found(f"published rota of {chosen.month}")
    return chosen, rota


@router.get("/api/v1/teams/{team}/me/assignments", response_model=list[Assignment], tags=["staff"])
def my_assignments(team: str, who: Member, db: Db, month: str | None = None) -> list[Assignment]:
    """The caller's assignments in the month's latest published rota."""
    staff = _own(who)
    _, rota = _published(db, team, month)
    return [a for a in store.solution_of(rota).assignments if a.staff == staff]


@router.get("/api/v1/teams/{team}/me/calendar.ics", tags=["staff"], response_class=Response)
def my_calendar(
    team: str,
    who: Member,
    db: Db,
    request: Request,
    month: str | None = None,
    lang: Annotated[Lang, Query()] = "fr",
) -> Response:
    staff = _own(who)
    _, rota = _published(db, team, month)
    return Response(calendar(db, rota, staff, lang), media_type=ICS)


def calendar(db: Db, rota: Rota, staff: str | None, lang: Lang) -> str:
    """One person's iCalendar (everybody's with None), as `maillage export --ics` writes it."""
    from maillage.solver.report import write_ics

    instance = store.rota_instance(db, rota)
    solution = store.solution_of(rota)
    with tempfile.TemporaryDirectory() as folder:
        if staff is None:
            (path,) = write_ics(instance, solution, folder, combined=True, lang=lang)
            return path.read_text(encoding="utf-8")
        paths = write_ics(instance, solution, folder, lang=lang)
        for person, path in zip(instance.staff, paths, strict=True):
            if person.id == staff:
                return path.read_text(encoding="utf-8")
    raise not_found(f"staff {staff!r} in rota {rota.id}")
