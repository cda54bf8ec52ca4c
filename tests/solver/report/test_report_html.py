"""The HTML report: what it holds, that it needs no network, and that a real browser shows it."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cdp import load
from report_setup import ARTIFACTS, CHROMIUM_FLAGS, Browser, Solved

from maillage.solver.report import render
from maillage.solver.report.i18n import Lang, labels
from maillage.solver.report.svgmap import bounding_box, departments, share_colour, shares
from maillage.solver.report.view import PATTERNS

URL_IN_ATTR = re.compile(r"""(?:src|href|xlink:href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
URL_IN_CSS = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I)
IMPORT_IN_CSS = re.compile(r"@import", re.I)


class Cells(HTMLParser):
    """Collects (staff, date, shift, site) of every grid cell entry."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "data-shift" in a and "data-staff" in a:
            self.found.append(
                (
                    a["data-staff"] or "",
                    a["data-date"] or "",
                    a["data-shift"] or "",
                    a["data-site"] or "",
                )
            )


def cells(html: str) -> Counter[tuple[str, str, str, str]]:
    parser = Cells()
    parser.feed(html)
    return Counter(parser.found)


def expected(solved: Solved) -> Counter[tuple[str, str, str, str]]:
    return Counter(
        (a.staff, a.date.isoformat(), a.shift, a.site) for a in solved.solution.assignments
    )


@pytest.fixture(scope="module")
def page(solved: Solved, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "rota.html"
    path.write_text(render(solved.instance, solved.solution), encoding="utf-8")
    return path


def test_grid_holds_every_assignment_once(solved: Solved, page: Path) -> None:
    assert cells(page.read_text(encoding="utf-8")) == expected(solved)


def test_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not URL_IN_ATTR.search(html) and not URL_IN_CSS.search(html)
    assert not IMPORT_IN_CSS.search(html)
    assert "<link" not in html and "<script" not in html and "<img" not in html
    assert "@page { size: A4 landscape" in html


def test_french_by_default_english_on_request(solved: Solved) -> None:
    fr = render(solved.instance, solved.solution)
    en = render(solved.instance, solved.solution, "en")
    assert '<html lang="fr">' in fr and "Tableau des gardes par secteur" in fr
    assert "Besoin servi par semaine" in fr and "On-call roster" not in fr
    assert '<html lang="en">' in en and "On-call roster per sector" in en
    assert "Need served per week" in en and "Tableau des gardes" not in en
    assert 'title="Labor Day"' in en and 'title="Fête du Travail"' in fr
    assert cells(fr) == cells(en)


def test_names_are_escaped(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert "Permanence &lt;B&gt;" in html and "Permanence <B>" not in html
    assert "Centre de santé d&#39;Essai" in html


def test_headline_holidays_leave_and_violations(solved: Solved, page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    uncovered = sum(1 for v in solved.solution.violations if v.rule == "oncall_coverage")
    match = re.search(r'data-figure="uncovered_oncalls".*?class="v">(\d+)<', html, re.S)
    assert match and int(match.group(1)) == uncovered
    assert 'title="Fête du Travail"' in html  # 1 May, named in French
    assert 'data-absence="Absence"' in html  # d2's leave
    for v in solved.solution.violations:
        assert v.message.replace("'", "&#39;") in html
    assert 'data-rule="oncall_coverage"' in html


def test_map_draws_communes_sites_and_nearby_departments(solved: Solved, page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert html.count('class="commune"') == len(solved.instance.communes)
    assert 'data-site="A"><title>' in html
    drawn = set(re.findall(r'data-dep="(\d\w)"', html))
    assert "66" in drawn and "11" in drawn  # Pyrénées-Orientales and its neighbour Aude
    assert "46" not in drawn and "32" not in drawn  # Lot and Gers are far away
    share = shares(solved.solution)
    assert share["66002"] == 0 and share_colour(share["66002"]) == "#c62828"
    assert share_colour(None) == "#bdbdbd" and share_colour(1.0) == "#2e7d32"
    assert len(departments()) == 13
    west, south, east, north = bounding_box([(2.0, 42.0), (3.0, 43.0)])
    assert west < 2.0 and east > 3.0 and south < 42.0 and north > 43.0


def test_browser_dump_dom_holds_the_grid(solved: Solved, page: Path, browser: Browser) -> None:
    done = browser.run(page, "--dump-dom", "--host-resolver-rules=MAP * ~NOTFOUND")
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'class="grid"' in done.stdout and "<svg" in done.stdout
    assert cells(done.stdout) == expected(solved)


def test_browser_no_network_no_errors_and_screenshot(
    solved: Solved, page: Path, browser: Browser
) -> None:
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={browser.profile}-cdp"]
    loaded = load(browser.executable, flags, page, ".grid [data-shift]")
    assert loaded.count == len(solved.solution.assignments)
    assert loaded.requests == [page.resolve().as_uri()]  # the file itself, nothing else
    assert loaded.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "rota.png"
    shot.write_bytes(loaded.screenshot)
    assert loaded.screenshot[:8] == b"\x89PNG\r\n\x1a\n" and len(loaded.screenshot) > 20_000


PATTERN_HEADERS = {
    "fr": (
        "Jours travaillés",
        "Jours entiers",
        "Demi-journées seules",
        "Samedis",
        "Semaines de 6 jours",
    ),
    "en": ("Days worked", "Whole days", "Half-days alone", "Saturdays", "6-day weeks"),
}


def pattern_cells(html: str, staff: str) -> dict[str, str]:
    """The person's row in the per-person table: work-pattern column -> text shown."""
    row = re.search(rf'<tr data-person="{re.escape(staff)}">(.*?)</tr>', html, re.S)
    assert row, staff
    return dict(re.findall(r'<td data-col="(\w+)"[^>]*>([^<]*)</td>', row.group(1)))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_people_table_shows_the_work_patterns(solved: Solved, lang: Lang) -> None:
    html = render(solved.instance, solved.solution, lang)
    headers = re.findall(r'<th class="pat" data-col="(\w+)">([^<]*)</th>', html)
    assert [key for key, _ in headers] == list(PATTERNS)
    assert tuple(label for _, label in headers) == PATTERN_HEADERS[lang]
    assert labels(lang)["patterns_note"].split(":")[0] in html
    for s in solved.solution.staff_summary:
        assert s.whole_days is not None and s.half_days_alone is not None
        assert s.whole_days + s.half_days_alone <= s.days_worked
        shown = pattern_cells(html, s.staff)
        assert shown == {key: str(getattr(s, key)) for key in PATTERNS}


def test_a_six_day_week_is_flagged_and_a_missing_figure_is_a_dash(solved: Solved) -> None:
    first, second, *rest = solved.solution.staff_summary
    changed = solved.solution.model_copy(
        update={
            "staff_summary": [
                first.model_copy(update={"six_day_weeks": 2}),
                second.model_copy(update={"whole_days": None, "six_day_weeks": None}),
                *rest,
            ]
        }
    )
    html = render(solved.instance, changed, "en")
    assert '<td data-col="six_day_weeks" class="bad">2</td>' in html
    assert pattern_cells(html, second.staff)["whole_days"] == "—"
    assert pattern_cells(html, second.staff)["six_day_weeks"] == "—"
    assert pattern_cells(html, second.staff)["days_worked"] == str(second.days_worked)


def test_browser_shows_the_work_pattern_columns(
    solved: Solved, page: Path, browser: Browser
) -> None:
    """The per-person table in a real browser: every pattern cell drawn, the headers legible
    (not clipped) and the table within the page; its screenshot is kept as an artefact."""
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={browser.profile}-people"]
    headers = "[...document.querySelectorAll('table.people th.pat')].map(e => e.innerText)"
    clipped = (
        "[...document.querySelectorAll('table.people th.pat, table.people td[data-col]')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
    )
    right = "document.querySelector('table.people').getBoundingClientRect().right"
    loaded = load(
        browser.executable,
        flags,
        page,
        "table.people td[data-col]",
        (headers, clipped, right),
        clip="#people",
    )
    assert loaded.count == len(PATTERNS) * len(solved.solution.staff_summary)
    shown, overflowing, edge = loaded.values
    assert [" ".join(h.split()) for h in shown] == list(PATTERN_HEADERS["fr"])
    assert overflowing == 0 and edge <= 1600
    assert loaded.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "rota-people.png").write_bytes(loaded.screenshot)
    assert loaded.screenshot[:8] == b"\x89PNG\r\n\x1a\n" and len(loaded.screenshot) > 5_000
