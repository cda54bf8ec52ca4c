"""`maillage report --compare EARLIER`: a re-plan's changes highlighted on the grids and listed
per person; without it, the report is byte for byte the plain report of the rota."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from cdp import load
from cli_runner import run
from marks import first_fast
from report_setup import ARTIFACTS, CHROMIUM_FLAGS, Browser, Solved

from maillage.models.errors import InputError
from maillage.models.instance import Instance, ShiftKind
from maillage.models.solution import Assignment, Solution
from maillage.solver.apps.diff import diff
from maillage.solver.check.checker import evaluate
from maillage.solver.report import render
from maillage.solver.report.i18n import Lang

DATA = Path(__file__).parent / "data"
Entry = tuple[str, str, str, str]  # staff, date, shift, site


def entry(a: Assignment) -> Entry:
    return (a.staff, a.date.isoformat(), a.shift, a.site)


class Marks(HTMLParser):
    """The grids' entries: every current one (data-staff...), its change if marked, and
    every gone one (data-was-staff...) with its change."""

    def __init__(self) -> None:
        super().__init__()
        self.current: Counter[Entry] = Counter()
        self.changed: dict[Entry, str] = {}
        self.gone: dict[Entry, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "data-staff" in a and "data-shift" in a:
            key = (a["data-staff"], a["data-date"], a["data-shift"], a["data-site"])
            self.current[key] += 1
            if "data-change" in a:
                self.changed[key] = a["data-change"]
        if "data-was-staff" in a:
            key = (a["data-was-staff"], a["data-was-date"], a["data-was-shift"], a["data-was-site"])
            assert tag == "del", tag  # struck through, whatever the style sheet does
            self.gone[key] = a["data-change"]


def marks(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    return parser


@dataclass(frozen=True)
class Pair:
    instance: Instance
    earlier: Solution
    current: Solution
    moved_from: Assignment  # d1's session at A in the earlier rota...
    moved_to: Assignment  # ...at B in the current one
    added: Assignment
    removed: Assignment  # an on-call nobody holds any more
    instance_path: Path
    earlier_path: Path
    current_path: Path


@pytest.fixture(scope="module")
def pair(solved: Solved, tmp_path_factory: pytest.TempPathFactory) -> Pair:
    """The solved month and a copy edited by hand, as a planner's re-plan would change it:
    one session moved to the other site, one added, one on-call dropped; the edited rota
    still holds every hard rule."""
    inst, earlier = solved.instance, solved.solution
    oncall = {s.id for s in inst.shifts if s.kind == ShiftKind.oncall}
    removed = next(x for x in earlier.assignments if x.shift in oncall)
    kept = [x for x in earlier.assignments if x != removed]

    def holds(assignments: list[Assignment]) -> bool:
        return not evaluate(inst, assignments, gains=False).hard

    sessions = [x for x in kept if x.staff == "d1" and x.site == "A" and x.shift not in oncall]
    moves = (
        (x, x.model_copy(update={"site": "B"}))
        for x in sessions
        if holds([*(y for y in kept if y != x), x.model_copy(update={"site": "B"})])
    )
    moved_from, moved_to = next(moves)
    base = [*(y for y in kept if y != moved_from), moved_to]
    held = {(x.staff, x.date, x.shift) for x in base}
    candidates = (
        Assignment(staff=staff, date=date, shift=shift, site="A")
        for staff in ("i1", "s1", "d1", "d2")
        for date in sorted({x.date for x in base})
        for shift in ("am", "pm")
        if (staff, date, shift) not in held
    )
    added = next(a for a in candidates if holds([*base, a]))
    current = earlier.model_copy(update={"assignments": [*base, added]})
    folder = tmp_path_factory.mktemp("compare")
    earlier_path, current_path = folder / "earlier.json", folder / "current.json"
    earlier_path.write_text(earlier.model_dump_json(), encoding="utf-8")
    current_path.write_text(current.model_dump_json(), encoding="utf-8")
    return Pair(
        inst,
        earlier,
        current,
        moved_from,
        moved_to,
        added,
        removed,
        solved.instance_path,
        earlier_path,
        current_path,
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_changes_marked_on_the_grids(pair: Pair, lang: Lang) -> None:
    html = render(pair.instance, pair.current, lang, compare=pair.earlier)
    found = marks(html)
    assert found.current == Counter(entry(a) for a in pair.current.assignments)
    assert found.changed == {entry(pair.added): "added", entry(pair.moved_to): "moved"}
    assert found.gone == {
        entry(pair.removed): "removed",
        entry(pair.moved_from): "moved_away",
    }
    cells = re.findall(r'<td class="([^"]*)"[^>]*>(.*?)</td>', html)
    framed = [body for css, body in cells if "chg" in css.split()]
    changed = (pair.added, pair.moved_from, pair.moved_to, pair.removed)
    # a cell per place, person and day changed, and the roster line of the dropped on-call
    assert len(framed) == len({(a.site, a.staff, a.date) for a in changed}) + 1, framed
    assert all("data-change" in body or "<del" in body for body in framed)
    legend = "déplacé ici" if lang == "fr" else "moved here"
    assert legend in html and 'class="mk"' in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_changes_section_lists_the_diff_per_person(pair: Pair, lang: Lang) -> None:
    html = render(pair.instance, pair.current, lang, compare=pair.earlier)
    result = diff(pair.instance, pair.earlier, pair.current)
    section = html.split('<section id="changes">', 1)[1].split("</section>", 1)[0]
    heading = "Changements" if lang == "fr" else "Changes"
    assert f"<h2>{heading}</h2>" in section
    intro = "1 ajout(s), 1 déplacement(s), 1 retrait(s)" if lang == "fr" else "1 added, 1 moved"
    assert intro in section
    lines = result.lines(lang)
    changed = {pair.moved_to.staff, pair.added.staff, pair.removed.staff}
    assert [p.staff for p in result.people] == sorted(changed, key=["d1", "d2", "i1", "s1"].index)
    for person, line in zip(result.people, lines, strict=False):
        row = section.split(f'data-person="{person.staff}"', 1)[1].split("</tr>", 1)[0]
        text = unescape(re.sub(r"<[^>]+>", " ", row)).replace("−", "-")
        for part in line.removeprefix(f"{person.name}: ").split("; "):
            assert part in text, (part, text)
    for line in lines[len(result.people) :]:
        assert unescape(line.strip()) in unescape(section)
    assert 'class="ch ch-removed"' in section and 'class="ch ch-added"' in section


def test_no_change_said_so(pair: Pair) -> None:
    html = render(pair.instance, pair.earlier, "en", compare=pair.earlier)
    found = marks(html)
    assert not found.changed and not found.gone
    assert "No change." in html and 'class="l chg"' not in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_without_compare_the_report_is_as_before(lang: Lang) -> None:
    """tests/solver/report/data/rota.LANG.html was rendered without --compare (from
    instance.json and solution.json there; last renewed for the work-pattern columns, which
    that older solution lacks: "—"); regenerate it only when the report is meant to change:
    `render(instance, solution, lang)` written to that file."""
    instance = Instance.model_validate_json((DATA / "instance.json").read_text(encoding="utf-8"))
    solution = Solution.model_validate_json((DATA / "solution.json").read_text(encoding="utf-8"))
    before = (DATA / f"rota.{lang}.html").read_text(encoding="utf-8")
    assert render(instance, solution, lang) == before
    assert render(instance, solution, lang, compare=None) == before
    for sign in ('id="changes"', "data-change", "<del", " chg"):
        assert sign not in before


def test_earlier_rota_of_another_instance_is_bad_input(pair: Pair) -> None:
    other = pair.earlier.model_copy(update={"instance": "another-month"})
    with pytest.raises(InputError) as error:
        render(pair.instance, pair.current, compare=other)
    assert error.value.source == "compare" and "$.instance" in str(error.value.issues[0])


def test_cli_writes_the_highlighted_report(pair: Pair, tmp_path: Path) -> None:
    out = tmp_path / "rota.html"
    done = run(
        "report",
        str(pair.instance_path),
        str(pair.current_path),
        "--compare",
        str(pair.earlier_path),
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert html == render(pair.instance, pair.current, compare=pair.earlier)
    plain = tmp_path / "plain.html"
    done = run("report", str(pair.instance_path), str(pair.current_path), "-o", str(plain))
    assert done.returncode == 0, done.stderr
    assert plain.read_text(encoding="utf-8") == render(pair.instance, pair.current)
    assert 'id="changes"' not in plain.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "field"),
    first_fast(
        [
            (lambda s: s.update(instance="another-month"), "$.instance"),
            (lambda s: s["assignments"][0].update(staff="ghost"), "$.assignments[0].staff"),
            (lambda s: s["assignments"][0].update(site="Z"), "$.assignments[0].site"),
            (lambda s: s["assignments"][0].update(date="2030-01-01"), "$.assignments[0].date"),
        ]
    ),
)
def test_cli_bad_earlier_rota_exits_2_naming_the_file(
    pair: Pair, tmp_path: Path, edit: Callable[[dict[str, Any]], None], field: str
) -> None:
    data = json.loads(pair.earlier_path.read_text(encoding="utf-8"))
    edit(data)
    bad = tmp_path / "earlier.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "rota.html"
    done = run(
        "report",
        str(pair.instance_path),
        str(pair.current_path),
        "--compare",
        str(bad),
        "-o",
        str(out),
    )
    assert done.returncode == 2, done.stderr
    assert f"bad input in {bad}" in done.stderr and field in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_browser_shows_the_changes(pair: Pair, browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "rota.html"
    page.write_text(render(pair.instance, pair.current, compare=pair.earlier), encoding="utf-8")
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={browser.profile}-compare"]
    loaded = load(
        browser.executable,
        flags,
        page,
        ".grid [data-change]",
        (
            "getComputedStyle(document.querySelector('.grid td.chg')).boxShadow",
            "getComputedStyle(document.querySelector('.grid del')).textDecorationLine",
            "getComputedStyle(document.querySelector('.grid .mk')).backgroundColor",
            "document.querySelector('#changes tbody').rows.length",
        ),
    )
    assert loaded.count == 4  # added, moved here, moved away, removed
    frame, strike, mark, people = loaded.values
    assert "255, 143, 0" in frame and "inset" in frame  # the orange frame
    assert strike == "line-through"
    assert mark == "rgb(255, 143, 0)"
    assert people == len(diff(pair.instance, pair.earlier, pair.current).people)
    assert loaded.requests == [page.resolve().as_uri()] and loaded.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "rota-compare.png").write_bytes(loaded.screenshot)
    assert loaded.screenshot[:8] == b"\x89PNG\r\n\x1a\n" and len(loaded.screenshot) > 20_000
