"""The planners' pages. Each route checks access with the API's own dependencies (the token
read from an HttpOnly cookie instead of the Authorization header) and acts by calling the
API's own route function: the web app adds pages, never rules."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, FastAPI, Form, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from maillage.models.errors import InputError, Issue
from maillage.models.facts import Facts
from maillage.models.instance import Instance, Role
from maillage.models.load import parse
from maillage.models.solution import Solution
from maillage.solver.apps.cover import CoverAnswer
from maillage.solver.apps.whatif import Leave, WhatIfResult, recruit_scenarios
from maillage.solver.report import view
from maillage.solver.report.changes import compare as changes_from
from maillage.solver.report.i18n import Lang, labels, number
from maillage.solver.report.rows import rows
from maillage.solver.service.api import access, months, rotas, views
from maillage.solver.service.api import jobs as job_api
from maillage.solver.service.api import team as team_api
from maillage.solver.service.api.access import Caller, Db
from maillage.solver.service.api.errors import ApiError, issues_of
from maillage.solver.service.api.schemas import (
    CoverRequest,
    LockIn,
    NextMonth,
    ReplanRequest,
    SolveRequest,
    WhatIfRequest,
)
from maillage.solver.service.storage import store
from maillage.solver.service.storage.store import Conflict
from maillage.solver.service.storage.tables import Month, Rota
from maillage.solver.service.web import sheets
from maillage.solver.service.web.following import next_instance
from maillage.solver.service.web.i18n import WORDS

router = APIRouter(include_in_schema=False)
COOKIE = "maillage_token"
LANG_COOKIE = "maillage_lang"
TEMPLATES = Path(__file__).parent / "templates"
COOKIE_SECONDS = 8 * 3600  # a signed-in cookie lasts a working day
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class SignIn(Exception):
    """No valid token in the cookie: the sign-in page."""


def lang_of(request: Request) -> Lang:
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "fr"


def web_caller(request: Request, db: Db) -> Caller:
    """The API's `caller`, given the cookie's token as the bearer token."""
    secret = request.cookies.get(COOKIE)
    if not secret:
        raise SignIn
    try:
        return access.caller(db, f"Bearer {secret}")
    except ApiError as error:
        if error.status == 401:
            raise SignIn from None
        raise


WebCaller = Annotated[Caller, Depends(web_caller)]


def web_reader(team: str, who: WebCaller) -> Caller:
    return access.reader(team, who)


def web_planner(team: str, who: WebCaller) -> Caller:
    return access.planner(team, who)


def web_member(team: str, who: WebCaller) -> Caller:
    return access.member(team, who)


Reader = Annotated[Caller, Depends(web_reader)]
Planner = Annotated[Caller, Depends(web_planner)]
Member = Annotated[Caller, Depends(web_member)]


def page(
    request: Request, name: str, who: Caller | None = None, status: int = 200, **context: Any
) -> HTMLResponse:
    lang = lang_of(request)
    html = _env.get_template(name).render(
        lang=lang,
        t=labels(lang),
        w=WORDS[lang],
        who=who,
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        num=lambda value, digits=1: number(value, lang, digits),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _download(response: Response, filename: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- signing in ------------------------------------------------------------------------------
@router.get("/")
def root() -> RedirectResponse:
    return go("/app")


@router.get("/app", response_class=HTMLResponse)
def home(request: Request, db: Db) -> Response:
    try:
        who = web_caller(request, db)
    except SignIn:
        return page(request, "login.html.j2")
    if who.role == "staff":
        return go(f"/app/{who.team}/me")
    return go(f"/app/{who.team}")


@router.post("/app/login")
def login(request: Request, db: Db, token: Annotated[str, Form()] = "") -> Response:
    found = store.find_token(db, token.strip()) if token.strip() else None
    if found is None:
        return page(request, "login.html.j2", status=401, failed=True)
    response = go("/app")
    response.set_cookie(
        COOKIE,
        token.strip(),
        max_age=COOKIE_SECONDS,
        httponly=True,
        samesite="strict",  # a form posted from another site carries no cookie
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/app/logout")
def logout() -> Response:
    response = go("/app")
    response.delete_cookie(COOKIE)
    return response


@router.get("/app/lang/{lang}")
def switch(lang: Lang, back: str = "/app") -> Response:
    response = go(back if back.startswith("/app") else "/app")  # never off the site
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


# -- the team and its months -----------------------------------------------------------------
@router.get("/app/{team}", response_class=HTMLResponse)
def team_page(team: str, who: Reader, db: Db, request: Request) -> Response:
    found = months.months(team, who, db)
    return page(request, "team.html.j2", who, team=team, months=list(reversed(found)))


@router.post("/app/{team}/months/next")
def create_next(team: str, who: Planner, db: Db) -> Response:
    last = views.latest_month(db, team)
    following = next_instance(store.instance_of(last))
    out = months.next_month(team, last.month, NextMonth(instance=following), who, db)
    return go(f"/app/{team}/months/{out.month}")


@router.post("/app/{team}/months")
async def create_month(team: str, who: Planner, db: Db, file: UploadFile) -> Response:
    text = (await file.read()).decode("utf-8-sig")
    instance = parse(Instance, text, file.filename or "upload")
    out = months.create_month(team, instance, who, db)
    return go(f"/app/{team}/months/{out.month}")


def _month_page(
    request: Request, team: str, month: str, who: Caller, db: Db, **extra: Any
) -> HTMLResponse:
    instance = months.get_instance(team, month, who, db)
    return page(
        request,
        "month.html.j2",
        who,
        status=extra.pop("status", 200),
        team=team,
        month=months.get_month(team, month, who, db),
        rotas=months.rotas(team, month, who, db),
        jobs=job_api.jobs(team, who, db, month=month),
        instance=instance,
        roles=[r.value for r in Role],
        imported=extra.pop("imported", None),
        import_errors=extra.pop("import_errors", None),
        **extra,
    )


@router.get("/app/{team}/months/{month}", response_class=HTMLResponse)
def month_page(team: str, month: str, who: Reader, db: Db, request: Request) -> Response:
    return _month_page(request, team, month, who, db)


@router.get("/app/{team}/months/{month}/templates/{kind}.csv")
def template_csv(
    team: str, month: str, kind: sheets.Kind, who: Reader, db: Db, request: Request
) -> Response:
    instance = months.get_instance(team, month, who, db)
    text = sheets.template_csv(instance, kind, lang_of(request))
    return _download(Response(text, media_type="text/csv; charset=utf-8"), f"{kind}.csv")


@router.get("/app/{team}/months/{month}/templates/import.xlsx")
def template_xlsx(team: str, month: str, who: Reader, db: Db, request: Request) -> Response:
    instance = months.get_instance(team, month, who, db)
    data = sheets.template_xlsx(instance, lang_of(request))
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(Response(data, media_type=kind), f"maillage-{month}.xlsx")


@router.post("/app/{team}/months/{month}/import", response_class=HTMLResponse)
async def import_sheet(
    team: str, month: str, who: Planner, db: Db, request: Request, file: UploadFile
) -> Response:
    """People, leave and preferences into the month's instance, all or nothing."""
    instance = months.get_instance(team, month, who, db)
    found, errors = sheets.read(file.filename or "upload", await file.read())
    result = sheets.apply(instance, found)
    errors += result.errors
    try:
        months.checked(result.instance)
    except InputError as error:  # the contract's cross-references, placed on the rows
        for issue in error.issues:
            where = sheets.locate(issue.path, result.instance, found)
            errors.append(sheets.RowError(*where, issue.message))
    if errors:
        return _month_page(request, team, month, who, db, status=422, import_errors=errors)
    months.put_instance(team, month, result.instance, who, db)
    return _month_page(request, team, month, who, db, imported=result.done)


def _seconds(value: str) -> float:
    try:
        seconds = float(value.replace(",", "."))
    except ValueError:
        seconds = 0.0
    return seconds if seconds > 0 else 30.0


@router.post("/app/{team}/months/{month}/solve")
def solve(
    team: str,
    month: str,
    who: Planner,
    db: Db,
    request: Request,
    time_limit: Annotated[str, Form()] = "30",
) -> Response:
    body = SolveRequest(time_limit=_seconds(time_limit))
    job = months.solve(team, month, body, who, db, request)
    return go(f"/app/{team}/jobs/{job.id}")


@router.post("/app/{team}/months/{month}/whatif")
def whatif(
    team: str,
    month: str,
    who: Planner,
    db: Db,
    request: Request,
    role: Annotated[Role, Form()],
    ftes: Annotated[str, Form()] = "1",
    time_limit: Annotated[str, Form()] = "20",
) -> Response:
    """A recruit of this role at each home site and each FTE, ranked (`maillage whatif`)."""
    instance = months.get_instance(team, month, who, db)
    scenarios = []
    for text in ftes.replace(";", ",").split(","):
        if text.strip():
            try:
                fte = float(text.strip())
            except ValueError:
                issue = Issue("ftes", f"{text.strip()!r} is not a number")
                raise InputError([issue], "form") from None
            scenarios += recruit_scenarios(instance, role, fte)
    body = WhatIfRequest(scenarios=scenarios, time_limit=_seconds(time_limit))
    job = months.whatif(team, month, body, who, db, request)
    return go(f"/app/{team}/jobs/{job.id}")


# -- jobs ------------------------------------------------------------------------------------
@router.get("/app/{team}/jobs/{job}", response_class=HTMLResponse)
def job_page(team: str, job: str, who: Reader, db: Db, request: Request) -> Response:
    out = job_api.get_job(team, job, who, db)
    events = job_api.events_json(team, job, who, db)
    asked = json.loads(views.job_row(db, team, job).request)
    ranking = cover = None
    if out.result is not None and out.kind == "whatif":
        ranking = WhatIfResult.model_validate(out.result)
    if out.result is not None and out.kind == "cover":
        cover = CoverAnswer.model_validate(out.result)
    return page(
        request,
        "job.html.j2",
        who,
        team=team,
        job=out,
        events=events,
        last=events[-1].seq if events else 0,
        time_limit=float(asked.get("time_limit", 60)),
        ended=out.status in store.TERMINAL,
        ranking=ranking,
        cover=cover,
        event_labels={k: v for k, v in WORDS[lang_of(request)].items() if k.startswith("ev_")},
    )


@router.get("/app/{team}/jobs/{job}/events")
def job_events(team: str, job: str, who: Reader, db: Db, request: Request, after: int = 0) -> Any:
    """The API's event stream, for the page's EventSource (which sends no header)."""
    last = request.headers.get("last-event-id")
    return job_api.events(
        team, job, who, db, request, after, int(last) if last and last.isdigit() else None
    )


@router.post("/app/{team}/jobs/{job}/stop")
def stop(team: str, job: str, who: Planner, db: Db, request: Request) -> Response:
    job_api.stop(team, job, who, db, request)
    return go(f"/app/{team}/jobs/{job}")


# -- a rota ----------------------------------------------------------------------------------
# min_staffing's message names the session's shift ("Site on 2025-03-12 pm: ..."); its
# Violation has the site and the date but no shift field
_SESSION = re.compile(r" on \d{4}-\d{2}-\d{2} (\S+):")


def _open_slots(
    facts: Facts, solution: Solution, solution_rows: list[Any]
) -> list[tuple[dt.date, str, str, str]]:
    """Every session short of staff, then every on-call slot nobody holds: date, shift,
    site or sector id, its name."""
    held = {(r.assignment.site, r.assignment.date, r.shift.id) for r in solution_rows}
    out = []
    for v in solution.violations:
        found = _SESSION.search(v.message)
        if v.rule == "min_staffing" and v.site in facts.sites and v.date and found:
            session = (v.date, found.group(1), v.site, facts.sites[v.site].name)
            if found.group(1) in facts.shifts and session not in out:
                out.append(session)
    for sector in facts.instance.sectors:
        for slot in facts.sector_slots(sector):
            if (sector.id, slot.date, slot.shift.id) not in held:
                out.append((slot.date, slot.shift.id, sector.id, sector.name or sector.id))
    return out


@router.get("/app/{team}/rotas/{rota}", response_class=HTMLResponse)
def rota_page(
    team: str, rota: int, who: Reader, db: Db, request: Request, compare: int | None = None
) -> Response:
    """The month grid per site, the on-call roster, the locks; with `compare`, an earlier
    version's changes highlighted as the report's --compare shows them."""
    lang = lang_of(request)
    out = rotas.get_rota(team, rota, who, db)
    instance = rotas.get_instance(team, rota, who, db)
    solution = rotas.get_solution(team, rota, who, db)
    facts = Facts(instance)
    assigned = rows(instance, solution, facts)
    calendar = view.days(facts, lang)
    changes = earlier_out = None
    if compare is not None:
        from maillage.models.validate import check_rota

        earlier_out = rotas.get_rota(team, compare, who, db)
        earlier = rotas.get_solution(team, compare, who, db)
        check_rota(instance, earlier, f"rota {compare}")
        changes = changes_from(instance, solution, earlier, assigned, facts, lang)
    text = labels(lang)
    return page(
        request,
        "rota.html.j2",
        who,
        team=team,
        rota=out,
        earlier=earlier_out,
        instance=instance,
        days=calendar,
        grids=view.grids(facts, assigned, calendar, changes),
        rosters=view.rosters(facts, assigned, calendar, changes.earlier if changes else None),
        figures=view.headline(facts, solution, text, lang),
        changes=changes,
        marks=changes.marks if changes else {},
        locked={(lk.staff, lk.date, lk.shift, lk.site) for lk in out.locks},
        open_slots=_open_slots(facts, solution, assigned),
        shifts=[s.id for s in instance.shifts],
        places=[(s.id, s.name) for s in instance.sites]
        + [(k.id, k.name or k.id) for k in instance.sectors],
        people=sorted(instance.staff, key=lambda p: p.name),
    )


@router.post("/app/{team}/rotas/{rota}/publish")
def publish(team: str, rota: int, who: Planner, db: Db) -> Response:
    rotas.publish(team, rota, who, db)
    return go(f"/app/{team}/rotas/{rota}")


@router.post("/app/{team}/rotas/{rota}/lock")
def lock(team: str, rota: int, who: Planner, db: Db, cell: Annotated[str, Form()]) -> Response:
    """Lock a cell, or unlock it when it is locked already."""
    staff, date, shift, site = cell.split("|")
    held = [
        lk
        for lk in views.locks_of(db, views.rota_row(db, team, rota).id)
        if (lk.staff, lk.date.isoformat(), lk.shift, lk.site) == (staff, date, shift, site)
    ]
    if held:
        rotas.remove_lock(team, rota, held[0].id, who, db)
    else:
        body = LockIn(staff=staff, date=dt.date.fromisoformat(date), shift=shift, site=site)
        rotas.add_lock(team, rota, body, who, db)
    return go(f"/app/{team}/rotas/{rota}#grids")


@router.post("/app/{team}/rotas/{rota}/resolve")
def resolve(
    team: str,
    rota: int,
    who: Planner,
    db: Db,
    request: Request,
    time_limit: Annotated[str, Form()] = "30",
) -> Response:
    body = SolveRequest(time_limit=_seconds(time_limit))
    job = rotas.resolve(team, rota, body, who, db, request)
    return go(f"/app/{team}/jobs/{job.id}")


@router.post("/app/{team}/rotas/{rota}/replan")
def replan(
    team: str,
    rota: int,
    who: Planner,
    db: Db,
    request: Request,
    staff: Annotated[str, Form()],
    start: Annotated[dt.date, Form()],
    end: Annotated[dt.date, Form()],
    from_date: Annotated[str, Form()] = "",
    time_limit: Annotated[str, Form()] = "30",
) -> Response:
    """Sick leave from `start` to `end`; re-planned from `from_date` (default: `start`)."""
    words = WORDS[lang_of(request)]
    try:
        first = dt.date.fromisoformat(from_date) if from_date.strip() else start
    except ValueError:
        raise InputError([Issue("from_date", f"{from_date!r} is not a date")], "form") from None
    body = ReplanRequest(
        from_date=first,
        edits=[Leave(staff=staff, start=start, end=end, reason=words["sick"])],
        time_limit=_seconds(time_limit),
    )
    job = rotas.replan(team, rota, body, who, db, request)
    return go(f"/app/{team}/jobs/{job.id}")


@router.post("/app/{team}/rotas/{rota}/cover")
def cover(
    team: str,
    rota: int,
    who: Planner,
    db: Db,
    request: Request,
    date: Annotated[dt.date, Form()],
    shift: Annotated[str, Form()],
    site: Annotated[str, Form()],
) -> Response:
    body = CoverRequest(date=date, shift=shift, site=site)
    job = rotas.cover(team, rota, body, who, db, request)
    return go(f"/app/{team}/jobs/{job.id}")


@router.post("/app/{team}/rotas/{rota}/apply")
def apply_suggestion(
    team: str,
    rota: int,
    who: Planner,
    db: Db,
    request: Request,
    job: Annotated[str, Form()],
    pick: Annotated[int, Form()],
) -> Response:
    """The suggestion `pick` (direct ones first, then those after moves) of a cover job."""
    out = job_api.get_job(team, job, who, db)
    if out.kind != "cover" or out.result is None or out.rota != rota:
        raise Conflict(f"job {job} is not a finished cover of rota {rota}")
    answer = CoverAnswer.model_validate(out.result)
    choices = [*answer.direct, *answer.after_moves]
    if not 0 <= pick < len(choices):
        raise Conflict(f"job {job} has no suggestion {pick}")
    new = rotas.apply_suggestion(team, rota, choices[pick], who, db, request)
    return go(f"/app/{team}/rotas/{new.id}?compare={rota}")


# -- exports ---------------------------------------------------------------------------------
@router.get("/app/{team}/rotas/{rota}/report.html")
def report(
    team: str, rota: int, who: Reader, db: Db, request: Request, compare: int | None = None
) -> Response:
    return rotas.report(team, rota, who, db, lang_of(request), compare)


@router.get("/app/{team}/rotas/{rota}/assignments.csv")
def assignments_csv(team: str, rota: int, who: Reader, db: Db) -> Response:
    return _download(rotas.assignments_csv(team, rota, who, db), f"rota-{rota}.csv")


@router.get("/app/{team}/rotas/{rota}/staff.csv")
def staff_csv(team: str, rota: int, who: Reader, db: Db) -> Response:
    return _download(rotas.staff_csv(team, rota, who, db), f"rota-{rota}-staff.csv")


@router.get("/app/{team}/rotas/{rota}/calendar.ics")
def calendar_ics(team: str, rota: int, who: Reader, db: Db, request: Request) -> Response:
    response = rotas.calendar_all(team, rota, who, db, lang_of(request))
    return _download(response, f"rota-{rota}.ics")


# -- a staff member's own --------------------------------------------------------------------
def _published(db: Db, team: str) -> tuple[Month, Rota] | None:
    """The latest month with a published rota, and that rota."""
    published = [
        (m, rota)
        for m in db.scalars(select(Month).where(Month.team_id == team).order_by(Month.start))
        if (rota := store.latest_published(db, m.id)) is not None
    ]
    return published[-1] if published else None


@router.get("/app/{team}/me", response_class=HTMLResponse)
def me(team: str, who: Member, db: Db, request: Request) -> Response:
    """A staff member's own assignments in the latest published rota (the API's
    `me/assignments` of the latest month that has one), with the report's times and
    places."""
    if who.staff is None:
        return go(f"/app/{team}")
    found = _published(db, team)
    if found is None:
        return page(request, "me.html.j2", who, team=team, lines=None)
    month, rota = found
    mine = team_api.my_assignments(team, who, db, month.month)
    instance = store.rota_instance(db, rota)
    facts = Facts(instance)
    lines = [r for r in rows(instance, store.solution_of(rota), facts) if r.person.id == who.staff]
    assert len(lines) == len(mine)
    return page(
        request,
        "me.html.j2",
        who,
        team=team,
        lines=lines,
        person=facts.staff[who.staff],
        month=month.month,
    )


@router.get("/app/{team}/me/calendar.ics")
def my_calendar(team: str, who: Member, db: Db, request: Request) -> Response:
    found = _published(db, team)
    month = None if found is None else found[0].month
    response = team_api.my_calendar(team, who, db, request, month, lang_of(request))
    return _download(response, f"{who.staff}.ics")


# -- errors as pages -------------------------------------------------------------------------
def _messages(error: Exception) -> tuple[int, list[str]]:
    if isinstance(error, ApiError):
        return error.status, [error.message]
    if isinstance(error, InputError):
        return 422, [f"{i.path}: {i.message}" for i in error.issues]
    if isinstance(error, RequestValidationError):
        return 422, [f"{i.path}: {i.message}" for i in issues_of(error.errors())]
    return 409, [str(error)]


Handler = Callable[[Request, Exception], Awaitable[Response]]
Original = Callable[[Request, Any], Response | Awaitable[Response]]


def install(app: FastAPI) -> None:
    """The pages' routes, and their errors as pages: the API's paths keep its JSON errors."""
    app.include_router(router)

    async def sign_in(request: Request, error: Exception) -> Response:
        if request.method == "GET":
            return go("/app")
        return page(request, "login.html.j2", status=401)

    app.add_exception_handler(SignIn, sign_in)
    for kind in (ApiError, InputError, Conflict, RequestValidationError):
        original: Original = app.exception_handlers[kind]

        def handler_for(original: Original) -> Handler:
            async def handler(request: Request, error: Exception) -> Response:
                if not request.url.path.startswith("/app"):
                    answer = original(request, error)
                    return await answer if inspect.isawaitable(answer) else answer
                status, messages = _messages(error)
                back = request.headers.get("referer", "/app")
                return page(
                    request,
                    "error.html.j2",
                    status=status,
                    status_code=status,
                    messages=messages,
                    back=back if "/app" in back else "/app",
                )

            return handler

        app.add_exception_handler(kind, handler_for(original))


__all__ = ["install"]
