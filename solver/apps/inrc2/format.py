"""Read the Second International Nurse Rostering Competition's text files (INRC-II: scenario,
history, week data, solution) and write its solution and history files.

The format is the competition's (Ceschia et al. 2015, appendix A; benchmarks/inrc2/SEMANTICS.md).
Every problem in a file is reported with its line, never a traceback. Turning a week into an
instance of the engine is `maillage.solver.apps.inrc2.instance`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from maillage.models.errors import InputError, Issue

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NONE = "None"  # a history's last shift when the nurse was off on the eve
ANY = "Any"  # an off request for every shift of the day
_PAIR = re.compile(r"^\((-?\d+),(-?\d+)\)$")


@dataclass(frozen=True)
class ShiftType:
    id: str
    min_consecutive: int
    max_consecutive: int


@dataclass(frozen=True)
class Contract:
    id: str
    min_total: int
    max_total: int
    min_consecutive_work: int
    max_consecutive_work: int
    min_consecutive_off: int
    max_consecutive_off: int
    max_weekends: int
    complete_weekends: bool


@dataclass(frozen=True)
class Nurse:
    id: str
    contract: str
    skills: tuple[str, ...]


@dataclass
class Scenario:
    name: str
    weeks: int
    skills: list[str]
    shifts: list[ShiftType]
    forbidden: dict[str, list[str]]  # shift -> shifts forbidden the next day
    contracts: dict[str, Contract]
    nurses: list[Nurse]
    source: str = "<scenario>"

    def shift(self, sid: str) -> ShiftType:
        return next(s for s in self.shifts if s.id == sid)


@dataclass(frozen=True)
class NurseHistory:
    nurse: str
    assignments: int  # total worked shifts so far
    weekends: int  # total worked weekends so far
    last_shift: str  # "None": off on the eve
    consecutive_shift: int  # of last_shift, back from the eve
    consecutive_work: int
    consecutive_off: int


@dataclass
class History:
    week: int  # weeks already rostered (0: the initial history)
    scenario: str
    nurses: dict[str, NurseHistory]
    source: str = "<history>"


@dataclass(frozen=True)
class Requirement:
    shift: str
    skill: str
    day: int
    minimum: int
    optimal: int


@dataclass(frozen=True)
class OffRequest:
    nurse: str
    shift: str  # a shift id or "Any"
    day: int


@dataclass
class WeekData:
    scenario: str
    requirements: list[Requirement]
    off_requests: list[OffRequest]
    source: str = "<week>"


@dataclass(frozen=True)
class Assignment:
    nurse: str
    day: int  # 0 (Monday) to 6 (Sunday)
    shift: str
    skill: str


@dataclass
class WeekSolution:
    week: int
    scenario: str
    assignments: list[Assignment] = field(default_factory=list)


# -- reading --------------------------------------------------------------------------------------
class _Lines:
    """The file's non-blank lines, with their numbers, and the issues found reading them."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.lines = [
            (n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()
        ]
        self.at = 0
        self.issues: list[Issue] = []

    def fail(self, line: int, message: str) -> None:
        self.issues.append(Issue(f"line {line}" if line else "file", message))

    def next(self, what: str) -> tuple[int, str] | None:
        if self.at >= len(self.lines):
            self.fail(0, f"ends before {what}")
            return None
        self.at += 1
        return self.lines[self.at - 1]

    def header(self, key: str) -> tuple[int, str]:
        """`KEY = value` (or a line `KEY` alone: value "")."""
        got = self.next(key)
        if got is None:
            return 0, ""
        number, line = got
        name, _, value = line.partition("=")
        if name.strip() != key:
            self.fail(number, f"expected {key}, got {line[:40]!r}")
        return number, value.strip()

    def count(self, key: str) -> int:
        number, value = self.header(key)
        return self.integer(value, number, key)

    def integer(self, text: str, line: int, what: str) -> int:
        try:
            value = int(text)
        except ValueError:
            self.fail(line, f"{what} must be an integer, got {text!r}")
            return 0
        if value < 0:
            self.fail(line, f"{what} must be at least 0, got {value}")
            return 0
        return value

    def pair(self, text: str, line: int, what: str) -> tuple[int, int]:
        match = _PAIR.match(text.replace(" ", ""))
        if match is None:
            self.fail(line, f"{what} must be (a,b), got {text!r}")
            return 0, 0
        a, b = int(match.group(1)), int(match.group(2))
        if a < 0 or b < 0:
            self.fail(line, f"{what} must not be negative, got {text!r}")
        return max(a, 0), max(b, 0)

    def done(self) -> None:
        if self.issues:
            raise InputError(self.issues, self.path)


def _read(path: str | Path) -> tuple[str, str]:
    try:
        return Path(path).read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Issue("file", f"cannot read it: {exc}")], str(path)) from None


def parse_scenario(text: str, path: str = "<scenario>") -> Scenario:
    r = _Lines(text, path)
    _, name = r.header("SCENARIO")
    weeks = r.count("WEEKS")
    skills = [line for _, line in _take(r, r.count("SKILLS"), "a skill")]
    shifts: list[ShiftType] = []
    for number, line in _take(r, r.count("SHIFT_TYPES"), "a shift type"):
        parts = line.split()
        if len(parts) != 2:
            r.fail(number, f"a shift type is `Id (min,max)`, got {line!r}")
            continue
        lo, hi = r.pair(parts[1], number, f"consecutive {parts[0]}")
        shifts.append(ShiftType(parts[0], lo, hi))
    ids = [s.id for s in shifts]
    r.header("FORBIDDEN_SHIFT_TYPES_SUCCESSIONS")
    forbidden: dict[str, list[str]] = {}
    for number, line in _take(r, len(shifts), "a succession line"):
        parts = line.split()
        if len(parts) < 2 or parts[0] not in ids:
            r.fail(number, f"a succession line is `Shift n Next...` of a known shift: {line!r}")
            continue
        nexts = parts[2:]
        if r.integer(parts[1], number, "forbidden successions") != len(nexts):
            r.fail(number, f"{parts[1]} successions announced, {len(nexts)} listed")
        for t in nexts:
            if t not in ids:
                r.fail(number, f"shift {parts[0]} forbids unknown shift {t!r}")
        forbidden[parts[0]] = [t for t in nexts if t in ids]
    contracts: dict[str, Contract] = {}
    for number, line in _take(r, r.count("CONTRACTS"), "a contract"):
        parts = line.split()
        if len(parts) != 6:
            r.fail(number, f"a contract has 6 fields, got {len(parts)}: {line!r}")
            continue
        total = r.pair(parts[1], number, "total assignments")
        work = r.pair(parts[2], number, "consecutive working days")
        off = r.pair(parts[3], number, "consecutive days off")
        weekends = r.integer(parts[4], number, "max working weekends")
        complete = r.integer(parts[5], number, "complete weekends")
        contracts[parts[0]] = Contract(parts[0], *total, *work, *off, weekends, complete == 1)
    nurses: list[Nurse] = []
    for number, line in _take(r, r.count("NURSES"), "a nurse"):
        parts = line.split()
        if len(parts) < 3:
            r.fail(number, f"a nurse is `Id Contract n Skill...`, got {line!r}")
            continue
        if parts[1] not in contracts:
            r.fail(number, f"nurse {parts[0]} has unknown contract {parts[1]!r}")
        own = parts[3:]
        if r.integer(parts[2], number, "skills") != len(own):
            r.fail(number, f"nurse {parts[0]}: {parts[2]} skills announced, {len(own)} listed")
        for s in own:
            if s not in skills:
                r.fail(number, f"nurse {parts[0]} has unknown skill {s!r}")
        nurses.append(Nurse(parts[0], parts[1], tuple(own)))
    if len({n.id for n in nurses}) != len(nurses):
        r.fail(0, "a nurse is listed twice")
    r.done()
    return Scenario(name, weeks, skills, shifts, forbidden, contracts, nurses, path)


def _take(r: _Lines, count: int, what: str) -> list[tuple[int, str]]:
    out = []
    for _ in range(count):
        got = r.next(what)
        if got is None:
            break
        out.append(got)
    return out


def parse_history(text: str, scenario: Scenario, path: str = "<history>") -> History:
    r = _Lines(text, path)
    r.header("HISTORY")
    got = r.next("the week and scenario")
    week, name = 0, scenario.name
    if got is not None:
        parts = got[1].split()
        if len(parts) != 2:
            r.fail(got[0], f"expected `week scenario`, got {got[1]!r}")
        else:
            week, name = r.integer(parts[0], got[0], "week"), parts[1]
    r.header("NURSE_HISTORY")
    shifts = {s.id for s in scenario.shifts}
    nurses: dict[str, NurseHistory] = {}
    while r.at < len(r.lines):
        number, line = r.lines[r.at]
        r.at += 1
        parts = line.split()
        if len(parts) != 7:
            r.fail(number, f"a nurse history has 7 fields, got {len(parts)}: {line!r}")
            continue
        if parts[3] != NONE and parts[3] not in shifts:
            r.fail(number, f"unknown last shift {parts[3]!r}")
        a, w, cs, cw, co = (r.integer(parts[i], number, f"field {i + 1}") for i in (1, 2, 4, 5, 6))
        nurses[parts[0]] = NurseHistory(parts[0], a, w, parts[3], cs, cw, co)
    known = {n.id for n in scenario.nurses}
    for nid in sorted(known - set(nurses)):
        r.fail(0, f"no history for nurse {nid}")
    for nid in sorted(set(nurses) - known):
        r.fail(0, f"history of unknown nurse {nid}")
    _same_scenario(r, name, scenario)
    r.done()
    return History(week, name, nurses, path)


def _same_scenario(r: _Lines, name: str, scenario: Scenario) -> None:
    if name != scenario.name:
        r.fail(0, f"belongs to scenario {name!r}, not {scenario.name!r}")


def parse_week(text: str, scenario: Scenario, path: str = "<week>") -> WeekData:
    r = _Lines(text, path)
    r.header("WEEK_DATA")
    got = r.next("the scenario")
    if got is not None:
        _same_scenario(r, got[1], scenario)
    r.header("REQUIREMENTS")
    shifts, skills = {s.id for s in scenario.shifts}, set(scenario.skills)
    nurses = {n.id for n in scenario.nurses}
    requirements: list[Requirement] = []
    while r.at < len(r.lines) and not r.lines[r.at][1].startswith("SHIFT_OFF_REQUESTS"):
        number, line = r.lines[r.at]
        r.at += 1
        parts = re.sub(r"\(\s*(\d+)\s*,\s*(\d+)\s*\)", r"(\1,\2)", line).split()
        if len(parts) != 9 or parts[0] not in shifts or parts[1] not in skills:
            r.fail(number, f"a requirement is `Shift Skill (min,opt) x 7`: {line!r}")
            continue
        for day, text in enumerate(parts[2:]):
            lo, opt = r.pair(text, number, f"requirement of {DAYS[day]}")
            requirements.append(Requirement(parts[0], parts[1], day, lo, opt))
    requests: list[OffRequest] = []
    for number, line in _take(r, r.count("SHIFT_OFF_REQUESTS"), "a request"):
        parts = line.split()
        if len(parts) != 3 or parts[0] not in nurses:
            r.fail(number, f"a request is `Nurse Shift|Any Day` of a known nurse: {line!r}")
            continue
        if parts[1] != ANY and parts[1] not in shifts:
            r.fail(number, f"request for unknown shift {parts[1]!r}")
        if parts[2] not in DAYS:
            r.fail(number, f"unknown day {parts[2]!r} (Mon to Sun)")
            continue
        requests.append(OffRequest(parts[0], parts[1], DAYS.index(parts[2])))
    r.done()
    return WeekData(scenario.name, requirements, requests, path)


def parse_solution(text: str, scenario: Scenario, path: str = "<solution>") -> WeekSolution:
    r = _Lines(text, path)
    r.header("SOLUTION")
    got = r.next("the week and scenario")
    week = 0
    if got is not None:
        parts = got[1].split()
        week = r.integer(parts[0], got[0], "week") if parts else 0
    out = WeekSolution(week, scenario.name)
    for number, line in _take(r, r.count("ASSIGNMENTS"), "an assignment"):
        parts = line.split()
        if len(parts) != 4 or parts[1] not in DAYS:
            r.fail(number, f"an assignment is `Nurse Day Shift Skill`: {line!r}")
            continue
        out.assignments.append(Assignment(parts[0], DAYS.index(parts[1]), parts[2], parts[3]))
    r.done()
    return out


def load_scenario(path: str | Path) -> Scenario:
    return parse_scenario(*_read(path))


def load_history(path: str | Path, scenario: Scenario) -> History:
    text, name = _read(path)
    return parse_history(text, scenario, name)


def load_week(path: str | Path, scenario: Scenario) -> WeekData:
    text, name = _read(path)
    return parse_week(text, scenario, name)


def load_solution(path: str | Path, scenario: Scenario) -> WeekSolution:
    text, name = _read(path)
    return parse_solution(text, scenario, name)


# -- writing --------------------------------------------------------------------------------------
def solution_text(solution: WeekSolution) -> str:
    lines = ["SOLUTION", f"{solution.week} {solution.scenario}", ""]
    lines.append(f"ASSIGNMENTS = {len(solution.assignments)}")
    for a in sorted(solution.assignments, key=lambda a: (a.nurse, a.day)):
        lines.append(f"{a.nurse} {DAYS[a.day]} {a.shift} {a.skill}")
    return "\n".join(lines) + "\n"


def history_text(history: History, scenario: Scenario) -> str:
    lines = ["HISTORY", f"{history.week} {history.scenario}", "", "NURSE_HISTORY"]
    for n in scenario.nurses:
        h = history.nurses[n.id]
        lines.append(
            f"{h.nurse} {h.assignments} {h.weekends} {h.last_shift} {h.consecutive_shift} "
            f"{h.consecutive_work} {h.consecutive_off}"
        )
    return "\n".join(lines) + "\n"


def next_history(history: History, solution: WeekSolution) -> History:
    """The history a week leaves (what the competition's simulator computes): counters plus
    the week's, and the runs the week ends with, continued from the history's when the week
    is one run."""
    shift_of = {(a.nurse, a.day): a.shift for a in solution.assignments}
    out: dict[str, NurseHistory] = {}
    for nid, h in history.nurses.items():
        week = [shift_of.get((nid, d)) for d in range(7)]
        worked = sum(s is not None for s in week)
        weekend = week[5] is not None or week[6] is not None
        last = week[6]
        if last is None:
            off = _trailing(week, lambda s: s is None)
            out[nid] = NurseHistory(
                nid,
                h.assignments + worked,
                h.weekends + weekend,
                NONE,
                0,
                0,
                off + (h.consecutive_off if off == 7 else 0),
            )
            continue
        work = _trailing(week, lambda s: s is not None)
        same = _trailing(week, lambda s, last=last: s == last)  # type: ignore[misc]
        out[nid] = NurseHistory(
            nid,
            h.assignments + worked,
            h.weekends + weekend,
            last,
            same + (h.consecutive_shift if same == 7 and h.last_shift == last else 0),
            work + (h.consecutive_work if work == 7 else 0),
            0,
        )
    return History(history.week + 1, history.scenario, out)


def _trailing(week: list[str | None], test: Callable[[str | None], bool]) -> int:
    n = 0
    for s in reversed(week):
        if not test(s):
            break
        n += 1
    return n
