"""A rota version: read, publish, check, diff, exports, locks and the jobs started from it
(re-solve with the locks, re-plan, cover), and a cover suggestion applied."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from maillage.models.errors import InputError, Issue
from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver.apps.cover import Suggestion
from maillage.solver.apps.diff import RotaDiff
from maillage.solver.service.api import views
from maillage.solver.service.api.access import Db, Member, Planner, Reader
from maillage.solver.service.api.errors import ApiError, not_found
from maillage.solver.service.api.months import BODY, limited, queue
from maillage.solver.service.api.schemas import (
    CheckOut,
    CoverRequest,
    JobOut,
    LockIn,
    LockOut,
    ReplanRequest,
    RotaOut,
    SolveRequest,
)
from maillage.solver.service.api.team import ICS, Lang, calendar
from maillage.solver.service.storage import store
from maillage.solver.service.storage.tables import Lock, Month, Rota

router = APIRouter(tags=["rotas"])
PREFIX = "/api/v1/teams/{team}/rotas/{rota}"
# the applications name the command line's options; the API's fields instead
FIELDS = {
    "--from": "$.from_date",
    "--leave": "$.edits",
    "--remove": "$.edits",
    "--fte": "$.edits",
    "--edits": "$.edits",
    "--slot": "$",
    "the slot (--slot)": "$",
}


def _api_paths(error: InputError) -> InputError:
    issues = [Issue(FIELDS.get(i.path, i.path), i.message) for i in error.issues]
    return InputError(issues, BODY)


def _both(db: Session, rota: Rota) -> tuple[Instance, Solution]:
    return store.rota_instance(db, rota), store.solution_of(rota)


@router.get(PREFIX, response_model=RotaOut)
def get_rota(team: str, rota: int, who: Reader, db: Db) -> RotaOut:
    return views.rota_out(db, views.rota_row(db, team, rota))


@router.get(PREFIX + "/solution", response_model=Solution)
def get_solution(team: str, rota: int, who: Reader, db: Db) -> Solution:
    return store.solution_of(views.rota_row(db, team, rota))


@router.get(PREFIX + "/instance", response_model=Instance)
def get_instance(team: str, rota: int, who: Reader, db: Db) -> Instance:
    return store.rota_instance(db, views.rota_row(db, team, rota))


@router.post(PREFIX + "/publish", response_model=RotaOut)
def publish(team: str, rota: int, who: Planner, db: Db) -> RotaOut:
    """A draft becomes published, and is never changed again."""
    return views.rota_out(db, store.publish(db, views.rota_row(db, team, rota)))


@router.get(PREFIX + "/check", response_model=CheckOut)
def check(team: str, rota: int, who: Reader, db: Db) -> CheckOut:
    """The independent checker, as `maillage check --json`."""
    from maillage.solver import check as run

    report = run(*_both(db, views.rota_row(db, team, rota)))
    ev = report.evaluation
    return CheckOut(
        ok=report.ok,
        hard_violations=[v.model_dump(mode="json") for v in ev.hard],
        mismatches=report.mismatches,
        notes=report.notes,
        terms=ev.terms,
        total=ev.total,
        soft_violations=len(ev.soft),
    )


class DiffOut(BaseModel):
    diff: RotaDiff
    lines: list[str] = Field(description="The changes in words, as `maillage diff` prints.")


@router.get(PREFIX + "/diff", response_model=DiffOut)
def diff(
    team: str,
    rota: int,
    against: int,
    who: Reader,
    db: Db,
    lang: Annotated[Lang, Query()] = "en",
) -> DiffOut:
    """What changed from rota `against` (before) to this one (after), recomputed."""
    from maillage.solver.apps.diff import diff as run

    after = views.rota_row(db, team, rota)
    before = views.rota_row(db, team, against)
    if before.month_id != after.month_id:
        raise InputError([Issue("against", f"rota {against} is of another month")], "query")
    instance, solution = _both(db, after)
    out = run(instance, store.solution_of(before), solution, (f"rota {against}", f"rota {rota}"))
    return DiffOut(diff=out, lines=out.lines(lang))


# -- exports ---------------------------------------------------------------------------------
@router.get(PREFIX + "/report.html", response_class=HTMLResponse)
def report(
    team: str,
    rota: int,
    who: Reader,
    db: Db,
    lang: Annotated[Lang, Query()] = "fr",
    compare: int | None = None,
) -> HTMLResponse:
    """`maillage report`; `compare`: an earlier rota, its changes highlighted."""
    from maillage.models.validate import check_rota
    from maillage.solver.report import render

    row = views.rota_row(db, team, rota)
    instance, solution = _both(db, row)
    earlier = None
    if compare is not None:
        earlier = store.solution_of(views.rota_row(db, team, compare))
        check_rota(instance, earlier, f"rota {compare}")
    return HTMLResponse(render(instance, solution, lang, compare=earlier))


def _csv(db: Session, team: str, rota: int, name: str) -> Response:
    from maillage.solver.report import write_csv

    instance, solution = _both(db, views.rota_row(db, team, rota))
    with tempfile.TemporaryDirectory() as folder:
        write_csv(instance, solution, folder)
        text = (Path(folder) / name).read_text(encoding="utf-8")
    return Response(text, media_type="text/csv; charset=utf-8")


@router.get(PREFIX + "/assignments.csv", response_class=Response)
def assignments_csv(team: str, rota: int, who: Reader, db: Db) -> Response:
    return _csv(db, team, rota, "assignments.csv")


@router.get(PREFIX + "/staff.csv", response_class=Response)
def staff_csv(team: str, rota: int, who: Reader, db: Db) -> Response:
    return _csv(db, team, rota, "staff.csv")


@router.get(PREFIX + "/calendar.ics", response_class=Response)
def calendar_all(
    team: str, rota: int, who: Reader, db: Db, lang: Annotated[Lang, Query()] = "fr"
) -> Response:
    return Response(calendar(db, views.rota_row(db, team, rota), None, lang), media_type=ICS)


@router.get(PREFIX + "/calendar/{staff}.ics", response_class=Response)
def calendar_one(
    team: str,
    rota: int,
    staff: str,
    who: Member,
    db: Db,
    lang: Annotated[Lang, Query()] = "fr",
) -> Response:
    """One person's calendar: planners and viewers, or that person on a published rota."""
    row = views.rota_row(db, team, rota)
    if who.role == "staff" and (who.staff != staff or row.status != "published"):
        raise ApiError(403, "a staff token reads only its own calendar of a published rota")
    return Response(calendar(db, row, staff, lang), media_type=ICS)


# -- locks and the jobs from a rota ----------------------------------------------------------
def _draft(db: Session, team: str, rota: int) -> Rota:
    row = views.rota_row(db, team, rota)
    if row.status != "draft":
        raise store.Conflict(f"rota {rota} is published: it is never changed (re-plan it)")
    return row


@router.get(PREFIX + "/locks", response_model=list[LockOut])
def locks(team: str, rota: int, who: Reader, db: Db) -> list[LockOut]:
    return [views.lock_out(lock) for lock in views.locks_of(db, views.rota_row(db, team, rota).id)]


@router.post(PREFIX + "/locks", response_model=LockOut, status_code=201)
def add_lock(team: str, rota: int, body: LockIn, who: Planner, db: Db) -> LockOut:
    """Fix a cell of a draft: the next re-solve keeps it."""
    row = _draft(db, team, rota)
    instance = store.rota_instance(db, row)
    issues = _unknown(instance, body)
    if issues:
        raise InputError(issues, BODY)
    taken = db.scalar(
        select(Lock).where(
            Lock.rota_id == row.id,
            Lock.staff == body.staff,
            Lock.date == body.date,
            Lock.shift == body.shift,
        )
    )
    if taken is not None:
        raise store.Conflict(f"lock {taken.id} holds that cell already")
    lock = Lock(rota_id=row.id, **body.model_dump())
    db.add(lock)
    db.flush()
    return views.lock_out(lock)


def _unknown(instance: Instance, lock: LockIn) -> list[Issue]:
    places = {s.id for s in instance.sites} | {s.id for s in instance.sectors}
    h = instance.horizon
    found = []
    if lock.staff not in {p.id for p in instance.staff}:
        found.append(Issue("$.staff", f"unknown staff id {lock.staff!r}"))
    if lock.shift not in {s.id for s in instance.shifts}:
        found.append(Issue("$.shift", f"unknown shift id {lock.shift!r}"))
    if lock.site not in places:
        found.append(Issue("$.site", f"unknown site or sector id {lock.site!r}"))
    if not h.start <= lock.date <= h.end:
        found.append(Issue("$.date", f"{lock.date} is outside the horizon {h.start} to {h.end}"))
    return found


@router.delete(PREFIX + "/locks/{lock}", status_code=204)
def remove_lock(team: str, rota: int, lock: int, who: Planner, db: Db) -> Response:
    row = _draft(db, team, rota)
    found = db.get(Lock, lock)
    if found is None or found.rota_id != row.id:
        raise not_found(f"lock {lock}")
    db.delete(found)
    return Response(status_code=204)


def _month(db: Session, row: Rota) -> Month:
    month = db.get(Month, row.month_id)
    assert month is not None
    return month


@router.post(PREFIX + "/resolve", response_model=JobOut, status_code=202)
def resolve(
    team: str, rota: int, body: SolveRequest, who: Planner, db: Db, request: Request
) -> JobOut:
    """Solve the month again keeping this rota's locks, warm-started from it: a new draft."""
    row = views.rota_row(db, team, rota)
    job = store.enqueue(db, _month(db, row), "resolve", limited(request, body), rota_id=row.id)
    return queue(request, db, job)


@router.post(PREFIX + "/replan", response_model=JobOut, status_code=202)
def replan(
    team: str, rota: int, body: ReplanRequest, who: Planner, db: Db, request: Request
) -> JobOut:
    """Re-plan a published rota from `from_date` (`maillage replan`): a new draft."""
    from maillage.solver.apps.replan import replan_instance

    row = views.rota_row(db, team, rota)
    if row.status != "published":
        raise store.Conflict(f"rota {rota} is a draft: re-plan a published rota")
    instance, published = _both(db, row)
    try:  # every input error now, not in the worker
        replan_instance(instance, published, body.from_date, body.edits)
    except InputError as error:
        raise _api_paths(error) from None
    job = store.enqueue(db, _month(db, row), "replan", limited(request, body), rota_id=row.id)
    return queue(request, db, job)


@router.post(PREFIX + "/cover", response_model=JobOut, status_code=202)
def cover(
    team: str, rota: int, body: CoverRequest, who: Planner, db: Db, request: Request
) -> JobOut:
    """Who can take an open slot (`maillage cover`): the job's result is a CoverAnswer."""
    from maillage.models.facts import Facts
    from maillage.solver.apps.cover import resolve_slot

    row = views.rota_row(db, team, rota)
    instance = store.rota_instance(db, row)
    try:
        resolve_slot(Facts(instance), body.date, body.shift, body.site)
    except InputError as error:
        raise _api_paths(error) from None
    job = store.enqueue(db, _month(db, row), "cover", limited(request, body), rota_id=row.id)
    return queue(request, db, job)


@router.post(PREFIX + "/cover/apply", response_model=RotaOut, status_code=201)
def apply_suggestion(
    team: str, rota: int, body: Suggestion, who: Planner, db: Db, request: Request
) -> RotaOut:
    """A new draft: this rota with a cover suggestion applied, its figures recomputed."""
    from maillage.models.validate import check_rota
    from maillage.solver.apps.cover import applied

    row = views.rota_row(db, team, rota)
    instance, solution = _both(db, row)
    new = applied(instance, solution, body)
    check_rota(instance, new, BODY)
    maker = request.app.state.sessions
    own = None if row.instance is None else instance
    db.flush()
    saved = store.add_rota(maker, row.month_id, new, "cover", parent_id=row.id, instance=own)
    return views.rota_out(db, db.get(Rota, saved.id) or saved)
