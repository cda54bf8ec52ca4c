"""CSV for payroll and iCalendar for staff: both agree with the solution they come from."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from report_setup import Solved

from maillage.models.instance import Shift
from maillage.solver.report import write_csv, write_ics
from maillage.solver.report.rows import shift_times
from maillage.solver.report.view import PATTERNS

PARIS = ZoneInfo("Europe/Paris")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_totals_match_staff_summary(solved: Solved, tmp_path: Path) -> None:
    written = write_csv(solved.instance, solved.solution, tmp_path / "csv")
    assert [p.name for p in written] == ["assignments.csv", "staff.csv"]
    rows = read(written[0])
    assert len(rows) == len(solved.solution.assignments)
    hours: Counter[str] = Counter()
    for row in rows:
        hours[row["staff"]] += float(row["hours"])
    staff = {row["staff"]: row for row in read(written[1])}
    for summary in solved.solution.staff_summary:
        line = staff[summary.staff]
        assert hours[summary.staff] == pytest.approx(summary.hours)
        assert float(line["hours"]) == pytest.approx(summary.hours, abs=0.005)
        assert float(line["target_hours"]) == pytest.approx(summary.target_hours, abs=0.005)
        assert float(line["difference"]) == pytest.approx(
            summary.hours - summary.target_hours, abs=0.01
        )
        assert int(line["oncalls"]) == summary.oncalls
        assert int(line["weekends"]) == summary.weekends
        for key in PATTERNS:  # the work-pattern columns, every one computed
            assert line[key] == str(getattr(summary, key)), key
    names = {p.id: p.name for p in solved.instance.staff}
    assert all(row["name"] == names[row["staff"]] for row in rows)  # UTF-8 names intact


def test_csv_work_pattern_columns_blank_for_an_older_solution(
    solved: Solved, tmp_path: Path
) -> None:
    older = solved.solution.model_copy(
        update={
            "staff_summary": [
                s.model_copy(update=dict.fromkeys(PATTERNS[1:]))
                for s in solved.solution.staff_summary
            ]
        }
    )
    written = write_csv(solved.instance, older, tmp_path / "csv")
    with written[1].open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle))[-5:] == list(PATTERNS)
    for line, summary in zip(read(written[1]), older.staff_summary, strict=True):
        assert line["days_worked"] == str(summary.days_worked)
        assert [line[key] for key in PATTERNS[1:]] == ["", "", "", ""]  # unknown, not zero


def events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    return list(calendar.walk("VEVENT"))


def test_ics_per_person_matches_assignments(solved: Solved, tmp_path: Path) -> None:
    written = write_ics(solved.instance, solved.solution, tmp_path / "ics")
    assert sorted(p.name for p in written) == sorted(f"{p.id}.ics" for p in solved.instance.staff)
    shifts = {s.id: s for s in solved.instance.shifts}
    seen = Counter()
    for path in written:
        person = path.stem
        for event in events(path):
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Paris"
            assert event["DTSTART"].params["TZID"] == "Europe/Paris"
            seen[(person, start.date(), start.strftime("%H:%M"), end)] += 1
            assert event["LOCATION"] and event["SUMMARY"] and event["DTSTAMP"]
    expected = Counter()
    for a in solved.solution.assignments:
        start, end = shift_times(a.date, shifts[a.shift])
        expected[(a.staff, a.date, shifts[a.shift].start, end)] += 1
    assert seen == expected


def test_ics_combined_uids_stable_and_locations(solved: Solved, tmp_path: Path) -> None:
    first = write_ics(solved.instance, solved.solution, tmp_path / "a", combined=True)
    second = write_ics(solved.instance, solved.solution, tmp_path / "b", combined=True)
    assert len(first) == 1
    one, two = events(first[0]), events(second[0])
    assert len(one) == len(solved.solution.assignments)
    assert [str(e["UID"]) for e in one] == [str(e["UID"]) for e in two]
    assert len({str(e["UID"]) for e in one}) == len(one)
    locations = {str(e["LOCATION"]) for e in one}
    assert any(a.site == "A" for a in solved.solution.assignments)
    assert "Centre de santé d'Essai, Essai (66001)" in locations


@pytest.mark.parametrize(
    ("start", "end", "ends"),
    [
        ("20:00", "24:00", "2025-03-01T00:00"),
        ("22:00", "06:00", "2025-03-01T06:00"),
        ("08:00", "12:00", "2025-02-28T12:00"),
    ],
)
def test_shifts_past_midnight_end_next_day(start: str, end: str, ends: str) -> None:
    shift = Shift(id="x", start=start, end=end, kind="oncall")
    begin, finish = shift_times(dt.date(2025, 2, 28), shift)
    assert begin.tzinfo is PARIS and finish.tzinfo is PARIS
    assert finish.replace(tzinfo=None) == dt.datetime.fromisoformat(ends)


def test_night_across_dst_change_keeps_wall_clock() -> None:
    """30 March 2025 loses an hour at 02:00: 22:00-06:00 lasts 7 real hours."""
    shift = Shift(id="n", start="22:00", end="06:00", kind="oncall")
    begin, finish = shift_times(dt.date(2025, 3, 29), shift)
    assert finish.hour == 6 and finish - begin == dt.timedelta(hours=8)  # wall clock
    assert finish.astimezone(dt.UTC) - begin.astimezone(dt.UTC) == dt.timedelta(hours=7)
