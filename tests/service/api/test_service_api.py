"""The REST API in process (no worker pool): months, validation with the CLI's paths and
messages, the body limit, rotas (publish, locks, check, diff, exports), jobs queued and
stopped before they start, OpenAPI."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from service_client import MILLAS, Api, make_api

from maillage.models.errors import InputError
from maillage.models.instance import Instance
from maillage.models.load import load_instance, parse
from maillage.models.solution import Solution
from maillage.solver import SolveParams, solve
from maillage.solver.service.storage import store
from maillage.solver.service.storage.tables import Month

T = "/api/v1/teams/millas"


@pytest.fixture
def api(sqlite_url: str) -> Api:
    return make_api(sqlite_url, max_body_bytes=2_000_000)


def _raw() -> dict:  # type: ignore[type-arg]
    return json.loads(MILLAS.read_text())


def test_health_needs_no_token_and_openapi_names_the_contract(api: Api) -> None:
    health = api.call("GET", "/health", as_=None)
    assert health.status_code == 200 and health.json()["database"] == "0001"
    schema = api.call("GET", "/openapi.json", as_=None).json()
    assert "Instance" in schema["components"]["schemas"]
    assert f"{T}/months/{{month}}/solve".replace("millas", "{team}") in schema["paths"]


def test_bad_instance_is_a_422_with_the_cli_paths_and_messages(api: Api) -> None:
    raw = _raw()
    raw["name"] = "march"
    raw["staff"][0]["fte"] = 7
    raw["staff"][1]["unknown"] = 1
    del raw["horizon"]["days"]
    with pytest.raises(InputError) as cli:
        parse(Instance, json.dumps(raw))
    got = api.call("POST", f"{T}/months", json=raw)
    assert got.status_code == 422
    body = got.json()
    assert body["error"] == "bad_input"
    assert [(i["path"], i["message"]) for i in body["issues"]] == [
        (i.path, i.message) for i in cli.value.issues
    ]
    assert "$.staff[0].fte" in {i["path"] for i in body["issues"]}
    bad_json = api.call(
        "POST", f"{T}/months", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert bad_json.status_code == 422 and bad_json.json()["issues"][0]["path"] == "$"


def test_cross_reference_errors_are_named_like_maillage_validate(api: Api) -> None:
    raw = _raw()
    raw["horizon"]["start"] = "2025-04-01"
    raw["horizon"]["days"] = 30
    raw["staff"][0]["home_site"] = "nowhere"
    got = api.call("POST", f"{T}/months", json=raw)
    assert got.status_code == 422, got.text
    assert any(i["path"].startswith("$.staff[0]") for i in got.json()["issues"])


def test_an_oversized_body_is_refused_with_413(api: Api) -> None:
    big = b'{"name": "' + b"x" * 2_100_000 + b'"}'
    got = api.call("POST", f"{T}/months", content=big, headers={"Content-Type": "application/json"})
    assert got.status_code == 413 and got.json()["error"] == "too_large"

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(30):
            yield b" " * 100_000

    chunked = api.call(
        "POST", f"{T}/months", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert chunked.status_code == 413


def test_months_people_sites(api: Api) -> None:
    months = api.call("GET", f"{T}/months", as_="millas/viewer").json()
    assert [m["month"] for m in months] == ["2025-03"]
    assert months[0]["staff"] == 6 and months[0]["rotas"] == 0
    assert api.call("POST", f"{T}/months", json=_raw()).status_code == 409
    people = api.call("GET", f"{T}/people", as_="millas/viewer").json()
    assert len(people) == 6 and people[0]["id"]
    assert len(api.call("GET", f"{T}/sites").json()) == 1
    got = api.call("GET", f"{T}/months/2025-03/instance").json()
    assert Instance.model_validate(got) == load_instance(MILLAS)


@functools.cache
def _millas_rota() -> Solution:
    solution = solve(load_instance(MILLAS), SolveParams(time_limit=10, workers=2))
    assert solution.objective is not None
    return solution


def _solved(api: Api) -> int:
    """A rota of the Millas month, solved once per session, stored as a job's would be."""
    solution = _millas_rota()
    maker = api.client.app.state.sessions  # type: ignore[attr-defined]
    with maker() as s:
        month = s.query(Month).filter_by(team_id="millas").one()
    return store.add_rota(maker, month.id, solution, "solve").id


def test_rotas_publish_locks_check_diff_exports(api: Api, tmp_path: Path) -> None:
    first = _solved(api)
    rota = f"{T}/rotas/{first}"
    got = api.call("GET", rota).json()
    assert got["status"] == "draft" and got["version"] == 1
    assert api.call("GET", rota + "/check").json()["ok"] is True
    solution = api.call("GET", rota + "/solution").json()
    a = solution["assignments"][0]
    lock = {"staff": a["staff"], "date": a["date"], "shift": a["shift"], "site": a["site"]}
    made = api.call("POST", rota + "/locks", json=lock)
    assert made.status_code == 201, made.text
    assert api.call("POST", rota + "/locks", json=lock).status_code == 409
    bad = api.call("POST", rota + "/locks", json={**lock, "staff": "nobody"})
    assert bad.status_code == 422 and bad.json()["issues"][0]["path"] == "$.staff"
    assert api.call("GET", rota).json()["locks"][0]["staff"] == a["staff"]
    assert api.call("DELETE", f"{rota}/locks/{made.json()['id']}").status_code == 204
    assert api.call("POST", rota + "/publish").json()["status"] == "published"
    assert api.call("POST", rota + "/publish").status_code == 409
    assert api.call("POST", rota + "/locks", json=lock).status_code == 409
    diff = api.call("GET", rota + f"/diff?against={first}").json()
    assert diff["diff"]["people"] == [] and diff["diff"]["total_change"] == 0
    assert diff["lines"] == ["No change."]
    html = api.call("GET", rota + "/report.html?lang=en")
    assert html.status_code == 200 and "<html" in html.text
    csv = api.call("GET", rota + "/assignments.csv")
    assert csv.headers["content-type"].startswith("text/csv") and a["staff"] in csv.text
    assert api.call("GET", rota + "/staff.csv").status_code == 200
    ics = api.call("GET", rota + f"/calendar/{a['staff']}.ics")
    assert ics.text.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in api.call("GET", rota + "/calendar.ics").text
    mine = api.call("GET", f"{T}/me/assignments", as_="millas/staff").json()
    staff = api.tokens["staff_id"]
    assert mine and {x["staff"] for x in mine} == {staff}
    cal = api.call("GET", f"{T}/me/calendar.ics", as_="millas/staff")
    assert cal.status_code == 200 and "BEGIN:VCALENDAR" in cal.text


def test_jobs_are_queued_and_a_queued_job_stops_at_once(api: Api) -> None:
    queued = api.call("POST", f"{T}/months/2025-03/solve", json={"time_limit": 5})
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert job["status"] == "queued" and job["kind"] == "solve"
    too_long = api.call("POST", f"{T}/months/2025-03/solve", json={"time_limit": 10_000})
    assert too_long.status_code == 422
    assert too_long.json()["issues"][0]["path"] == "$.time_limit"
    listed = api.call("GET", f"{T}/jobs?status=queued", as_="millas/viewer").json()
    assert [j["id"] for j in listed] == [job["id"]]
    stopped = api.call("POST", f"{T}/jobs/{job['id']}/stop")
    assert stopped.status_code == 202 and stopped.json()["status"] == "stopped"
    assert api.call("POST", f"{T}/jobs/{job['id']}/stop").status_code == 409
    events = api.call("GET", f"{T}/jobs/{job['id']}/events.json").json()
    assert [e["kind"] for e in events] == ["queued", "stopped"]
    sse = api.call("GET", f"{T}/jobs/{job['id']}/events")
    assert sse.headers["content-type"].startswith("text/event-stream")
    assert "event: queued" in sse.text and "event: stopped" in sse.text


def test_replan_and_cover_inputs_are_checked_before_queuing(api: Api) -> None:
    first = _solved(api)
    rota = f"{T}/rotas/{first}"
    body = {"from_date": "2025-03-10", "time_limit": 5}
    assert api.call("POST", rota + "/replan", json=body).status_code == 409  # a draft
    api.call("POST", rota + "/publish")
    outside = api.call("POST", rota + "/replan", json={**body, "from_date": "2025-05-01"})
    assert outside.status_code == 422 and outside.json()["issues"][0]["path"] == "$.from_date"
    assert api.call("POST", rota + "/replan", json=body).status_code == 202
    slot = {"date": "2025-03-12", "shift": "nope", "site": "x"}
    assert api.call("POST", rota + "/cover", json=slot).status_code == 422


def test_next_month_carries_the_history(api: Api) -> None:
    first = _solved(api)
    raw = _raw()
    raw["horizon"] = {"start": "2025-04-01", "days": 30}
    for person in raw["staff"]:
        person.pop("unavailable", None)
        person.pop("fixed", None)
    got = api.call("POST", f"{T}/months/2025-03/next", json={"instance": raw, "rota": first})
    assert got.status_code == 201, got.text
    assert got.json()["month"] == "2025-04" and got.json()["previous_rota"] == first
    instance = Instance.model_validate(api.call("GET", f"{T}/months/2025-04/instance").json())
    assert instance.history is not None and instance.history.assignments
