"""What an instance means: calendar, shift times, availability, targets, travel, reach and need.

These are pure functions of the instance, read by both the solver and the checker, so that
the two agree on the *meaning* of the contract while sharing nothing about the model.
Fixed-point conventions (documented in the README): reach weights, commune weights and
needs are taken at 1/1000 resolution; a shift's hours count on the date it starts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import holidays as holidays_lib

from maillage.models.instance import (
    CARE_LINES,
    CLINICAL_ROLES,
    DEFAULT_PROFILE,
    PROFILES,
    WEEKDAYS,
    WORK_PATTERNS,
    CareLine,
    Commune,
    Counter,
    Instance,
    Requirement,
    Role,
    RuleParams,
    Sector,
    Shift,
    ShiftKind,
    Site,
    Staff,
    hhmm_to_minutes,
)

DAY = 24 * 60
MILLI = 1000
WORKDAY_MINUTES = 7 * 60  # 35 h over 5 working days


def milli(value: float) -> int:
    """Fixed-point value at 1/1000 resolution, the unit of every objective coefficient."""
    return round(value * MILLI)


@dataclass(frozen=True, slots=True, eq=False)
class Slot:
    """A shift on one date of the horizon; times in minutes from the horizon's first 00:00.

    One object per (day, shift), made once by `Facts.slots`: identity is equality."""

    day: int
    date: dt.date
    shift: Shift
    start: int
    end: int
    work: int  # minutes counted as work (the shift's, read once: rules sum it per variable)

    @property
    def kind(self) -> ShiftKind:
        return self.shift.kind

    @property
    def key(self) -> tuple[int, str]:
        return (self.day, self.shift.id)


@dataclass(frozen=True, slots=True)
class PastShift:
    """An assignment of the history, its times in minutes from the horizon's first 00:00
    (negative: it lies before). `day` is its date's offset from the horizon start (< 0)."""

    day: int
    date: dt.date
    shift: str
    place: str
    start: int
    end: int
    work: int  # minutes counted as work (0 when the shift is not work)
    kind: ShiftKind
    counts_as_work: bool

    @property
    def is_oncall(self) -> bool:
        return self.kind == ShiftKind.oncall


T = TypeVar("T")


def _per_person(cache: dict[str, tuple[Staff, T]], person: Staff, make: Callable[[Staff], T]) -> T:
    """The person's entry of a cache, made on first use, and again when the id now names
    another Staff object (an instance edited, as what-if studies do)."""
    cached = cache.get(person.id)
    if cached is None or cached[0] is not person:
        cached = cache[person.id] = (person, make(person))
    return cached[1]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


class Facts:
    """Derived, cached views of one instance."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.dates = [
            instance.horizon.start + dt.timedelta(days=i) for i in range(instance.horizon.days)
        ]
        self.shifts = {s.id: s for s in instance.shifts}
        self.sites = {s.id: s for s in instance.sites}
        self.staff = {p.id: p for p in instance.staff}
        self.communes = {c.insee: c for c in instance.communes}
        self.sectors = {k.id: k for k in instance.sectors}
        self._rules_cache: dict[str, tuple[Staff, RuleParams]] = {}
        self._leave_cache: dict[str, tuple[Staff, dict[int, str]]] = {}
        self._available_cache: dict[str, tuple[Staff, list[bool]]] = {}

    # -- calendar ---------------------------------------------------------------------------
    @cached_property
    def holidays(self) -> dict[dt.date, str]:
        """Public holidays (French, from the holidays library) and closed dates in the horizon."""
        horizon = self.instance.horizon
        found: dict[dt.date, str] = {}
        if horizon.holidays:
            years = sorted({d.year for d in self.dates})
            for day, name in holidays_lib.country_holidays("FR", years=years).items():
                found[day] = str(name)
        for day in horizon.closed_dates:
            found.setdefault(day, "closed")
        return {d: n for d, n in found.items() if horizon.start <= d <= horizon.end}

    def weekday(self, day: int) -> str:
        return WEEKDAYS[self.dates[day].weekday()]

    def is_holiday(self, day: int) -> bool:
        return self.dates[day] in self.holidays

    def is_bridge_day(self, day: int) -> bool:
        return self.dates[day] in self._bridge_days

    @cached_property
    def _bridge_days(self) -> frozenset[dt.date]:
        return frozenset(self.instance.horizon.bridge_days)

    def shift_exists(self, shift: Shift, day: int) -> bool:
        holiday = self.is_holiday(day)
        # On a bridge day the out-of-hours service runs as on a holiday (R6315-1 3°).
        pdsa_holiday = shift.kind == "oncall" and self.is_bridge_day(day)
        if shift.holidays == "only":
            return holiday or pdsa_holiday
        if holiday or pdsa_holiday:
            return shift.holidays == "include"
        return self.weekday(day) in shift.weekdays

    @cached_property
    def slots(self) -> list[Slot]:
        """Every shift on every date where it exists, in time order."""
        out = []
        for day, date in enumerate(self.dates):
            for shift in self.instance.shifts:
                if self.shift_exists(shift, day):
                    start = day * DAY + shift.start_minute
                    end = start + shift.duration_minutes
                    out.append(Slot(day, date, shift, start, end, shift.work_minutes))
        out.sort(key=lambda s: (s.start, s.end, s.shift.id))
        return out

    @cached_property
    def slot_by_key(self) -> dict[tuple[int, str], Slot]:
        return {s.key: s for s in self.slots}

    def day_index(self, date: dt.date) -> int | None:
        offset = (date - self.instance.horizon.start).days
        return offset if 0 <= offset < len(self.dates) else None

    @cached_property
    def weeks(self) -> list[list[int]]:
        """Calendar weeks (Monday to Sunday) meeting the horizon, as lists of day indexes."""
        out: dict[tuple[int, int], list[int]] = {}
        for day, date in enumerate(self.dates):
            out.setdefault(date.isocalendar()[:2], []).append(day)
        return list(out.values())

    @cached_property
    def week_of_day(self) -> list[int]:
        index = [0] * len(self.dates)
        for w, days in enumerate(self.weeks):
            for day in days:
                index[day] = w
        return index

    def week_window(self, week: int) -> tuple[int, int]:
        """The calendar week as minutes from the horizon start (may begin before it)."""
        first = self.weeks[week][0]
        monday = first - self.dates[first].weekday()
        return monday * DAY, (monday + 7) * DAY

    @cached_property
    def months(self) -> list[list[int]]:
        out: dict[tuple[int, int], list[int]] = {}
        for day, date in enumerate(self.dates):
            out.setdefault((date.year, date.month), []).append(day)
        return list(out.values())

    @cached_property
    def weekends(self) -> list[list[int]]:
        """Saturday-Sunday pairs meeting the horizon, as day indexes."""
        out: dict[tuple[int, int], list[int]] = {}
        for day, date in enumerate(self.dates):
            if date.weekday() >= 5:
                out.setdefault(date.isocalendar()[:2], []).append(day)
        return list(out.values())

    # -- history (the days before the horizon) --------------------------------------------
    @cached_property
    def history_days(self) -> int:
        """How many days before the horizon the history covers (0 without one): the days
        -history_days to -1, every assignment of which it lists."""
        history = self.instance.history
        if history is None:
            return 0
        first = history.start or min((a.date for a in history.assignments), default=None)
        if first is None:
            return 0
        return max(0, (self.instance.horizon.start - first).days)

    @cached_property
    def past(self) -> dict[str, list[PastShift]]:
        """person -> the history's assignments, in time order (people of the instance only:
        a what-if study may have removed someone the history still names)."""
        out: dict[str, list[PastShift]] = {}
        history = self.instance.history
        if history is None:
            return out
        start = self.instance.horizon.start
        for a in history.assignments:
            if a.staff not in self.staff:
                continue
            day = (a.date - start).days
            begin = day * DAY + hhmm_to_minutes(a.start)
            out.setdefault(a.staff, []).append(
                PastShift(
                    day,
                    a.date,
                    a.shift,
                    a.site,
                    begin,
                    begin + a.duration_minutes,
                    a.worked_minutes,
                    a.kind,
                    a.counts_as_work,
                )
            )
        for shifts in out.values():
            shifts.sort(key=lambda p: (p.start, p.end, p.shift))
        return out

    def past_worked(self, pid: str) -> list[PastShift]:
        """The person's past assignments that count as work (rest, hours, worked days)."""
        return [p for p in self.past.get(pid, []) if p.counts_as_work]

    def past_worked_days(self, pid: str) -> set[int]:
        """Days before the horizon (negative) on which a worked shift of the history starts."""
        return {p.day for p in self.past_worked(pid)}

    @cached_property
    def counters(self) -> dict[str, Counter]:
        """person -> the history's running totals up to the eve of the horizon."""
        history = self.instance.history
        if history is None:
            return {}
        return {c.staff: c for c in history.counters if c.staff in self.staff}

    # -- sites ------------------------------------------------------------------------------
    def site_open(self, site: Site, slot: Slot) -> bool:
        if slot.kind == ShiftKind.oncall:
            return False
        return slot.shift.id in site.opening.get(self.weekday(slot.day), [])  # type: ignore[call-overload]

    def centre_of(self, site_id: str) -> str:
        return self.sites[site_id].centre

    # -- staff ------------------------------------------------------------------------------
    def rules_for(self, person: Staff) -> RuleParams:
        """The profile's values (the person's, else the instance's, else the Code du travail)
        and the service's work patterns, overridden by the instance's rules, overridden by
        the person's."""
        return _per_person(self._rules_cache, person, self._merge_rules)

    def _merge_rules(self, person: Staff) -> RuleParams:
        profile = person.rules.profile or self.instance.rules.profile or DEFAULT_PROFILE
        merged = WORK_PATTERNS.model_dump()
        for layer in (PROFILES[profile], self.instance.rules, person.rules):
            for name in RuleParams.model_fields:
                value = getattr(layer, name)
                if value is not None:
                    merged[name] = value
        merged["profile"] = profile
        if self.instance.rules.max_days_per_week is None and person.rules.max_days_per_week is None:
            # The service's pattern, five days for a full-timer, within the legal ceiling.
            pattern = math.ceil(5 * person.fte - 1e-9)
            legal = merged["max_days_per_week"]
            merged["max_days_per_week"] = pattern if legal is None else min(pattern, legal)
        return RuleParams(**merged)

    def in_contract(self, person: Staff, day: int) -> bool:
        date = self.dates[day]
        if person.start_date and date < person.start_date:
            return False
        return not (person.end_date and date > person.end_date)

    def on_leave(self, person: Staff, day: int) -> str | None:
        return _per_person(self._leave_cache, person, self._leave_days).get(day)

    def _leave_days(self, person: Staff) -> dict[int, str]:
        """Day index -> reason, for the days of the horizon the person is unavailable."""
        out: dict[int, str] = {}
        for period in person.unavailable:
            for day, date in enumerate(self.dates):
                if period.from_ <= date <= period.to:
                    out.setdefault(day, period.reason)
        return out

    def available(self, person: Staff, day: int) -> bool:
        # asked once per decision variable when the model is built (1.7 million on NRP 24)
        return _per_person(self._available_cache, person, self._free_days)[day]

    def _free_days(self, person: Staff) -> list[bool]:
        days = range(len(self.dates))
        return [self.in_contract(person, d) and self.on_leave(person, d) is None for d in days]

    def usual_sessions(self, person: Staff, day: int) -> int:
        """Sessions a working day of the person should hold: their `sessions_per_day`, or
        fewer where the day offers fewer (a Saturday of mornings only is a whole day)."""
        offered = sum(
            1
            for shift in self.instance.shifts
            if shift.kind != "oncall" and shift.counts_as_work and self.shift_exists(shift, day)
        )
        return min(self.rules_for(person).sessions_per_day or 1, offered)

    def working_days(self, person: Staff) -> int:
        """Monday-Friday, non-holiday days in contract and not on leave: the basis of the target."""
        return sum(
            1
            for day in range(len(self.dates))
            if self.dates[day].weekday() < 5
            and not self.is_holiday(day)
            and self.available(person, day)
        )

    def target_minutes(self, person: Staff) -> int:
        """35 h x fte per week, pro rata of available working days (7 h x fte each)."""
        return round(WORKDAY_MINUTES * person.fte * self.working_days(person))

    def hour_bounds(self, person: Staff) -> tuple[int, int]:
        """Hard band on worked minutes over the horizon, around the target."""
        target = self.target_minutes(person)
        tol = self.rules_for(person).hours_tolerance or 0.0
        return math.ceil(target * (1 - tol) - 1e-9), math.floor(target * (1 + tol) + 1e-9)

    def consultations(self, person: Staff, line: CareLine) -> int:
        if person.role not in CLINICAL_ROLES:
            return 0
        per_line = person.consultations or self.instance.consultations.get(person.role, {})
        return per_line.get(line, 0)

    def oncall_eligible(self, person: Staff, sector: Sector) -> bool:
        return (
            person.role == Role.doctor
            and person.oncall
            and bool(set(person.sites) & set(sector.sites))
        )

    def sector_slots(self, sector: Sector) -> Iterator[Slot]:
        wanted = set(sector.slots)
        return (s for s in self.slots if s.shift.id in wanted)

    def rule_enabled(self, name: str) -> bool:
        return name not in self.instance.rules.disabled

    # -- geography --------------------------------------------------------------------------
    @cached_property
    def _matrix(self) -> dict[tuple[str, str], float]:
        legs: dict[tuple[str, str], float] = {}
        for leg in self.instance.travel.matrix:
            legs[(leg.origin, leg.to)] = leg.minutes
        for (a, b), minutes in list(legs.items()):
            legs.setdefault((b, a), minutes)
        return legs

    def _coords(self, place: str) -> tuple[float, float]:
        if place in self.sites:
            return self.sites[place].lat, self.sites[place].lon
        commune = self.communes[place]
        return commune.lat, commune.lon

    def travel_minutes(self, origin: str, to: str) -> float:
        """From the matrix where given, else haversine x detour factor at the set speed."""
        if origin == to:
            return 0.0
        known = self._matrix.get((origin, to))
        if known is not None:
            return known
        travel = self.instance.travel
        km = haversine_km(*self._coords(origin), *self._coords(to)) * travel.detour_factor
        return km / travel.speed_kmh * 60

    def reach_weight(self, insee: str, site_id: str) -> float:
        """APL distance decay: weight of a consultation at the site for the commune."""
        minutes = self.travel_minutes(insee, site_id)
        for band in self.instance.reach.bands:
            if minutes < band.max_minutes:
                return round(band.weight, 3)
        return 0.0

    @cached_property
    def reach(self) -> dict[str, dict[str, int]]:
        """site -> commune -> reach weight in thousandths, for pairs within reach."""
        out: dict[str, dict[str, int]] = {}
        for site in self.instance.sites:
            row = {}
            for commune in self.instance.communes:
                weight = milli(self.reach_weight(commune.insee, site.id))
                if weight > 0:
                    row[commune.insee] = weight
            out[site.id] = row
        return out

    # -- need -------------------------------------------------------------------------------
    def service_gap(self, commune: Commune) -> float:
        """0 when fully served, 1 when no service at all; from the APL-like indicator."""
        if commune.apl is None:
            return 0.0
        return max(0.0, 1.0 - commune.apl / self.instance.need_model.apl_reference)

    def need_per_week(self, commune: Commune, line: CareLine) -> float:
        """Unmet need, consultations per week, at 1/1000 resolution."""
        if commune.need is not None:
            return round(commune.need.get(line, 0.0), 3)
        model = self.instance.need_model
        if commune.apl is None or commune.apl >= model.underserved_threshold:
            return 0.0
        yearly = commune.population * model.rates.get(line, 0.0) * self.service_gap(commune)
        return round(yearly / 52, 3)

    def commune_weight(self, commune: Commune) -> float:
        if commune.weight is not None:
            return round(commune.weight, 3)
        return round(1.0 + self.service_gap(commune), 3)

    def week_need_milli(self, commune: Commune, line: CareLine, week: int) -> int:
        """Need within one calendar week of the horizon, pro rata of its days, in thousandths."""
        return round(self.need_per_week(commune, line) * MILLI * len(self.weeks[week]) / 7)

    @property
    def horizon_weeks(self) -> float:
        return len(self.dates) / 7

    @cached_property
    def care_lines(self) -> tuple[CareLine, ...]:
        return CARE_LINES

    # -- requirements -----------------------------------------------------------------------
    def requirement_sessions(self) -> Iterator[tuple[Site, Requirement, Slot]]:
        """Every (site, requirement, open slot) the requirement applies to: by default every
        consultation shift the site opens; else the listed shifts (and weekdays)."""
        for site in self.instance.sites:
            for req in site.requirements:
                for slot in self.slots:
                    if not self.site_open(site, slot):
                        continue
                    if req.shifts is None and slot.kind != ShiftKind.consultation:
                        continue
                    if req.shifts is not None and slot.shift.id not in req.shifts:
                        continue
                    if req.weekdays is not None and self.weekday(slot.day) not in req.weekdays:
                        continue
                    yield site, req, slot
