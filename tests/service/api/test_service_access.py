"""Every forbidden access, tried: no token or a bad one (401), another team's token (404, as
for a team that does not exist), a role that may not (403), an id of another team's rota or
job under one's own team (404)."""

from __future__ import annotations

import pytest
from service_client import Api, make_api

from maillage.models.solution import Solution, Status
from maillage.solver.service.storage import store
from maillage.solver.service.storage.database import transaction
from maillage.solver.service.storage.tables import Month

T = "/api/v1/teams/millas"
R, J = "{rota}", "{job}"
LOCK = {"staff": "x", "date": "2025-03-03", "shift": "am", "site": "s"}
SOLVE = {"time_limit": 1}
# (method, path, body, who may): every endpoint under a team
ENDPOINTS = [
    ("GET", T, None, "read"),
    ("GET", f"{T}/people", None, "read"),
    ("GET", f"{T}/sites", None, "read"),
    ("GET", f"{T}/months", None, "read"),
    ("POST", f"{T}/months", {}, "write"),
    ("GET", f"{T}/months/2025-03", None, "read"),
    ("GET", f"{T}/months/2025-03/instance", None, "read"),
    ("PUT", f"{T}/months/2025-03/instance", {}, "write"),
    ("POST", f"{T}/months/2025-03/next", {}, "write"),
    ("POST", f"{T}/months/2025-03/solve", SOLVE, "write"),
    ("POST", f"{T}/months/2025-03/whatif", {}, "write"),
    ("GET", f"{T}/months/2025-03/rotas", None, "read"),
    ("GET", f"{T}/jobs", None, "read"),
    ("GET", f"{T}/jobs/{J}", None, "read"),
    ("GET", f"{T}/jobs/{J}/events", None, "read"),
    ("GET", f"{T}/jobs/{J}/events.json", None, "read"),
    ("POST", f"{T}/jobs/{J}/stop", None, "write"),
    ("GET", f"{T}/rotas/{R}", None, "read"),
    ("GET", f"{T}/rotas/{R}/solution", None, "read"),
    ("GET", f"{T}/rotas/{R}/instance", None, "read"),
    ("POST", f"{T}/rotas/{R}/publish", None, "write"),
    ("GET", f"{T}/rotas/{R}/check", None, "read"),
    ("GET", f"{T}/rotas/{R}/diff?against={R}", None, "read"),
    ("GET", f"{T}/rotas/{R}/locks", None, "read"),
    ("POST", f"{T}/rotas/{R}/locks", LOCK, "write"),
    ("DELETE", f"{T}/rotas/{R}/locks/1", None, "write"),
    ("POST", f"{T}/rotas/{R}/resolve", SOLVE, "write"),
    ("POST", f"{T}/rotas/{R}/replan", {"from_date": "2025-03-10"}, "write"),
    ("POST", f"{T}/rotas/{R}/cover", {"date": "2025-03-10", "shift": "am", "site": "s"}, "write"),
    ("POST", f"{T}/rotas/{R}/cover/apply", {}, "write"),
    ("GET", f"{T}/rotas/{R}/report.html", None, "read"),
    ("GET", f"{T}/rotas/{R}/assignments.csv", None, "read"),
    ("GET", f"{T}/rotas/{R}/staff.csv", None, "read"),
    ("GET", f"{T}/rotas/{R}/calendar.ics", None, "read"),
    ("GET", f"{T}/rotas/{R}/calendar/someone-else.ics", None, "read"),
    ("GET", f"{T}/tokens", None, "planner"),
    ("POST", f"{T}/tokens", {"role": "viewer"}, "planner"),
    ("DELETE", f"{T}/tokens/1", None, "planner"),
    ("GET", f"{T}/me/assignments", None, "staff"),
    ("GET", f"{T}/me/calendar.ics", None, "staff"),
]
MAY = {
    "read": {"planner", "viewer"},
    "write": {"planner"},
    "planner": {"planner"},
    "staff": {"staff"},
}
IDS = [f"{m} {p}" for m, p, _, _ in ENDPOINTS]
FORBIDDEN = [
    pytest.param(m, p, b, role, id=f"{role} {m} {p}")
    for m, p, b, may in ENDPOINTS
    for role in ("planner", "viewer", "staff")
    if role not in MAY[may]
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Api, dict[str, str]]:
    """Both teams with a rota and a job each; the ids of millas's and of the other's."""
    url = f"sqlite:///{tmp_path_factory.mktemp('access') / 'maillage.db'}"
    api = make_api(url)
    maker = api.client.app.state.sessions  # type: ignore[attr-defined]
    ids: dict[str, str] = {}
    for team in ("millas", "other"):
        with maker() as s:
            month = s.query(Month).filter_by(team_id=team).one()
        empty = Solution(instance="millas-2025-03", status=Status.feasible)
        rota = store.add_rota(maker, month.id, empty, "solve")
        with transaction(maker) as s:
            job = store.enqueue(s, month, "solve", {"time_limit": 1})
            ids[f"{team}/rota"], ids[f"{team}/job"] = str(rota.id), job.id
    return api, ids


def _call(api: Api, ids: dict[str, str], team: str, method: str, path: str, body, as_):  # type: ignore[no-untyped-def]
    path = path.replace(R, ids[f"{team}/rota"]).replace(J, ids[f"{team}/job"])
    kw = {} if body is None else {"json": body}
    return api.call(method, path, as_=as_, **kw)


@pytest.mark.parametrize(("method", "path", "body", "may"), ENDPOINTS, ids=IDS)
def test_no_token_or_a_bad_one_is_401(world, method, path, body, may) -> None:  # type: ignore[no-untyped-def]
    api, ids = world
    assert _call(api, ids, "millas", method, path, body, None).status_code == 401
    bad = {"Authorization": "Bearer mlg_not-a-token"}
    p = path.replace(R, ids["millas/rota"]).replace(J, ids["millas/job"])
    assert (
        api.call(
            method, p, as_=None, headers=bad, **({} if body is None else {"json": body})
        ).status_code
        == 401
    )
    basic = {"Authorization": "Basic abc"}
    assert api.call(method, p, as_=None, headers=basic).status_code == 401


@pytest.mark.parametrize("role", ["planner", "viewer", "staff"])
@pytest.mark.parametrize(("method", "path", "body", "may"), ENDPOINTS, ids=IDS)
def test_another_teams_token_is_404(world, method, path, body, may, role) -> None:  # type: ignore[no-untyped-def]
    api, ids = world
    got = _call(api, ids, "millas", method, path, body, f"other/{role}")
    assert got.status_code == 404, got.text
    # and with millas's own token, the other team's ids are not found either
    if R in path or J in path:
        mine = _call(
            api,
            {**ids, "millas/rota": ids["other/rota"], "millas/job": ids["other/job"]},
            "millas",
            method,
            path,
            body,
            "millas/planner",
        )
        assert mine.status_code in (404, 422), mine.text  # 422: a body checked first
        if mine.status_code == 422:
            assert method != "GET"


@pytest.mark.parametrize(("method", "path", "body", "role"), FORBIDDEN)
def test_a_role_that_may_not_is_403(world, method, path, body, role) -> None:  # type: ignore[no-untyped-def]
    api, ids = world
    got = _call(api, ids, "millas", method, path, body, f"millas/{role}")
    assert got.status_code == 403, got.text


def test_a_staff_member_reads_only_their_own_published_calendar(world) -> None:  # type: ignore[no-untyped-def]
    api, ids = world
    rota = f"{T}/rotas/{ids['millas/rota']}"
    mine = f"{rota}/calendar/{api.tokens['staff_id']}.ics"
    assert api.call("GET", mine, as_="millas/staff").status_code == 403  # a draft
    assert api.call("POST", f"{rota}/publish").status_code == 200
    assert api.call("GET", mine, as_="millas/staff").status_code == 200
    other = f"{rota}/calendar/someone-else.ics"
    assert api.call("GET", other, as_="millas/staff").status_code == 403
    me = api.call("GET", "/api/v1/me", as_="millas/staff").json()
    assert me == {"team": "millas", "role": "staff", "staff": api.tokens["staff_id"]}
