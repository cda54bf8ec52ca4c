"""What the HTML report shows, computed from instance and solution alone: the template only
lays it out, so every figure here can be tested without a browser."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import holidays as holidays_lib

from maillage.models.facts import Facts
from maillage.models.instance import Instance, Role, Sector, Staff
from maillage.models.solution import Solution, StaffSummary, Violation
from maillage.solver.report.changes import Changes, Gone
from maillage.solver.report.i18n import WEEKDAYS_SHORT, Lang, number, rule_title
from maillage.solver.report.rows import Row

ROLE_ORDER = {Role.doctor: 0, Role.ipa: 1, Role.midwife: 2, Role.nurse: 3, Role.secretary: 4}
PATTERNS = ("days_worked", "whole_days", "half_days_alone", "saturdays", "six_day_weeks")


@dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    label: str
    weekday: str
    weekend: bool
    holiday: str | None

    @property
    def css(self) -> str:
        return " ".join(c for c, on in (("we", self.weekend), ("hol", self.holiday)) if on)


@dataclass(slots=True)
class Cell:
    day: Day
    rows: list[Row] = field(default_factory=list)
    absence: str | None = None
    gone: list[Gone] = field(default_factory=list)  # with --compare: the earlier rota's
    changed: bool = False  # with --compare: an entry added, moved or gone here

    @property
    def css(self) -> str:
        flags = (self.day.css, "abs" if self.absence else "", "chg" if self.changed else "")
        return " ".join(c for c in flags if c)


@dataclass(slots=True)
class GridRow:
    person: Staff
    cells: list[Cell]


@dataclass(slots=True)
class Grid:
    id: str
    name: str
    oncall: bool
    rows: list[GridRow]


@dataclass(slots=True)
class PersonView:
    person: Staff
    summary: StaffSummary | None
    rows: list[Row]
    absences: list[str]

    @property
    def difference(self) -> float:
        return 0.0 if self.summary is None else self.summary.hours - self.summary.target_hours

    @property
    def in_band(self) -> bool:
        s = self.summary
        return s is None or s.min_hours - 1e-6 <= s.hours <= s.max_hours + 1e-6

    @property
    def patterns(self) -> list[Figure]:
        """The shape of the person's weeks, one figure per `PATTERNS` column: "—" where the
        solution predates the field; a 6-day week is flagged, the law's limit reached."""
        s = self.summary
        out = []
        for key in PATTERNS:
            value = None if s is None else getattr(s, key)
            alert = key == "six_day_weeks" and bool(value)
            out.append(Figure(key, "—" if value is None else str(value), alert))
        return out


@dataclass(slots=True)
class RosterLine:
    day: Day
    shift: str
    times: str
    doctor: str | None
    changed: bool = False  # with --compare: another doctor (or none) held it before
    before: str | None = None


@dataclass(slots=True)
class Roster:
    name: str
    lines: list[RosterLine]


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    value: str
    alert: bool = False


@dataclass(slots=True)
class RuleGroup:
    rule: str
    title: str
    penalty: float
    violations: list[Violation]


def holiday_names(facts: Facts, lang: Lang) -> dict[dt.date, str]:
    """The holidays the rota observes (Facts decides which), named in the report's language."""
    names = dict(facts.holidays)
    if facts.instance.horizon.holidays and names:
        local = holidays_lib.country_holidays(
            "FR", years=sorted({d.year for d in names}), language="fr" if lang == "fr" else "en_US"
        )
        names |= {d: str(local[d]) for d in names if d in local}
    return names


def days(facts: Facts, lang: Lang) -> list[Day]:
    short = WEEKDAYS_SHORT[lang]
    names = holiday_names(facts, lang)
    return [
        Day(d, str(d.day), short[d.weekday()], d.weekday() >= 5, names.get(d)) for d in facts.dates
    ]


def _absence(facts: Facts, person: Staff, day: int) -> str | None:
    if not facts.in_contract(person, day):
        return "contract"
    return facts.on_leave(person, day)


def _people(instance: Instance) -> list[Staff]:
    return sorted(instance.staff, key=lambda p: (ROLE_ORDER[p.role], p.name, p.id))


def grids(
    facts: Facts, rows: list[Row], calendar: list[Day], changes: Changes | None = None
) -> list[Grid]:
    """One grid per site, then one per on-call sector: every assignment sits in exactly one
    cell, at the place it names; with `changes`, so does every entry of the earlier rota
    that is gone, and a person who held one there keeps a row."""
    instance = facts.instance
    at: dict[tuple[str, str, dt.date], list[Row]] = defaultdict(list)
    for row in rows:
        at[(row.assignment.site, row.person.id, row.assignment.date)].append(row)
    gone: dict[tuple[str, str, dt.date], list[Gone]] = defaultdict(list)
    marked: set[tuple[str, str, dt.date]] = set()
    if changes is not None:
        for g in changes.gone:
            gone[(g.row.assignment.site, g.row.person.id, g.row.assignment.date)].append(g)
        marked = {
            (r.assignment.site, r.person.id, r.assignment.date)
            for r in rows
            if r.index in changes.marks
        } | set(gone)
    places: list[tuple[str, str, Sector | None]] = [(s.id, s.name, None) for s in instance.sites]
    places += [(k.id, k.name or k.id, k) for k in instance.sectors]
    out = []
    for place, name, sector in places:
        assigned = {r.person.id for r in rows if r.assignment.site == place}
        assigned |= {person for (site, person, _) in gone if site == place}
        members = [
            p
            for p in _people(instance)
            if p.id in assigned
            or (facts.oncall_eligible(p, sector) if sector else place in p.sites)
        ]
        grid_rows = [
            GridRow(
                p,
                [
                    Cell(
                        d,
                        at.get((place, p.id, d.date), []),
                        _absence(facts, p, i),
                        gone.get((place, p.id, d.date), []),
                        (place, p.id, d.date) in marked,
                    )
                    for i, d in enumerate(calendar)
                ],
            )
            for p in members
        ]
        out.append(Grid(place, name, sector is not None, grid_rows))
    return out


def people(
    facts: Facts, solution: Solution, rows: list[Row], calendar: list[Day]
) -> list[PersonView]:
    summary = {s.staff: s for s in solution.staff_summary}
    by_person: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_person[row.person.id].append(row)
    out = []
    for p in _people(facts.instance):
        absences = [
            f"{period.from_:%d/%m}–{period.to:%d/%m} ({period.reason})" for period in p.unavailable
        ]
        out.append(PersonView(p, summary.get(p.id), by_person.get(p.id, []), absences))
    return out


def rosters(
    facts: Facts, rows: list[Row], calendar: list[Day], earlier: list[Row] | None = None
) -> list[Roster]:
    """Every on-call slot of every sector in date order, with its doctor or none; with the
    `earlier` rota's rows, the doctor who held it before where that differs."""
    by_day = {d.date: d for d in calendar}
    held = {(r.assignment.site, r.assignment.date, r.shift.id): r.person.name for r in rows}
    before = {
        (r.assignment.site, r.assignment.date, r.shift.id): r.person.name for r in earlier or []
    }
    out = []
    for sector in facts.instance.sectors:
        lines = []
        for slot in facts.sector_slots(sector):
            key = (sector.id, slot.date, slot.shift.id)
            changed = earlier is not None and held.get(key) != before.get(key)
            lines.append(
                RosterLine(
                    by_day[slot.date],
                    slot.shift.id,
                    f"{slot.shift.start}–{slot.shift.end}",
                    held.get(key),
                    changed,
                    before.get(key) if changed else None,
                )
            )
        out.append(Roster(sector.name or sector.id, lines))
    return out


def _spread(values: list[int]) -> int:
    return max(values) - min(values) if values else 0


def headline(facts: Facts, solution: Solution, labels: dict[str, str], lang: Lang) -> list[Figure]:
    """The figures a planner reads first; alerts where the rota leaves something uncovered."""
    reached = {c.insee for c in solution.coverage if c.served > 0}
    population = sum(c.population for c in facts.instance.communes if c.insee in reached)
    uncovered = sum(1 for v in solution.violations if v.rule == "min_staffing")
    no_oncall = sum(1 for v in solution.violations if v.rule == "oncall_coverage")
    eligible = {p.id for p in facts.instance.staff if p.role == Role.doctor and p.oncall}
    chosen = [s for s in solution.staff_summary if s.staff in eligible]
    objective = solution.objective.total if solution.objective else None
    gap = f"{number(100 * solution.gap, lang, 2)} %" if solution.gap is not None else "—"
    return [
        Figure("need_served", number(solution.served_need_per_week, lang)),
        Figure(
            "population_reached",
            f"{number(population, lang, 0)} ({len(reached)} {labels['communes_reached']})",
        ),
        Figure("uncovered_sessions", str(uncovered), uncovered > 0),
        Figure("uncovered_oncalls", str(no_oncall), no_oncall > 0),
        Figure("oncall_spread", str(_spread([s.oncalls for s in chosen]))),
        Figure("weekend_spread", str(_spread([s.weekends for s in chosen]))),
        Figure("objective", number(objective, lang, 3) if objective is not None else "—"),
        Figure("bound", number(solution.bound, lang, 3) if solution.bound is not None else "—"),
        Figure("gap", gap),
        Figure("status", labels.get(solution.status.value, solution.status.value)),
    ]


def violation_groups(solution: Solution, lang: Lang) -> list[RuleGroup]:
    groups: dict[str, list[Violation]] = defaultdict(list)
    for v in solution.violations:
        groups[v.rule].append(v)
    out = [
        RuleGroup(rule, rule_title(lang, rule), sum(v.penalty for v in items), items)
        for rule, items in groups.items()
    ]
    return sorted(out, key=lambda g: -g.penalty)
