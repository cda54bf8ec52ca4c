"""The instance contract: one month (or up to a quarter) of sites, communes, staff and rules.

Field names are a public contract used by integrators; add fields, never rename them.
Cross-reference checks (unknown ids, dates outside the horizon...) live in
`maillage.models.validate`, so that every error carries its JSON path.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from maillage.models.limits import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_COUNT,
    MAX_MINUTES,
    MAX_NEED,
    MAX_POPULATION,
    MAX_WEIGHT,
)

SCHEMA_VERSION: Literal["1.0"] = "1.0"

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CareLine = Literal["general", "womens"]
ProfileName = Literal["code_du_travail", "hospital"]
CARE_LINES: tuple[CareLine, ...] = ("general", "womens")
_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


class Strict(BaseModel):
    """Base: unknown fields are errors, so a typo never silently drops a rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(StrEnum):
    doctor = "doctor"
    ipa = "ipa"
    midwife = "midwife"
    secretary = "secretary"
    nurse = "nurse"  # a ward or home-care nurse (not an IPA): no consultations by default


CLINICAL_ROLES = (Role.doctor, Role.ipa, Role.midwife)


class ShiftKind(StrEnum):
    consultation = "consultation"
    oncall = "oncall"
    admin = "admin"


def hhmm_to_minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _clock_time(value: str) -> str:
    """A time of day "HH:MM" from 00:00 to 24:00 (a shift's start or end)."""
    if not _HHMM.match(value) or hhmm_to_minutes(value) > 24 * 60:
        raise ValueError(f"time must be HH:MM between 00:00 and 24:00, got {value!r}")
    return value


def span_minutes(start: str, end: str) -> int:
    """Minutes from `start` to `end`; an end at or before the start is on the next day."""
    first, last = hhmm_to_minutes(start), hhmm_to_minutes(end)
    return last - first if last > first else last + 24 * 60 - first


def _supported_year(start: dt.date) -> dt.date:
    # Everything downstream (holidays, a night shift's end, calendar exports' time zones, the
    # generator's dates) steps a few days past the horizon; near 0001 or 9999 that overflowed
    # (tracebacks found by the property test of mutated instances).
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise ValueError(
            f"{start} is outside the years a rota can start in ({FIRST_YEAR} to {LAST_YEAR})"
        )
    return start


StartDate = Annotated[dt.date, AfterValidator(_supported_year)]


def _weight(default: float | None, description: str | None = None) -> Any:
    """A weight's field: at least 0, at most MAX_WEIGHT."""
    return Field(default=default, ge=0, le=MAX_WEIGHT, description=description)


class Horizon(Strict):
    start: StartDate = Field(description="First day planned, in a year from 1900 to 2199.")
    days: int = Field(
        ge=1,
        le=371,
        description="Number of days planned, 1 to 371 (a month for rotas; up to a year for "
        "benchmarks and studies).",
    )
    closed_dates: list[dt.date] = Field(
        default_factory=list,
        description="Dates treated like public holidays, on top of the French ones.",
    )
    holidays: bool = Field(
        default=True, description="Apply French public holidays (holidays library)."
    )
    bridge_days: list[dt.date] = Field(
        default_factory=list,
        description="Bridge days ('ponts') the ARS adds to the out-of-hours periods (Code de la "
        "santé publique R6315-1 3°: the Monday before a public holiday, the Friday and "
        "Saturday after one): on-call shifts that exist on public holidays (`holidays` "
        "'include' or 'only') exist on them too. Consultation shifts are unaffected; close "
        "a centre with `closed_dates`.",
    )

    @property
    def end(self) -> dt.date:
        """Last day planned (inclusive)."""
        return self.start + dt.timedelta(days=self.days - 1)


class Shift(Strict):
    id: str = Field(min_length=1)
    start: str = Field(description='"HH:MM"')
    end: str = Field(description='"HH:MM"; an end at or before the start passes midnight.')
    kind: ShiftKind
    work_hours: float | None = Field(
        default=None, ge=0, le=24, description="Hours counted as work; defaults to the duration."
    )
    counts_as_work: bool = Field(
        default=True,
        description="Whether the shift counts for hours, rest and worked days. An astreinte "
        "(home stand-by) sets false: it is not work and counts toward daily and weekly rest "
        "(Code du travail L3121-9, L3121-10).",
    )
    intervention_hours: float | None = Field(
        default=None,
        ge=0,
        le=24,
        description="For a stand-by shift (`counts_as_work: false`): the interventions "
        "expected, counted as work hours (weekly, average, contract and total hours) but not "
        "placed in time, so the slot still counts toward rest (L3121-10).",
    )
    weekdays: list[Weekday] = Field(
        default_factory=lambda: list(WEEKDAYS[:5]), description="Weekdays the shift exists."
    )
    holidays: Literal["exclude", "include", "only"] = Field(
        default="exclude",
        description="On public holidays and closed dates: 'exclude' (does not exist), "
        "'include' (exists whatever the weekday), 'only' (exists on holidays only).",
    )

    forbidden_next: list[str] = Field(
        default_factory=list,
        description="Shift ids a person may not take on the day after this shift (a rotation "
        "rule, e.g. no early shift after a night).",
    )

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        return _clock_time(value)

    @property
    def start_minute(self) -> int:
        return hhmm_to_minutes(self.start)

    @property
    def duration_minutes(self) -> int:
        return span_minutes(self.start, self.end)

    @property
    def work_minutes(self) -> int:
        """Work counted, in whole minutes (a stand-by slot's intervention allowance)."""
        if not self.counts_as_work:
            return round((self.intervention_hours or 0) * 60)
        if self.work_hours is None:
            return self.duration_minutes
        return round(self.work_hours * 60)


class Requirement(Strict):
    """Minimum (soft) and maximum (hard) of a role at a site for each open session."""

    role: Role
    min: int = Field(default=0, ge=0, le=MAX_COUNT)
    max: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    shifts: list[str] | None = Field(
        default=None, description="Shift ids it applies to; default every consultation shift."
    )
    weekdays: list[Weekday] | None = None

    @model_validator(mode="after")
    def _min_le_max(self) -> Requirement:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


class Site(Strict):
    id: str = Field(min_length=1)
    name: str
    kind: Literal["centre", "permanence"]
    parent: str | None = Field(default=None, description="For a permanence: its centre's id.")
    insee: str | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    rooms: int = Field(
        default=1, ge=0, le=MAX_COUNT, description="Most clinicians consulting at once."
    )
    opening: dict[Weekday, list[str]] = Field(
        default_factory=dict, description="Weekday -> shift ids the site is open for."
    )
    secretary: Literal["on_site", "remote"] = "on_site"
    requirements: list[Requirement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _parent(self) -> Site:
        if self.kind == "permanence" and not self.parent:
            raise ValueError("a permanence needs a parent centre")
        if self.kind == "centre" and self.parent:
            raise ValueError("a centre has no parent")
        return self

    @property
    def centre(self) -> str:
        return self.parent or self.id


class Commune(Strict):
    insee: str = Field(min_length=5, max_length=5)
    name: str
    population: int = Field(ge=0, le=MAX_POPULATION, description="Inhabitants (at most 10^8).")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    need: dict[CareLine, float] | None = Field(
        default=None,
        description="Unmet need in consultations per week per care line; when absent it is "
        "derived from population and `apl` with the instance's need_model.",
    )
    apl: float | None = Field(
        default=None,
        ge=0,
        description="Under-service indicator: accessible consultations per inhabitant per "
        "year (APL-like).",
    )
    weight: float | None = _weight(None, "Priority of the commune; default 1 + its service gap.")
    apl_illustrative: bool = Field(
        default=False,
        description="True when `apl` is an estimate standing in for a missing official value "
        "(a commune the published vintage does not list); see `need_model.lines`.",
    )

    @field_validator("need")
    @classmethod
    def _need_non_negative(
        cls, value: dict[CareLine, float] | None
    ) -> dict[CareLine, float] | None:
        if value is not None:
            for line, amount in value.items():
                if amount < 0:
                    raise ValueError(f"need of {line} is negative ({amount})")
                if amount > MAX_NEED:
                    raise ValueError(f"need of {line} is above {MAX_NEED:.0e} ({amount})")
        return value


def _rates() -> dict[CareLine, float]:
    return {"general": 4.0, "womens": 0.5}


class NeedLine(Strict):
    """Where one care line's need comes from: the indicator, its vintage, whether it is real."""

    indicator: str = Field(
        description="The figure the line's need is derived from, e.g. 'DREES APL to general "
        "practitioners 2023', or the proxy used where no indicator of the line exists."
    )
    illustrative: bool = Field(
        default=False, description="True when the figures are estimates, not official."
    )
    source: str | None = Field(default=None, description="Publisher, vintage and licence.")


class NeedModel(Strict):
    """How unmet need is derived from population and an APL-like indicator."""

    rates: dict[CareLine, float] = Field(
        default_factory=lambda: _rates(),
        description="Consultations per inhabitant per year that full service provides.",
    )
    apl_reference: float = Field(
        default=4.0, gt=0, description="APL at which a commune is fully served."
    )
    underserved_threshold: float = Field(
        default=2.5,
        ge=0,
        description="Communes at or above this APL are not under-served and carry no need "
        "(2.5 is the DREES threshold for under-dense areas).",
    )
    illustrative: bool = Field(
        default=False, description="True when the APL figures are estimates, not official."
    )
    source: str | None = None
    lines: dict[CareLine, NeedLine] = Field(
        default_factory=dict,
        description="Per care line: the indicator its need is derived from (real or proxy).",
    )


class Unavailability(Strict):
    from_: dt.date = Field(alias="from")
    to: dt.date
    reason: str = "leave"

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _order(self) -> Unavailability:
        if self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self


class Preferences(Strict):
    days_off: list[Weekday] = Field(default_factory=list, description="Weekdays not to work.")
    dates_off: list[dt.date] = Field(default_factory=list, description="Dates not to work.")
    avoid_sites: list[str] = Field(default_factory=list, description="Sites not to work at.")
    pattern: list[Weekday] = Field(
        default_factory=list,
        description="Weekdays the person prefers to work (e.g. Monday to Thursday); a day "
        "worked on another weekday costs `weights.preferred_pattern`. Empty: no preference.",
    )


class FixedAssignment(Strict):
    date: dt.date
    shift: str
    site: str = Field(description="Site id, or sector id for an on-call slot.")


class RunLimit(Strict):
    """Soft bounds on the length of runs: of worked days, of days off, or of days on one shift.
    Each day a run falls short of `min` or goes beyond `max` costs `weight`."""

    of: Literal["work", "off", "shift"]
    shift: str | None = Field(default=None, description="The shift, when `of` is 'shift'.")
    min: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    max: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    weight: float = _weight(1.0)

    @model_validator(mode="after")
    def _shift_named(self) -> RunLimit:
        if (self.of == "shift") != (self.shift is not None):
            raise ValueError("a run limit names a shift exactly when `of` is 'shift'")
        return self


class SoftBand(Strict):
    """Soft bounds on a count: each unit below `min` or above `max` costs `weight`."""

    min: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    max: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    weight: float = _weight(1.0)


class RuleParams(Strict):
    """Working-time rules; defaults from a rule profile (French law by default) and the
    service's work patterns. Every field can be set per instance and per person."""

    profile: ProfileName | None = Field(
        default=None,
        description="The rule profile whose values fill the fields left unset: "
        "'code_du_travail' (default) or 'hospital' (décret 2002-9). `maillage rules "
        "--profile NAME` lists what each sets.",
    )
    max_daily_hours: float | None = Field(default=None, gt=0, le=24)
    max_night_hours: float | None = Field(
        default=None,
        gt=0,
        le=24,
        description="Most hours worked on a day holding night work (a shift touching "
        "21:00-06:00), in place of `max_daily_hours`.",
    )
    min_daily_rest_hours: float | None = Field(default=None, ge=0, le=24)
    min_weekly_rest_hours: float | None = Field(default=None, ge=0, le=168)
    max_weekly_hours: float | None = Field(default=None, gt=0, le=168)
    max_average_weekly_hours: float | None = Field(default=None, gt=0, le=168)
    max_consecutive_days: int | None = Field(default=None, ge=1)
    hours_tolerance: float | None = Field(
        default=None, ge=0, description="Hard band around contract hours, as a fraction."
    )
    max_days_per_week: int | None = Field(
        default=None,
        ge=0,
        le=7,
        description="Days worked per calendar week. Unset: ceil(5 x fte) (5 for full time), "
        "within the profile's legal ceiling (6 under L3132-1).",
    )
    max_hours_per_7_days: float | None = Field(
        default=None,
        gt=0,
        le=168,
        description="Most hours worked in any 7 consecutive days (sliding, décret 2002-9 art. 6).",
    )
    min_rest_days_per_fortnight: int | None = Field(
        default=None,
        ge=0,
        le=14,
        description="Least days off in each two civil weeks, two of them in a row around a "
        "Sunday (décret 2002-9 art. 6: four).",
    )
    break_after_hours: float | None = Field(
        default=None,
        gt=0,
        le=24,
        description="Hours of work after which a break of `min_break_minutes` is due "
        "(L3121-16: 6).",
    )
    min_break_minutes: int | None = Field(
        default=None, ge=0, le=24 * 60, description="A break's least length (L3121-16: 20)."
    )
    sessions_per_day: int | None = Field(
        default=None,
        ge=1,
        le=MAX_COUNT,
        description="The person's usual sessions a working day (2: whole days; 1: half-days "
        "are usual). A day of fewer sessions costs `weights.whole_days` per session missing.",
    )
    max_saturdays_per_month: int | None = Field(
        default=None,
        ge=0,
        le=5,
        description="Most Saturdays worked per calendar month (the month's days before the "
        "horizon, from the history, count).",
    )
    max_oncalls_per_month: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    max_site_changes_per_day: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    max_shifts: dict[str, int] | None = Field(
        default=None,
        description="Shift id -> most times the person takes it over the horizon (0: never, "
        "e.g. a skill the person lacks).",
    )
    min_total_minutes: int | None = Field(
        default=None, ge=0, le=MAX_MINUTES, description="Least minutes worked over the horizon."
    )
    max_total_minutes: int | None = Field(
        default=None, ge=0, le=MAX_MINUTES, description="Most minutes worked over the horizon."
    )
    min_consecutive_days: int | None = Field(
        default=None,
        ge=1,
        description="Shortest run of worked days; runs touching the horizon's first or last "
        "day are exempt (they continue in the neighbouring periods), the first unless a "
        "history covers the days before.",
    )
    min_consecutive_days_off: int | None = Field(
        default=None,
        ge=1,
        description="Shortest run of days off; runs touching the horizon's borders are exempt "
        "(the first unless a history covers the days before).",
    )
    max_weekends: int | None = Field(
        default=None,
        ge=0,
        description="Most weekends worked (a shift on the Saturday, the Sunday or both).",
    )
    run_limits: list[RunLimit] | None = Field(
        default=None,
        description="Soft bounds on runs of worked days, days off or one shift (rule "
        "run_limits); a run of the history goes on into the horizon.",
    )
    complete_weekends: float | None = Field(
        default=None,
        ge=0,
        le=MAX_WEIGHT,
        description="Cost of each weekend worked on one day only (rule complete_weekends).",
    )
    days_worked: SoftBand | None = Field(
        default=None, description="Soft bounds on days worked over the horizon (worked_totals)."
    )
    weekends_worked: SoftBand | None = Field(
        default=None,
        description="Soft bounds on weekends worked over the horizon (worked_totals).",
    )

    @model_validator(mode="after")
    def _total_band(self) -> RuleParams:
        lo, hi = self.min_total_minutes, self.max_total_minutes
        if lo is not None and hi is not None and hi < lo:
            raise ValueError(f"max_total_minutes ({hi}) is below min_total_minutes ({lo})")
        return self

    @field_validator("max_shifts")
    @classmethod
    def _caps_non_negative(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        for shift, cap in (value or {}).items():
            if cap < 0:
                raise ValueError(f"max_shifts of {shift!r} is negative ({cap})")
        return value


# What the service's rotas follow whatever the profile: four-to-five whole days a week for a
# full-timer, Saturdays rotated (the profile does not set these; an instance or person may).
WORK_PATTERNS = RuleParams(
    sessions_per_day=2,
    max_saturdays_per_month=2,
    hours_tolerance=0.10,
    max_oncalls_per_month=6,
    max_site_changes_per_day=1,
)

# Rule profiles: the legal floor an employer's staff work under, field by field with its text.
PROFILES: dict[str, RuleParams] = {
    # Code du travail: the service's own salaried staff (a GIP under private law; its
    # public-law option, décret 2000-815, sets the same figures plus a 12 h amplitude).
    "code_du_travail": RuleParams(
        max_daily_hours=10,  # L3121-18 (12 by agreement, L3121-19)
        min_daily_rest_hours=11,  # L3131-1
        min_weekly_rest_hours=35,  # L3132-2: 24 h + the 11 h daily rest
        max_days_per_week=6,  # L3132-1: no more than six days in a civil week
        max_weekly_hours=48,  # L3121-20
        max_average_weekly_hours=44,  # L3121-22, over 12 weeks (46 by agreement, L3121-23)
        break_after_hours=6,  # L3121-16
        min_break_minutes=20,  # L3121-16
    ),
    # Décret 2002-9 (public hospitals' non-medical staff): not the service's employees, kept
    # for other employers and staff seconded from a hospital.
    "hospital": RuleParams(
        max_daily_hours=9,  # art. 7: 9 h for day teams
        max_night_hours=10,  # art. 7: 10 h for night teams
        min_daily_rest_hours=12,  # art. 6
        min_weekly_rest_hours=36,  # art. 6
        max_days_per_week=6,  # L3132-1 floor kept
        min_rest_days_per_fortnight=4,  # art. 6: four per two weeks, two in a row, a Sunday
        max_weekly_hours=48,  # art. 6 (over any 7 days, below)
        max_hours_per_7_days=48,  # art. 6
        max_average_weekly_hours=44,  # art. 6 (MACSF: 44 h a week excluding overtime)
        break_after_hours=6,  # art. 7
        min_break_minutes=20,  # art. 7
    ),
}
DEFAULT_PROFILE = "code_du_travail"
# The articles each profile's values come from, for `maillage rules --profile` and the docs.
PROFILE_SOURCES: dict[str, dict[str, str]] = {
    "code_du_travail": {
        "max_daily_hours": "Code du travail L3121-18 (12 h by agreement, L3121-19)",
        "min_daily_rest_hours": "Code du travail L3131-1",
        "min_weekly_rest_hours": "Code du travail L3132-2 (24 h + 11 h)",
        "max_days_per_week": "Code du travail L3132-1 (six days a civil week)",
        "max_weekly_hours": "Code du travail L3121-20",
        "max_average_weekly_hours": "Code du travail L3121-22 (12 weeks; 46 h by agreement)",
        "break_after_hours": "Code du travail L3121-16",
        "min_break_minutes": "Code du travail L3121-16",
    },
    "hospital": {
        "max_daily_hours": "décret 2002-9 art. 7 (day teams)",
        "max_night_hours": "décret 2002-9 art. 7 (night teams)",
        "min_daily_rest_hours": "décret 2002-9 art. 6",
        "min_weekly_rest_hours": "décret 2002-9 art. 6",
        "max_days_per_week": "Code du travail L3132-1 (floor kept)",
        "min_rest_days_per_fortnight": "décret 2002-9 art. 6",
        "max_weekly_hours": "décret 2002-9 art. 6",
        "max_hours_per_7_days": "décret 2002-9 art. 6",
        "max_average_weekly_hours": "décret 2002-9 art. 6",
        "break_after_hours": "décret 2002-9 art. 7",
        "min_break_minutes": "décret 2002-9 art. 7",
    },
}


class Rules(RuleParams):
    """Instance-wide rule settings."""

    secretary_ratio: int = Field(
        default=3, ge=1, description="One secretary on site per this many clinicians."
    )
    disabled: list[str] = Field(
        default_factory=list, description="Rule names switched off for this instance."
    )


class ShiftRequest(Strict):
    """A wish for a given shift on a date ("on") or not to have it ("off"), with its weight."""

    date: dt.date
    shift: str
    kind: Literal["on", "off"]
    weight: float = _weight(1.0)


class Staff(Strict):
    id: str = Field(min_length=1)
    name: str
    role: Role
    fte: float = Field(gt=0, le=1, description="Share of a 35-hour week.")
    sites: list[str] = Field(min_length=1, description="Sites where the person may work.")
    home_site: str
    unavailable: list[Unavailability] = Field(default_factory=list)
    oncall: bool = Field(default=False, description="Eligible for on-call slots (doctors).")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    preferences: Preferences = Field(default_factory=Preferences)
    fixed: list[FixedAssignment] = Field(default_factory=list)
    requests: list[ShiftRequest] = Field(
        default_factory=list, description="Weighted shift-on and shift-off requests."
    )
    rules: RuleParams = Field(default_factory=RuleParams)
    consultations: dict[CareLine, int] | None = Field(
        default=None, description="Consultations per session, overriding the role's."
    )

    @model_validator(mode="after")
    def _dates(self) -> Staff:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(f"end_date ({self.end_date}) is before start_date ({self.start_date})")
        return self


class Sector(Strict):
    """An on-call sector (permanence des soins): every slot needs one eligible doctor."""

    id: str = Field(min_length=1)
    name: str = ""
    sites: list[str] = Field(min_length=1)
    slots: list[str] = Field(min_length=1, description="On-call shift ids to staff.")


class Cover(Strict):
    """How many people a shift needs on a date (anywhere, or at one site, of one role):
    each person missing costs `under_weight`, each person beyond costs `over_weight`."""

    date: dt.date
    shift: str
    required: int = Field(ge=0, le=MAX_COUNT)
    site: str | None = Field(default=None, description="Only this site (default: any place).")
    role: Role | None = Field(default=None, description="Only this role (default: anyone).")
    under_weight: float = _weight(1.0)
    over_weight: float = _weight(0.0)
    minimum: int | None = Field(
        default=None,
        ge=0,
        le=MAX_COUNT,
        description="Hard floor (rule cover_minimum): at least this many, whatever it costs.",
    )


class ReachBand(Strict):
    max_minutes: float = Field(gt=0)
    weight: float = Field(ge=0, le=1)


def _apl_bands() -> list[ReachBand]:
    return [
        ReachBand(max_minutes=10, weight=1.0),
        ReachBand(max_minutes=15, weight=0.667),
        ReachBand(max_minutes=20, weight=0.333),
    ]


class TravelLeg(Strict):
    origin: str = Field(alias="from", description="Site id or commune INSEE code.")
    to: str = Field(description="Site id.")
    minutes: float = Field(ge=0)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Travel(Strict):
    detour_factor: float = Field(default=1.3, ge=1)
    speed_kmh: float = Field(default=60, gt=0)
    matrix: list[TravelLeg] = Field(
        default_factory=list, description="Known travel times; symmetric unless both given."
    )


class Reach(Strict):
    bands: list[ReachBand] = Field(
        default_factory=_apl_bands,
        description="Distance decay (DREES APL): weight of a consultation by travel time.",
    )

    @field_validator("bands")
    @classmethod
    def _sorted(cls, bands: list[ReachBand]) -> list[ReachBand]:
        limits = [band.max_minutes for band in bands]
        if limits != sorted(limits) or len(set(limits)) != len(limits):
            raise ValueError("bands must have strictly increasing max_minutes")
        return bands


def _default_consultations() -> dict[Role, dict[CareLine, int]]:
    return {
        Role.doctor: {"general": 12},
        Role.ipa: {"general": 6},
        Role.midwife: {"womens": 8},
    }


class Weights(Strict):
    """Weight of every objective term, in weighted consultations of unmet need."""

    coverage: float = _weight(1.0, "Per weighted consultation served.")
    min_staffing: float = _weight(100.0, "Per person-session missing.")
    oncall_coverage: float = _weight(1000.0, "Per on-call slot uncovered.")
    day_off_preference: float = _weight(10.0, "Per day worked when off.")
    site_preference: float = _weight(5.0, "Per session at avoided site.")
    contract_hours: float = _weight(10.0, "Per hour off the target.")
    oncall_fairness: float = _weight(20.0, "Per slot of max-min spread.")
    weekend_fairness: float = _weight(20.0, "Per weekend of spread.")
    non_home_site: float = _weight(1.0, "Per session away from home.")
    shift_requests: float = _weight(1.0, "Times each unmet request's own weight.")
    cover: float = _weight(1.0, "Times each cover line's under- and over-cover weights.")
    whole_days: float = _weight(
        30.0, "Per session a worked day lacks of the person's usual (a half-day alone)."
    )
    saturday_fairness: float = _weight(20.0, "Per Saturday of spread within a team.")
    preferred_pattern: float = _weight(5.0, "Per day worked outside the preferred weekdays.")
    rota_changes: float = _weight(
        1.0, "Per change to a published rota (re-plan), in units of `replan`'s unit."
    )
    run_limits: float = _weight(1.0, "Times each run limit's own weight.")
    complete_weekends: float = _weight(1.0, "Times the person's complete_weekends cost.")
    worked_totals: float = _weight(1.0, "Times each soft band's own weight.")


class PublishedAssignment(Strict):
    """One assignment of the published rota (a solution's `assignments[]` entry)."""

    staff: str
    date: dt.date
    shift: str
    site: str = Field(description="Site id, or sector id for an on-call slot.")


class Replan(Strict):
    """A re-plan: the published rota is kept as it is before `from_date` (rule
    `published_days`) and every change from `from_date` on costs (rule `rota_changes`).

    A change (an assignment added, removed or moved, per person, date and shift) on day k
    counted from `from_date` costs `weights.rota_changes` x unit x (1 + urgency x
    max(0, urgency_days - k) / urgency_days), times `oncall_factor` for an on-call slot.
    The unit is 1 plus the most one session's coverage can gain in the instance (coverage
    weight x the most consultations a session offers x the largest commune weight, at
    reach 1), or `unit` when given, so coverage alone never buys a change; with
    `reoptimise` it is `reoptimise_share` of that, so coverage may buy changes."""

    published: list[PublishedAssignment] = Field(
        default_factory=list, description="The published rota's assignments."
    )
    from_date: dt.date = Field(description="First date the rota may change.")
    reoptimise: bool = Field(
        default=False, description="Let coverage buy changes (the unit times reoptimise_share)."
    )
    reoptimise_share: float = Field(
        default=0.1, gt=0, le=1, description="Share of the unit a change costs with reoptimise."
    )
    urgency: float = Field(
        default=1.0,
        ge=0,
        le=MAX_WEIGHT,
        description="Extra cost of a change on from_date, as a share of the unit, falling "
        "linearly to nothing over urgency_days.",
    )
    urgency_days: int = Field(default=14, ge=1, le=371)
    oncall_factor: float = Field(
        default=2.0, ge=1, le=MAX_WEIGHT, description="Multiplies the cost of an on-call change."
    )
    unit: float | None = Field(
        default=None,
        gt=0,
        le=MAX_WEIGHT,
        description="The unit, before reoptimise_share; default derived from the instance "
        "(`maillage replan` writes it, so that a network solved part by part charges the "
        "whole instance's unit in every part).",
    )


class PastAssignment(Strict):
    """An assignment of a day before the horizon, with the times it had then, so that the
    rules spanning time (rest, runs of days, weekly hours) see across the boundary even when
    the shifts were defined otherwise last month."""

    staff: str
    date: dt.date
    shift: str = Field(description="The shift's id then (its times are given here).")
    site: str = Field(description="Site id, or sector id for an on-call slot.")
    start: str = Field(description='"HH:MM"')
    end: str = Field(description='"HH:MM"; an end at or before the start passes midnight.')
    kind: ShiftKind
    counts_as_work: bool = True
    work_minutes: int | None = Field(
        default=None,
        ge=0,
        le=24 * 60,
        description="Minutes counted as work; default the duration (0 when not work; for a "
        "stand-by slot, its intervention allowance, counted toward hours but not rest).",
    )

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        return _clock_time(value)

    @property
    def duration_minutes(self) -> int:
        return span_minutes(self.start, self.end)

    @property
    def worked_minutes(self) -> int:
        if not self.counts_as_work:
            return self.work_minutes or 0  # a stand-by's intervention allowance
        return self.duration_minutes if self.work_minutes is None else self.work_minutes


class Counter(Strict):
    """A person's running totals from `since` to the eve of the horizon (year to date)."""

    staff: str
    since: dt.date
    oncalls: int = Field(default=0, ge=0, le=MAX_COUNT, description="On-call slots held.")
    weekends: int = Field(default=0, ge=0, le=MAX_COUNT, description="Weekends worked.")
    saturdays: int = Field(default=0, ge=0, le=MAX_COUNT, description="Saturdays worked.")
    holidays_worked: int = Field(
        default=0, ge=0, le=MAX_COUNT, description="Public holidays with an assignment."
    )
    minutes_balance: int = Field(
        default=0,
        ge=-MAX_MINUTES,
        le=MAX_MINUTES,
        description="Minutes worked above (positive) or below the contract target.",
    )


class History(Strict):
    """What happened before the horizon: the rules spanning time and fairness read it."""

    start: dt.date | None = Field(
        default=None,
        description="First day the history covers: every assignment from it to the eve of "
        "the horizon is listed (a day without one was off). Default: the earliest listed.",
    )
    assignments: list[PastAssignment] = Field(default_factory=list)
    counters: list[Counter] = Field(default_factory=list)


class Instance(Strict):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    name: str = Field(min_length=1)
    description: str = ""
    horizon: Horizon
    shifts: list[Shift] = Field(min_length=1)
    sites: list[Site] = Field(min_length=1)
    communes: list[Commune] = Field(default_factory=list)
    staff: list[Staff] = Field(min_length=1)
    sectors: list[Sector] = Field(default_factory=list)
    cover: list[Cover] = Field(
        default_factory=list, description="Dated staffing needs per shift, with weights."
    )
    rules: Rules = Field(default_factory=Rules)
    weights: Weights = Field(default_factory=Weights)
    need_model: NeedModel = Field(default_factory=NeedModel)
    reach: Reach = Field(default_factory=Reach)
    travel: Travel = Field(default_factory=Travel)
    consultations: dict[Role, dict[CareLine, int]] = Field(
        default_factory=_default_consultations,
        description="Consultations a clinician's session offers, per role and care line.",
    )
    history: History | None = Field(
        default=None,
        description="Assignments and running counters of the days before the horizon "
        "(written by `maillage carry`), read by the rules spanning time and by fairness.",
    )
    replan: Replan | None = Field(
        default=None, description="A re-plan of a published rota (`maillage replan`)."
    )
