"""The web app in process (no worker pool): signing in with a token kept in an HttpOnly
cookie, the API's access rules on every page, French by default and English on request,
nothing fetched from elsewhere, the spreadsheet import with its errors per row and column,
and the next month's instance."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from paths import INSTANCES

from maillage.models.load import load_instance
from maillage.models.solution import Solution
from maillage.solver.service import Settings
from maillage.solver.service.api.app import create_app
from maillage.solver.service.storage import store
from maillage.solver.service.storage.database import transaction
from maillage.solver.service.web import sheets
from maillage.solver.service.web.following import next_instance

MILLAS = INSTANCES / "millas-2025-03.json"
EXTERNAL = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//"""
)


@dataclass
class Web:
    app_client: TestClient
    tokens: dict[str, str]

    def as_(self, who: str | None) -> TestClient:
        client = self.app_client
        client.cookies.clear()
        if who is not None:
            client.cookies.set("maillage_token", self.tokens[who])
        return client


@pytest.fixture
def web(sqlite_url: str) -> Web:
    app = create_app(Settings(db_url=sqlite_url, run_jobs=False))
    tokens = {}
    instance = load_instance(MILLAS)
    with transaction(app.state.sessions) as s:
        for team in ("millas", "other"):
            store.ensure_team(s, team)
            store.add_month(s, team, instance)
        for role in ("planner", "viewer"):
            tokens[role] = store.create_token(s, "millas", role)[1]
        tokens["staff"] = store.create_token(s, "millas", "staff", "med1")[1]
        tokens["other"] = store.create_token(s, "other", "planner")[1]
    return Web(TestClient(app), tokens)


def test_sign_in_sets_an_httponly_cookie_and_a_bad_token_is_refused(web: Web) -> None:
    client = web.as_(None)
    login = client.get("/")
    assert login.status_code == 200 and 'name="token"' in login.text
    assert "Connexion" in login.text  # French by default
    bad = client.post("/app/login", data={"token": "mlg_nope"}, follow_redirects=False)
    assert bad.status_code == 401 and "Jeton inconnu" in bad.text
    good = client.post("/app/login", data={"token": web.tokens["planner"]}, follow_redirects=False)
    assert good.status_code == 303
    cookie = good.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("samesite", "SameSite")
    team = client.get("/app")
    assert team.url.path == "/app/millas" and 'data-month="2025-03"' in team.text
    out = client.post("/app/logout", follow_redirects=False)
    assert out.status_code == 303 and "maillage_token" in out.headers["set-cookie"]


def test_the_api_access_rules_hold_on_the_pages(web: Web) -> None:
    # no cookie: to the sign-in page, never a page of data
    assert web.as_(None).get("/app/millas").url.path == "/app"
    # another team's page is not found, as in the API
    assert web.as_("other").get("/app/millas").status_code == 404
    # a viewer reads, but no form is offered and a write is refused
    viewer = web.as_("viewer")
    month = viewer.get("/app/millas/months/2025-03")
    assert month.status_code == 200 and "solve-form" not in month.text
    refused = viewer.post("/app/millas/months/2025-03/solve", data={"time_limit": "5"})
    assert refused.status_code == 403 and "viewer" in refused.text
    # a staff member sees their own page only
    staff = web.as_("staff")
    assert staff.get("/app").url.path == "/app/millas/me"
    assert staff.get("/app/millas/months/2025-03").status_code == 403
    assert "Aucun planning publié" in staff.get("/app/millas/me").text
    # a planner's write is a job, queued through the API's own route
    planner = web.as_("planner")
    queued = planner.post("/app/millas/months/2025-03/solve", data={"time_limit": "5"})
    assert queued.status_code == 200 and "/app/millas/jobs/" in str(queued.url)
    assert 'data-status="queued"' in queued.text
    job = str(queued.url).rsplit("/", 1)[1]
    # stopped before it started, and its event stream (the API's SSE) ends with it
    assert viewer_refused(web, f"/app/millas/jobs/{job}/stop")
    stopped = web.as_("planner").post(f"/app/millas/jobs/{job}/stop")
    assert 'data-status="stopped"' in stopped.text
    stream = web.as_("viewer").get(f"/app/millas/jobs/{job}/events")
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert "event: queued" in stream.text and stream.text.rstrip().endswith(
        'data: {"before": "it started"}'
    )
    planner = web.as_("planner")
    # the API keeps its JSON errors
    assert web.as_(None).get("/api/v1/teams/millas").json()["error"] == "unauthorized"


def viewer_refused(web: Web, path: str) -> bool:
    return web.as_("viewer").post(path).status_code == 403


def test_english_on_request_and_nothing_fetched_from_elsewhere(web: Web) -> None:
    client = web.as_("planner")
    french = client.get("/app/millas/months/2025-03")
    assert "Calculer le planning" in french.text and not EXTERNAL.search(french.text)
    english = client.get("/app/lang/en?back=/app/millas/months/2025-03")
    assert english.url.path == "/app/millas/months/2025-03"
    assert "Compute the rota" in english.text and "Calculer" not in english.text
    assert client.get("/app/lang/fr?back=https://evil.example/").url.path == "/app/millas"


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_templates_offered_and_an_import_names_each_bad_cell(web: Web) -> None:
    client = web.as_("planner")
    base = "/app/millas/months/2025-03"
    people = client.get(f"{base}/templates/people.csv")
    assert people.status_code == 200 and people.text.startswith("id,nom,rôle,etp")
    book = load_workbook(io.BytesIO(client.get(f"{base}/templates/import.xlsx").content))
    assert book.sheetnames == ["Personnes", "Absences", "Préférences"]
    bad = _csv(
        [
            ["id", "nom", "rôle", "etp", "sites", "site_principal"],
            ["new1", "Dr Nouveau", "médecin", "abc", "millas", "millas"],
            ["new2", "Dr Autre", "astronaute", "0.5", "millas", "millas"],
            ["new3", "Dr Loin", "doctor", "0.5", "nowhere", "nowhere"],
        ]
    )
    got = client.post(f"{base}/import", files={"file": ("people.csv", bad, "text/csv")})
    assert got.status_code == 422, got.text
    found = set(re.findall(r'data-row="(\d+)" data-column="([^"]*)"', got.text))
    assert ("2", "etp") in found and ("3", "rôle") in found
    assert any(row == "4" for row, _ in found), found  # the unknown site, placed on its row
    # nothing was changed
    assert 'data-person="new1"' not in client.get(base).text


def test_an_xlsx_import_adds_people_leave_and_preferences(web: Web) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "People"
    first.append(["id", "name", "role", "fte", "sites", "home_site", "oncall"])
    first.append(["med9", "Dr Neuf", "doctor", 0.6, "millas", "millas", "oui"])
    leave = book.create_sheet("Absences")
    leave.append(["id", "du", "au", "motif"])
    leave.append(["med2", dt.datetime(2025, 3, 10), "14/03/2025", "congés"])
    leave.append(["med9", "2025-03-20", "2025-03-21", "formation"])
    prefs = book.create_sheet("Préférences")
    prefs.append(["id", "jours_off", "rythme"])
    prefs.append(["med3", "mer", ""])
    data = io.BytesIO()
    book.save(data)
    client = web.as_("planner")
    got = client.post(
        "/app/millas/months/2025-03/import", files={"file": ("import.xlsx", data.getvalue())}
    )
    assert got.status_code == 200 and 'id="imported"' in got.text, got.text
    instance = client.get(
        "/api/v1/teams/millas/months/2025-03/instance",
        headers={"Authorization": f"Bearer {web.tokens['planner']}"},
    ).json()
    staff = {p["id"]: p for p in instance["staff"]}
    assert staff["med9"]["fte"] == 0.6 and staff["med9"]["oncall"] is True
    assert {"from": "2025-03-10", "to": "2025-03-14", "reason": "congés"} in staff["med2"][
        "unavailable"
    ]
    assert staff["med3"]["preferences"]["days_off"] == ["wed"]


def test_a_sheet_with_an_unknown_person_or_column_is_refused() -> None:
    instance = load_instance(MILLAS)
    found, errors = sheets.read("leave.csv", b"id;du;au;couleur\nzz;2025-03-01;2025-03-02;x\n")
    assert errors == [sheets.RowError("leave.csv", 1, "couleur", "unknown column")]
    applied = sheets.apply(instance, found)
    assert applied.errors == [sheets.RowError("leave.csv", 2, "id", "unknown person 'zz'")]
    assert applied.instance == instance


def test_the_next_month_keeps_people_and_drops_what_is_dated_before_it() -> None:
    march = load_instance(MILLAS)
    april = next_instance(march)
    assert april.horizon.start == dt.date(2025, 4, 1) and april.horizon.days == 30
    assert april.name == "millas-2025-04"
    assert [p.id for p in april.staff] == [p.id for p in march.staff]
    assert all(f.date >= april.horizon.start for p in april.staff for f in p.fixed)
    assert all(d >= april.horizon.start for p in april.staff for d in p.preferences.dates_off)
    assert april.history is None


def test_next_month_without_a_rota_is_a_conflict_page(web: Web) -> None:
    got = web.as_("planner").post("/app/millas/months/next")
    assert got.status_code == 409 and "no rota to carry" in got.text


def test_a_rota_page_draws_the_grid_and_locks_a_cell(web: Web) -> None:
    from maillage.models.instance import ShiftKind
    from maillage.solver.service.api import views

    instance = load_instance(MILLAS)
    person = instance.staff[0]
    shift = next(s for s in instance.shifts if s.kind != ShiftKind.oncall)
    day = dt.date(2025, 3, 3)
    cell = f"{person.id}|{day}|{shift.id}|millas"
    solution = Solution.model_validate(
        {
            "instance": instance.name,
            "status": "feasible",
            "assignments": [
                {"staff": person.id, "date": day.isoformat(), "shift": shift.id, "site": "millas"}
            ],
            "violations": [
                {
                    "rule": "min_staffing",
                    "site": "millas",
                    "date": "2025-03-04",
                    "penalty": 100,
                    "message": "Centre de santé de Millas on 2025-03-04 pm: 0 doctor(s), 1 wanted",
                }
            ],
        }
    )
    maker = web.app_client.app.state.sessions  # type: ignore[attr-defined]
    with transaction(maker) as s:
        month_id = views.month_row(s, "millas", "2025-03").id
    rota = store.add_rota(maker, month_id, solution, "solve")
    client = web.as_("planner")
    page = client.get(f"/app/millas/rotas/{rota.id}")
    assert page.status_code == 200 and 'data-grid="millas"' in page.text
    assert f'value="{cell}"' in page.text and " locked" not in _grids(page.text)
    # the open slots offered to cover: the session short of staff, then on-call slots
    slots = re.findall(
        r'name="date" value="([^"]+)"><input type="hidden" name="shift" value="([^"]+)">'
        r'<input type="hidden" name="site" value="([^"]+)"><button type="submit" class="open-slot"',
        page.text,
    )
    assert slots[0] == ("2025-03-04", "pm", "millas") and slots[1][2] == "pdsa-millas"
    locked = client.post(f"/app/millas/rotas/{rota.id}/lock", data={"cell": cell})
    assert locked.status_code == 200 and "r-doctor locked" in _grids(locked.text)
    unlocked = client.post(f"/app/millas/rotas/{rota.id}/lock", data={"cell": cell})
    assert " locked" not in _grids(unlocked.text)
    viewer = web.as_("viewer").get(f"/app/millas/rotas/{rota.id}")
    assert 'name="cell"' not in viewer.text and 'id="publish"' not in viewer.text
    # published: the cell is no longer a button, a lock is refused as the API refuses it
    client = web.as_("planner")  # the same client: its cookie is the planner's again
    client.post(f"/app/millas/rotas/{rota.id}/publish")
    assert 'name="cell"' not in client.get(f"/app/millas/rotas/{rota.id}").text
    refused = client.post(f"/app/millas/rotas/{rota.id}/lock", data={"cell": cell})
    assert refused.status_code == 409 and "published" in refused.text


def _grids(html: str) -> str:
    """The grids' tables alone (the legend shows a locked sample)."""
    return "".join(re.findall(r'<table class="grid".*?</table>', html, re.S))
