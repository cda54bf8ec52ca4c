"""The web app in a real headless Chromium against the real server (`maillage serve` in a
subprocess, SQLite in tmp, worker processes): a planner signs in, creates the month, imports
a spreadsheet (its errors shown per row and column, then a good one), solves and watches the
progress stream in, locks a cell and re-solves, asks who can cover a slot and applies a
suggestion, publishes, re-plans after sick leave and sees the changes highlighted, downloads
the exports, runs a what-if for a recruit, creates the next month and switches to English;
a viewer sees no form, a staff member their own rota. Screenshots in artifacts/."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser import Tab, chromium
from openpyxl import Workbook
from paths import INSTANCES, ROOT
from pgcluster import free_port

from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver import check

MILLAS = INSTANCES / "millas-2025-03.json"
API = "/api/v1/teams/millas"
DONE = "document.querySelector('#job-status') && ['done','stopped'].includes(document.querySelector('#job-status').dataset.status)"  # noqa: E501


class Server:
    def __init__(self, workdir: Path) -> None:
        self.db = f"sqlite:///{workdir / 'maillage.db'}"
        self.workdir = workdir
        self.base = f"http://127.0.0.1:{free_port()}"
        self.process: subprocess.Popen[bytes] | None = None

    def token(self, spec: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "maillage.cli.main", "serve", "--db", self.db,
             "--create-token", spec],
            capture_output=True, text=True, timeout=120, cwd=ROOT, check=True,
        )  # fmt: skip
        return done.stdout.strip()

    def start(self) -> None:
        log = (self.workdir / "server.log").open("ab")
        port = self.base.rsplit(":", 1)[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "maillage.cli.main", "serve", "--db", self.db, "--port", port,
             "--workers", "2", "--search-workers", "1"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError((self.workdir / "server.log").read_text())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path)
    s.token("millas:planner")  # the team
    s.start()
    try:
        yield s
    finally:
        s.stop()


def _xlsx(path: Path) -> Path:
    book = Workbook()
    leave = book.active
    assert leave is not None
    leave.title = "Absences"
    leave.append(["id", "du", "au", "motif"])
    leave.append(["med2", "2025-03-24", "2025-03-26", "congés"])
    prefs = book.create_sheet("Préférences")
    prefs.append(["id", "jours_off"])
    prefs.append(["med4", "mer"])
    data = io.BytesIO()
    book.save(data)
    path.write_bytes(data.getvalue())
    return path


def _rota_id(tab: Tab) -> int:
    return int(tab.url().split("/rotas/")[1].split("?")[0].split("#")[0])


def _checked(api: httpx.Client, rota: int) -> Solution:
    solution = Solution.model_validate(api.get(f"{API}/rotas/{rota}/solution").json())
    instance = Instance.model_validate(api.get(f"{API}/rotas/{rota}/instance").json())
    assert check(instance, solution).ok
    return solution


@pytest.mark.slow
def test_a_planner_through_the_month_in_a_real_browser(server: Server, tmp_path: Path) -> None:
    executable = chromium()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    planner = server.token("millas:planner")
    api = httpx.Client(base_url=server.base, timeout=30)
    api.headers["Authorization"] = f"Bearer {planner}"
    tab = Tab(executable, tmp_path / "profile")
    base = server.base
    try:
        # sign in: the login page, then the team's (empty) months
        tab.open(base + "/")
        assert tab.count("input#token") == 1 and "Connexion" in tab.text()
        tab.screenshot("01-login")
        tab.fill("#token", planner)
        tab.click("form[action='/app/login'] button")
        assert tab.url().endswith("/app/millas")
        assert tab.js("document.cookie") == ""  # HttpOnly: no script reads the token

        # the first month from its instance file
        tab.upload("form[action='/app/millas/months'] input[type=file]", MILLAS)
        tab.click("form[action='/app/millas/months'] button")
        assert tab.url().endswith("/app/millas/months/2025-03")

        # a spreadsheet with errors: each named by row and column, nothing changed
        bad = tmp_path / "personnes.csv"
        bad.write_text("id,nom,rôle,etp,sites\nnew1,Dr Nouveau,médecin,abc,millas\n")
        tab.upload("#import-file", bad)
        tab.click("#import")
        assert tab.count("tr.import-error[data-row='2'][data-column='etp']") == 1
        tab.screenshot("02-import-errors")
        tab.upload("#import-file", _xlsx(tmp_path / "import.xlsx"))
        tab.click("#import")
        assert tab.count("#imported") == 1 and "24/03–26/03 (congés)" in tab.text("#people")

        # solve and watch the progress stream in; the page reloads itself at the end
        tab.fill("#solve-form input[name=time_limit]", "8")
        tab.click("#solve")
        tab.wait("document.querySelector('ol.events').innerText.includes('objectif')", 60)
        tab.screenshot("03-progress")  # streamed in, or the page reloaded at the end
        tab.wait(DONE)
        assert "objectif" in tab.text("ol.events")
        tab.click("#see-rota")
        first = _rota_id(tab)
        _checked(api, first)
        assert tab.count("table.grid[data-grid='millas'] button.a") > 50
        assert tab.count("table.roster") == 1
        tab.screenshot("04-rota")

        # lock a cell, re-solve: the new draft keeps it
        cell = tab.js("document.querySelector('table.grid button.a').value")
        staff, date, shift, site = cell.split("|")
        tab.click("table.grid button.a")
        assert tab.count("table.grid button.a.locked") == 1
        tab.fill("form[action$='/resolve'] input[name=time_limit]", "8")
        tab.click("#resolve")
        tab.wait(DONE)
        tab.click("#see-rota")
        second = _rota_id(tab)
        assert second != first and tab.count("table.grid button.a.locked") == 1
        kept = _checked(api, second)
        assert any(
            (a.staff, a.date.isoformat(), a.shift, a.site) == (staff, date, shift, site)
            for a in kept.assignments
        )

        # who can cover a session, and a suggestion applied: a new draft, changes marked
        tab.fill("#cover-form input[name=date]", "2025-03-12")
        tab.js("document.querySelector('#cover-form select[name=shift]').value = 'pm'")
        tab.click("#cover")
        tab.wait(DONE, 60)
        tab.screenshot("05-cover")
        assert tab.count("tr.suggestion") >= 1, tab.text()
        tab.click("tr.suggestion button.apply")
        third = _rota_id(tab)
        assert third != second and tab.count("[data-change]") >= 1
        _checked(api, third)

        # publish
        tab.click("#publish")
        assert tab.js("document.querySelector('#rota-status').dataset.status") == "published"
        tab.screenshot("05b-published")

        # sick leave: re-plan from its first day, the changes highlighted
        tab.js("document.querySelector('#replan-form select[name=staff]').value = 'med1'")
        tab.fill("#replan-form input[name=start]", "2025-03-17")
        tab.fill("#replan-form input[name=end]", "2025-03-21")
        tab.fill("#replan-form input[name=from_date]", "2025-03-17")
        tab.fill("#replan-form input[name=time_limit]", "8")
        tab.click("#replan")
        tab.wait(DONE)
        tab.click("#see-rota")
        assert "compare=" in tab.url() and tab.count("#changes") == 1
        assert tab.count("td.chg") >= 1 and tab.count("del.a") >= 1
        replanned = _checked(api, _rota_id(tab))
        assert not any(
            a.staff == "med1" and "2025-03-17" <= a.date.isoformat() <= "2025-03-21"
            for a in replanned.assignments
        )
        tab.screenshot("06-replan-compare")

        # the exports download from the page (same origin, the cookie)
        for link, kind in (("#export-report", "text/html"), ("#export-csv", "text/csv"),
                           ("#export-ics", "text/calendar")):  # fmt: skip
            got = tab.js(
                f"fetch(document.querySelector('{link}').href).then(r => r.status + ' ' + "
                "r.headers.get('content-type'))"
            )
            assert got.startswith("200 " + kind), (link, got)

        # a what-if for a recruit: the ranking
        tab.open(base + "/app/millas/months/2025-03")
        tab.fill("#whatif-form input[name=time_limit]", "6")
        tab.click("#whatif")
        tab.wait(DONE, 180)
        assert tab.count("#ranking tr.scenario") == 2
        tab.screenshot("07-whatif")

        # the next month, its history carried
        tab.open(base + "/app/millas")
        tab.click("#next-month")
        assert tab.url().endswith("/app/millas/months/2025-04")
        carried = api.get(f"{API}/months/2025-04/instance").json()
        assert carried["history"]["assignments"]
        tab.open(base + "/app/millas")
        assert tab.count("#months tr[data-month]") == 2
        tab.screenshot("08-team")
        tab.open(base + "/app/millas/months/2025-04")

        # English
        tab.click("#lang-en")
        assert "Compute the rota" in tab.text() and "Calculer" not in tab.text()
        tab.screenshot("09-month-en")
        tab.click("#lang-fr")

        # a viewer: the pages, no form; a staff member: their own published rota
        for spec, expect in (("millas:viewer", "viewer"), ("millas:staff:med2", "staff")):
            token = server.token(spec)
            tab.click("form[action='/app/logout'] button")
            tab.fill("#token", token)
            tab.click("form[action='/app/login'] button")
            if expect == "viewer":
                tab.open(f"{base}/app/millas/rotas/{second}")
                assert tab.count("button.a") == 0 and tab.count("#publish") == 0
                assert tab.count("table.grid .a") > 50
            else:
                assert tab.url().endswith("/app/millas/me")
                assert tab.count("#mine tbody tr") > 5 and tab.count("#my-ics") == 1
                tab.screenshot("10-staff")
                tab.open(f"{base}/app/millas/rotas/{second}")
                assert "403" in tab.text()
    finally:
        errors = tab.close()
    assert errors == [], errors
