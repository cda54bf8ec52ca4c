"""Who may do what: a bearer token names a team and a role. Another team's data is a 404
(the same answer as a team that does not exist, so no one learns which teams exist), a role
that may not do this a 403, no valid token a 401."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from maillage.solver.service.api.errors import ApiError, not_found
from maillage.solver.service.storage import store


@dataclass(frozen=True)
class Caller:
    token_id: int
    team: str
    role: str
    staff: str | None


def session(request: Request) -> Iterator[Session]:
    """A session per request, committed when the handler returns without an error (a
    handler may commit earlier: a stop must be stored before the worker is signalled)."""
    maker = request.app.state.sessions
    with maker() as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise


# scope "function": committed before the response is sent, so a client that reads what it
# has just written finds it, and a failed commit is an error response, not a lost write
Db = Annotated[Session, Depends(session, scope="function")]


def caller(db: Db, authorization: Annotated[str | None, Header()] = None) -> Caller:
    if authorization is None:
        raise ApiError(401, "an Authorization: Bearer TOKEN header is required")
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(401, "the Authorization header must be: Bearer TOKEN")
    token = store.find_token(db, secret.strip())
    if token is None:
        raise ApiError(401, "unknown or revoked token")
    return Caller(token.id, token.team_id, token.role, token.staff)


Anyone = Annotated[Caller, Depends(caller)]


def _own_team(team: str, who: Caller) -> None:
    if team != who.team:
        raise not_found(f"team {team!r}")


def reader(team: str, who: Anyone) -> Caller:
    """Planners and viewers of the team: every read but the tokens."""
    _own_team(team, who)
    if who.role not in ("planner", "viewer"):
        raise ApiError(403, f"a {who.role} token may read only its own calendar")
    return who


def planner(team: str, who: Anyone) -> Caller:
    """Planners of the team: every write."""
    _own_team(team, who)
    if who.role != "planner":
        raise ApiError(403, f"a {who.role} token may not change anything")
    return who


def member(team: str, who: Anyone) -> Caller:
    """Anyone of the team (a staff member's own calendar; planners and viewers too)."""
    _own_team(team, who)
    return who


Reader = Annotated[Caller, Depends(reader)]
Planner = Annotated[Caller, Depends(planner)]
Member = Annotated[Caller, Depends(member)]
