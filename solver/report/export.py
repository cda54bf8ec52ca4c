"""Exports for other tools: CSV for payroll (hours per person and per assignment) and
iCalendar (RFC 5545) so that staff see their rota in their own calendar app.

Every file is written atomically: a failed export never leaves half a file behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import icalendar

from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.models.validate import check_rota
from maillage.solver.report.files import make_folder, write_atomic
from maillage.solver.report.i18n import Lang, labels
from maillage.solver.report.rows import PARIS, Row, rows

ASSIGNMENT_COLUMNS = (
    "staff",
    "name",
    "role",
    "date",
    "shift",
    "start",
    "end",
    "end_date",
    "site",
    "site_name",
    "hours",
)
STAFF_COLUMNS = (
    "staff",
    "name",
    "role",
    "hours",
    "target_hours",
    "difference",
    "min_hours",
    "max_hours",
    "sessions",
    "oncalls",
    "weekends",
    "days_worked",
    "whole_days",
    "half_days_alone",
    "saturdays",
    "six_day_weeks",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """A spreadsheet must never run a name as a formula (CSV injection): quote it."""
    return "'" + value if value.startswith(_FORMULA) else value


def _hours(value: float) -> str:
    return f"{value:.2f}"


def _count(value: int | None) -> str:
    """Empty where the solution predates the figure: a blank is not a zero."""
    return "" if value is None else str(value)


def _csv(header: Sequence[str], lines: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue()


def write_csv(instance: Instance, solution: Solution, folder: str | Path) -> list[Path]:
    """assignments.csv (one row per assignment) and staff.csv (one row per person)."""
    check_rota(instance, solution, "solution")
    folder = Path(folder)
    make_folder(folder)
    assigned = rows(instance, solution)
    first = _csv(
        ASSIGNMENT_COLUMNS,
        (
            (
                r.person.id,
                _text(r.person.name),
                r.person.role.value,
                r.assignment.date.isoformat(),
                r.shift.id,
                r.shift.start,
                r.shift.end,
                r.end.date().isoformat(),
                r.assignment.site,
                _text(r.place_name),
                _hours(r.hours),
            )
            for r in assigned
        ),
    )
    names = {p.id: p.name for p in instance.staff}
    second = _csv(
        STAFF_COLUMNS,
        (
            (
                s.staff,
                _text(names.get(s.staff, s.staff)),
                s.role,
                _hours(s.hours),
                _hours(s.target_hours),
                _hours(s.hours - s.target_hours),
                _hours(s.min_hours),
                _hours(s.max_hours),
                str(s.sessions),
                str(s.oncalls),
                str(s.weekends),
                str(s.days_worked),
                _count(s.whole_days),
                _count(s.half_days_alone),
                _count(s.saturdays),
                _count(s.six_day_weeks),
            )
            for s in solution.staff_summary
        ),
    )
    paths = [folder / "assignments.csv", folder / "staff.csv"]
    write_atomic(paths[0], first)
    write_atomic(paths[1], second)
    return paths


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "rota"


def uid(instance: Instance, row: Row) -> str:
    """Stable across runs and exports: the same duty keeps its UID, so a re-import updates
    the event instead of duplicating it."""
    a = row.assignment
    parts = (a.date.isoformat(), _safe(a.shift), _safe(a.staff), _safe(a.site))
    return f"{'-'.join(parts)}.{_safe(instance.name)}@maillage"


def _location(facts: Facts, row: Row) -> str:
    if row.place_insee is None:
        return row.place_name
    commune = facts.communes.get(row.place_insee)
    where = f"{commune.name} ({row.place_insee})" if commune else f"INSEE {row.place_insee}"
    return f"{row.place_name}, {where}"


def _calendar(instance: Instance, facts: Facts, items: list[Row], lang: Lang, title: str) -> str:
    text = labels(lang)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//maillage//rota//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", "Europe/Paris")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for row in items:
        event = icalendar.Event()
        event.add("uid", uid(instance, row))
        event.add("dtstamp", stamp)
        event.add("dtstart", row.start)
        event.add("dtend", row.end)
        kind = text["oncall"] if row.is_oncall else text[row.person.role.value]
        event.add("summary", f"{kind} {row.shift.id} — {row.place_name}")
        event.add("location", _location(facts, row))
        event.add("description", f"{row.person.name} · {row.times} · {row.hours:g} h")
        event.add("categories", [row.person.role.value])
        cal.add_component(event)
    first = facts.dates[0] - dt.timedelta(days=1)
    last = facts.dates[-1] + dt.timedelta(days=2)
    cal.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


def write_ics(
    instance: Instance,
    solution: Solution,
    folder: str | Path,
    combined: bool = False,
    lang: Lang = "fr",
) -> list[Path]:
    """One calendar per person (named by id), or one for everybody with `combined`."""
    check_rota(instance, solution, "solution")
    folder = Path(folder)
    make_folder(folder)
    facts = Facts(instance)
    assigned = rows(instance, solution, facts)
    if combined:
        path = folder / f"{_safe(instance.name)}.ics"
        write_atomic(path, _calendar(instance, facts, assigned, lang, instance.name))
        return [path]
    by_person: dict[str, list[Row]] = defaultdict(list)
    for row in assigned:
        by_person[row.person.id].append(row)
    paths: list[Path] = []
    used: set[str] = set()
    for person in instance.staff:
        stem = _safe(person.id)
        while stem in used:
            stem += "_"
        used.add(stem)
        path = folder / f"{stem}.ics"
        title = f"{person.name} — {instance.name}"
        write_atomic(path, _calendar(instance, facts, by_person[person.id], lang, title))
        paths.append(path)
    return paths


__all__ = ["PARIS", "write_csv", "write_ics"]
