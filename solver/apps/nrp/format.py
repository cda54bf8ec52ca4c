"""Read the Curtois-Qu shift scheduling benchmark format ("nrp", Instance1-24) and express it
as an ordinary maillage instance, every constraint as a general rule of the engine.

Semantics (benchmarks/nrp/SEMANTICS.md): day 0 is a Monday (2014-01-06 in the XML twins);
each employee takes at most one shift a day; forbidden successions, per-type caps, total
minutes, consecutive-run bounds (minimum runs exempt at the horizon's borders), worked
weekends and fixed days off are hard; shift-on/off requests and cover are weighted.
The text format has no shift start times: every shift starts at 08:00 here, so that two
shifts of one day always overlap (`no_overlap` gives "one shift per day") and no time-based
law rule applies (they are disabled for these instances).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from maillage.models.errors import InputError, Issue, from_validation_error
from maillage.models.instance import Instance

START = dt.date(2014, 1, 6)  # a Monday, as in the XML versions of the instances
SITE = "ward"
# Any number of the file, and a weight: far above the benchmark's (weights of 1 to 100,
# 525,600 minutes a year), low enough that the objective keeps to 64-bit integers.
MOST = 10**9
MOST_WEIGHT = 10**6
SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
# Working-time law and service rules that have no counterpart in the benchmark.
DISABLED = [
    "max_daily_hours",
    "daily_rest",
    "weekly_rest",
    "work_break",  # the benchmark's shifts declare no breaks
    "max_weekly_hours",
    "max_average_weekly_hours",
    "contract_hours_band",
    "contract_hours",
    "max_days_per_week",
    "max_oncalls_per_month",
    "site_changes",
    "rooms",
    "non_home_site",
    "weekend_fairness",
    "oncall_fairness",
    "whole_days",
    "max_saturdays",
    "saturday_fairness",
    "preferred_pattern",
]


@dataclass
class NrpShift:
    id: str
    minutes: int
    forbidden_next: list[str]


@dataclass
class NrpEmployee:
    id: str
    max_shifts: dict[str, int]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int
    days_off: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class NrpRequest:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class NrpCover:
    day: int
    shift: str
    required: int
    under: int
    over: int


@dataclass
class NrpInstance:
    name: str
    days: int
    shifts: list[NrpShift]
    staff: list[NrpEmployee]
    on_requests: list[NrpRequest]
    off_requests: list[NrpRequest]
    cover: list[NrpCover]
    source: str = "<nrp>"  # the file, for messages

    def date(self, day: int) -> dt.date:
        return START + dt.timedelta(days=day)

    def day(self, date: dt.date) -> int:
        return (date - START).days

    def to_instance(self) -> Instance:
        """The benchmark as an instance of the engine: one ward open every day, nurses."""
        requests: dict[str, list[dict[str, object]]] = {e.id: [] for e in self.staff}
        for r in self.on_requests:
            requests[r.employee].append(_request(self, r, "on"))
        for r in self.off_requests:
            requests[r.employee].append(_request(self, r, "off"))
        data = {
            "name": self.name,
            "description": "Curtois-Qu shift scheduling benchmark instance, imported by "
            "maillage.solver.apps.nrp.format (one ward, no shift times in the source: all start "
            "08:00).",
            "horizon": {"start": START.isoformat(), "days": self.days, "holidays": False},
            "shifts": [
                {
                    "id": s.id,
                    "start": "08:00",
                    "end": _clock(8 * 60 + s.minutes),
                    "kind": "consultation",
                    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    "holidays": "include",
                    "forbidden_next": s.forbidden_next,
                }
                for s in self.shifts
            ],
            "sites": [
                {
                    "id": SITE,
                    "name": "Ward",
                    "kind": "centre",
                    "lat": 0.0,
                    "lon": 0.0,
                    "rooms": len(self.staff),
                    "secretary": "remote",
                    "opening": {
                        day: [s.id for s in self.shifts]
                        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
                    },
                }
            ],
            "staff": [
                {
                    "id": e.id,
                    "name": e.id,
                    "role": "nurse",
                    "fte": 1.0,
                    "sites": [SITE],
                    "home_site": SITE,
                    "unavailable": [
                        {"from": a.isoformat(), "to": b.isoformat(), "reason": "day off"}
                        for a, b in _spans([self.date(d) for d in e.days_off])
                    ],
                    "requests": requests[e.id],
                    "rules": {
                        "max_shifts": e.max_shifts,
                        "min_total_minutes": e.min_total_minutes,
                        "max_total_minutes": e.max_total_minutes,
                        "max_consecutive_days": e.max_consecutive,
                        "min_consecutive_days": e.min_consecutive,
                        "min_consecutive_days_off": e.min_days_off,
                        "max_weekends": e.max_weekends,
                    },
                }
                for e in self.staff
            ],
            "cover": [
                {
                    "date": self.date(c.day).isoformat(),
                    "shift": c.shift,
                    "required": c.required,
                    "under_weight": c.under,
                    "over_weight": c.over,
                }
                for c in self.cover
            ],
            "rules": {"disabled": DISABLED},
        }
        try:
            return Instance.model_validate(data)
        except ValidationError as error:  # values the file allows and the engine does not
            raise InputError(self._named(from_validation_error(error)), self.source) from None

    def _named(self, issues: list[Issue]) -> list[Issue]:
        """Issues of the converted instance, with the employee's id for `$.staff[i]`."""
        out = []
        for issue in issues:
            path = issue.path
            if path.startswith("$.staff["):
                index, _, rest = path.removeprefix("$.staff[").partition("]")
                if index.isdigit() and int(index) < len(self.staff):
                    path = f"employee {self.staff[int(index)].id}, {rest.removeprefix('.')}"
            out.append(Issue(path, issue.message))
        return out


def _request(nrp: NrpInstance, r: NrpRequest, kind: str) -> dict[str, object]:
    return {"date": nrp.date(r.day).isoformat(), "shift": r.shift, "kind": kind, "weight": r.weight}


def _clock(minute: int) -> str:
    h, m = divmod(minute % (24 * 60), 60)
    return f"{h:02d}:{m:02d}"


def _spans(dates: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive dates merged into (first, last) spans."""
    spans: list[tuple[dt.date, dt.date]] = []
    for date in sorted(set(dates)):
        if spans and date - spans[-1][1] == dt.timedelta(days=1):
            spans[-1] = (spans[-1][0], date)
        else:
            spans.append((date, date))
    return spans


# -- parsing ------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.issues: list[Issue] = []

    def fail(self, line: int, message: str) -> None:
        self.issues.append(Issue(f"line {line}" if line else "file", message))

    def day(self, text: str, line: int, days: int) -> int | None:
        """A 0-based day index inside the horizon, or None (reported) when it is not."""
        before = len(self.issues)
        value = self.int(text, line, "day")
        if len(self.issues) > before:
            return None
        if value >= days:
            self.fail(line, f"day {value} is outside the {days}-day horizon (days 0 to {days - 1})")
            return None
        return value

    def int(self, text: str, line: int, what: str, least: int = 0, most: int = MOST) -> int:
        try:
            value = int(text)
        except ValueError:
            self.fail(line, f"{what} must be an integer, got {text!r}")
            return least
        if value < least:
            self.fail(line, f"{what} must be at least {least}, got {value}")
            return least
        if value > most:
            self.fail(line, f"{what} must be at most {most:,}, got {value:,}")
            return least
        return value


def _sections(text: str, reader: _Reader) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if not line:
            current = None
        elif line.startswith("SECTION_"):
            if line not in SECTIONS:
                reader.fail(number, f"unknown section {line}")
            current = line
            sections.setdefault(line, [])
        elif current is None:
            reader.fail(number, f"data outside any section: {line[:40]!r}")
        else:
            sections[current].append((number, line))
    for name in SECTIONS:
        if name not in sections:
            reader.fail(0, f"missing {name}")
    return sections


def parse(text: str, name: str = "nrp", path: str = "<nrp>") -> NrpInstance:
    """Parse the text format; every problem is reported with its line, never a traceback."""
    r = _Reader(path)
    sec = _sections(text, r)
    if r.issues:
        raise InputError(r.issues, path)
    horizon = sec["SECTION_HORIZON"]
    days = r.int(horizon[0][1], horizon[0][0], "horizon", least=1) if horizon else 1
    if not horizon:
        r.fail(0, "SECTION_HORIZON is empty")
    shifts = []
    for number, line in sec["SECTION_SHIFTS"]:
        parts = line.split(",")
        if len(parts) != 3:
            r.fail(number, f"a shift is ID,minutes,forbidden (3 fields), got {len(parts)}")
            continue
        forbidden = [s for s in parts[2].split("|") if s]
        shifts.append(NrpShift(parts[0], r.int(parts[1], number, "shift length", 1), forbidden))
    shift_ids = {s.id for s in shifts}
    for s in shifts:
        for t in s.forbidden_next:
            if t not in shift_ids:
                r.fail(0, f"shift {s.id} forbids unknown shift {t!r}")
    staff: dict[str, NrpEmployee] = {}
    for number, line in sec["SECTION_STAFF"]:
        parts = line.split(",")
        if len(parts) != 8:
            r.fail(number, f"an employee line has 8 fields, got {len(parts)}")
            continue
        caps = {}
        for pair in filter(None, parts[1].split("|")):
            sid, _, cap = pair.partition("=")
            if sid not in shift_ids:
                r.fail(number, f"MaxShifts names unknown shift {sid!r}")
            caps[sid] = r.int(cap, number, f"MaxShifts of {sid}")
        most, least, max_run, min_run, min_off, weekends = (
            r.int(v, number, f"field {i + 3}") for i, v in enumerate(parts[2:])
        )
        staff[parts[0]] = NrpEmployee(
            parts[0], caps, most, least, max_run, min_run, min_off, weekends
        )
    for number, line in sec["SECTION_DAYS_OFF"]:
        eid, *day_texts = line.split(",")
        if eid not in staff:
            r.fail(number, f"days off of unknown employee {eid!r}")
            continue
        for text in day_texts:
            if text and (day := r.day(text, number, days)) is not None:
                staff[eid].days_off.append(day)

    def known_shift(sid: str, number: int, what: str) -> bool:
        if sid in shift_ids:
            return True
        r.fail(number, f"{what} for unknown shift {sid!r} (shifts: {', '.join(sorted(shift_ids))})")
        return False

    def requests(section: str) -> list[NrpRequest]:
        out = []
        for number, line in sec[section]:
            parts = line.split(",")
            if len(parts) != 4:
                r.fail(number, f"a request is Employee,Day,Shift,Weight: {line!r}")
                continue
            if parts[0] not in staff:
                r.fail(number, f"request of unknown employee {parts[0]!r}")
                continue
            if not known_shift(parts[2], number, "request"):
                continue
            day = r.day(parts[1], number, days)
            weight = r.int(parts[3], number, "weight", most=MOST_WEIGHT)
            if day is not None:
                out.append(NrpRequest(parts[0], day, parts[2], weight))
        return out

    on, off = requests("SECTION_SHIFT_ON_REQUESTS"), requests("SECTION_SHIFT_OFF_REQUESTS")
    cover = []
    for number, line in sec["SECTION_COVER"]:
        parts = line.split(",")
        if len(parts) != 5:
            r.fail(number, f"a cover line is Day,Shift,Requirement,Under,Over: {line!r}")
            continue
        if not known_shift(parts[1], number, "cover"):
            continue
        day = r.day(parts[0], number, days)
        required = r.int(parts[2], number, "cover requirement")
        under, over = (r.int(parts[i], number, "cover weight", most=MOST_WEIGHT) for i in (3, 4))
        if day is not None:
            cover.append(NrpCover(day, parts[1], required, under, over))
    if r.issues:
        raise InputError(r.issues, path)
    return NrpInstance(name, days, shifts, list(staff.values()), on, off, cover, path)


def load(path: str | Path) -> NrpInstance:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Issue("file", f"cannot read it: {exc}")], str(path)) from None
    return parse(text, name=path.stem, path=str(path))
