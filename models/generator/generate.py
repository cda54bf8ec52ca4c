"""Generate an instance on the real geography of Occitanie, deterministically from a seed.

    from maillage.models.generator.generate import GenerateParams, generate, to_json
    instance = generate(GenerateParams(staff=40, start=dt.date(2026, 1, 1), seed=1))

Real: the communes (bundled INSEE/IGN table), their DREES APL to general practitioners (2023,
or 2022 with `apl_vintage`) and the places of `sites.csv` (open centres and their permanences
first, then planned ones). Illustrative: centres added beyond those (placed in the most
under-served areas, `maillage.models.generator.siting`), the teams, contracts, leave and
preferences (`maillage.models.generator.staffing`), opening hours, on-call sectors (in the
PDSA periods of R6315-1, `maillage.models.generator.pdsa`, every bridge day declared), the
women's-health need (a proxy), and the APL of any commune the vintage does not list
(`maillage.models.generator.geography.illustrative_apl`, flagged `apl_illustrative`).
Randomness comes only from `random.Random` seeded with strings built from `seed`, and from
the seeded hash of those estimates, so the same parameters give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

import holidays as holidays_lib
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from maillage.models.generator.communes import APL_VINTAGES, DEFAULT_APL_VINTAGE, load_communes
from maillage.models.generator.geography import (
    DETOUR_FACTOR,
    REACH_BANDS,
    SPEED_KMH,
    Grid,
    commune_row,
    communes_near,
    need_model,
)
from maillage.models.generator.pdsa import bridge_days
from maillage.models.generator.sessions import (
    ONCALL_SLOTS,
    SESSION_HOURS,
    SUNDAY_ONLY,
    WEEK,
    shifts,
    sunday_only_shift,
)
from maillage.models.generator.siting import (
    GenerateError,
    Place,
    catchment_need,
    first_centres,
    new_centres,
    real_places,
)
from maillage.models.generator.staffing import (
    WEEK_HOURS,
    CentreStaff,
    Person,
    RoleCounts,
    allocate,
    default_centres,
    fit_roles,
    people,
    secretary_on_site,
    split_roles,
)
from maillage.models.instance import WORK_PATTERNS, Instance, StartDate

__all__ = ["CentreStaff", "GenerateError", "GenerateParams", "RoleCounts", "generate", "to_json"]

MAX_ONCALLS = 5  # per doctor and month: one under the service's default (6), to leave slack
# ... which a month's bridge days may take: the sector's slots with them stay within the
# default itself, so that every slot can be held
ONCALLS_WITH_BRIDGES = WORK_PATTERNS.max_oncalls_per_month or MAX_ONCALLS


def _departments() -> list[str]:
    return sorted({c.department for c in load_communes()})


class GenerateParams(BaseModel):
    """What to generate. Counts not given follow the service's ratios."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    staff: int = Field(ge=2, description="Head count: doctors, secretaries, IPAs and midwives.")
    sites: int | None = Field(
        default=None,
        ge=1,
        description="Number of centres (each with its real permanences); default: the centres "
        "listed in real_sites, else about one per 4 staff, as many as the geography has room "
        "for.",
    )
    days: int = Field(default=31, ge=1, le=371)
    start: StartDate
    seed: int = Field(default=0, ge=0)
    name: str | None = Field(default=None, min_length=1)
    departments: list[str] | None = Field(
        default=None, description="Occitanie department codes; sites and communes only there."
    )
    roles: RoleCounts | None = Field(
        default=None, description="Head count per role (summing to staff); default 60/25/15 %."
    )
    real_sites: list[str] | None = Field(
        default=None, description="Ids of sites.csv to use; default every one, open first."
    )
    centre_staff: dict[str, CentreStaff] = Field(
        default_factory=dict, description="Known figures of some centres, by site id."
    )
    note: str | None = Field(
        default=None, description="Put first in the description (what is known)."
    )
    apl_vintage: int = Field(
        default=DEFAULT_APL_VINTAGE,
        description=f"DREES APL vintage of the communes (one of {APL_VINTAGES}).",
    )

    @field_validator("apl_vintage")
    @classmethod
    def _known_vintage(cls, value: int) -> int:
        if value not in APL_VINTAGES:
            raise ValueError(f"no bundled APL vintage {value} (one of {APL_VINTAGES})")
        return value

    @field_validator("departments")
    @classmethod
    def _known_departments(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes = [code.strip().zfill(2) for code in value]
        known = _departments()
        unknown = [code for code in codes if code not in known]
        if unknown or not codes:
            raise ValueError(
                f"not a department of Occitanie: {', '.join(unknown) or '(none)'} "
                f"(one of {', '.join(known)})"
            )
        return sorted(set(codes))

    @model_validator(mode="after")
    def _roles_sum(self) -> GenerateParams:
        if self.roles is not None and self.roles.total != self.staff:
            raise ValueError(f"roles add up to {self.roles.total}, not staff ({self.staff})")
        return self


def generate(params: GenerateParams) -> Instance:
    """A valid instance for the parameters (GenerateError when they cannot be honoured)."""
    return Instance.model_validate(generate_json(params))


def to_json(instance: Instance) -> str:
    """The instance as written to files: the fields it sets, 2-space indented, UTF-8."""
    return instance.model_dump_json(indent=2, by_alias=True, exclude_unset=True) + "\n"


def generate_json(params: GenerateParams) -> dict[str, Any]:
    """The instance as a JSON object (see `generate`)."""
    departments = set(params.departments) if params.departments else None
    pool = [c for c in load_communes() if departments is None or c.department in departments]
    grid = Grid(pool)
    roles = params.roles or split_roles(params.staff)
    real = real_places(params.real_sites, departments)
    real_centres = sum(p.kind == "centre" for p in real)
    if params.sites is not None:
        count = params.sites
    elif params.real_sites is not None:
        count = real_centres
    else:
        count = default_centres(params.staff, roles.doctor)
    if count == 0:
        raise GenerateError("real_sites", "no centre among the sites chosen")
    if count <= real_centres:
        places = first_centres(real, count)
    else:
        # A count the user asked for must be met; the default one is only a ratio, so
        # beyond the room the geography leaves, the centres grow instead.
        places = real + new_centres(
            real,
            count - real_centres,
            pool,
            grid,
            params.seed,
            params.apl_vintage,
            exactly=params.sites is not None,
        )
        count = sum(p.kind == "centre" for p in places)
    if params.roles is None:
        try:
            roles = fit_roles(roles, count)
        except GenerateError as error:
            raise GenerateError("sites" if params.sites else "staff", error.message) from None
    centres = [p.id for p in places if p.kind == "centre"]
    need = catchment_need(places, grid, params.seed, params.apl_vintage)
    teams = allocate(centres, need, roles, params.centre_staff)
    dates = [params.start + dt.timedelta(days=k) for k in range(params.days)]
    bridges = bridge_days(params.start, params.days)
    staff = people(places, teams, dates, params.seed)
    openings = _permanence_openings(places, params.seed)
    sites = [_site(place, places, staff, openings) for place in places]
    communes = communes_near(grid, [(p.commune.lat, p.commune.lon) for p in places])
    sectors = _sectors(places, staff, dates, bridges)
    name = params.name or f"occitanie-{params.staff}-{params.start:%Y-%m}-seed{params.seed}"
    rows = [commune_row(record, params.seed, params.apl_vintage) for record, _ in communes]
    horizon: dict[str, Any] = {"start": params.start.isoformat(), "days": params.days}
    if bridges:
        horizon["bridge_days"] = [day.isoformat() for day in bridges]
    return {
        "schema_version": "1.0",
        "name": name,
        "description": _description(params, places, staff, rows, bridges),
        "horizon": horizon,
        "shifts": shifts() + ([sunday_only_shift()] if _sunday_only(sectors) else []),
        "sites": sites,
        "communes": rows,
        "staff": [p.as_json() for p in staff],
        "sectors": sectors,
        "need_model": need_model(
            "maillage.models.generator.generate", params.seed, params.apl_vintage
        ),
        "reach": {"bands": [{"max_minutes": m, "weight": w} for m, w in REACH_BANDS]},
        "travel": {"detour_factor": DETOUR_FACTOR, "speed_kmh": SPEED_KMH},
    }


def _permanence_openings(places: Sequence[Place], seed: int) -> dict[str, dict[str, list[str]]]:
    """Two or three half-days a week at each permanence, on different weekdays (seeded)."""
    rng = random.Random(f"{seed}:permanences")
    out = {}
    for place in (p for p in places if p.kind == "permanence"):
        days = sorted(rng.sample(range(5), rng.choice((2, 3))))
        out[place.id] = {WEEK[d]: [rng.choice(("am", "pm"))] for d in days}
    return out


def _hours(opening: dict[str, list[str]]) -> int:
    return sum(SESSION_HOURS[s] for shifts_ in opening.values() for s in shifts_)


def _site(
    place: Place,
    places: Sequence[Place],
    staff: Sequence[Person],
    permanences: dict[str, dict[str, list[str]]],
) -> dict[str, Any]:
    """A site as JSON. A centre opens weekdays, and Saturday mornings with 3 doctors or more;
    its minimum staffing is what its team can hold (a soft minimum always missed would only
    shift the objective)."""
    head: dict[str, Any] = {"id": place.id, "name": place.name, "kind": place.kind}
    if place.parent is not None:
        head["parent"] = place.parent
    head |= {"insee": place.commune.insee, "lat": place.commune.lat, "lon": place.commune.lon}
    if place.kind == "permanence":
        # one consulting room lent by the commune; the centre's secretaries book remotely
        return head | {
            "rooms": 1,
            "secretary": "remote",
            "opening": permanences[place.id],
            "requirements": [{"role": "doctor", "min": 1, "max": 1}],
        }
    crew = [p for p in staff if p.home == place.id]
    doctors = [p for p in crew if p.role == "doctor"]
    secretaries = [p for p in crew if p.role == "secretary"]
    on_site = secretary_on_site(crew)
    saturday = len(doctors) >= 3 and (not on_site or len(secretaries) >= 2)
    opening = {day: ["am", "pm"] for day in WEEK} | ({"sat": ["am"]} if saturday else {})
    open_hours = _hours(opening)
    away = sum(_hours(o) for pid, o in permanences.items() if pid in _children(places, place))
    secretary_hours = WEEK_HOURS * sum(p.fte for p in secretaries)
    covered = not on_site or secretary_hours >= open_hours
    doctor_hours = WEEK_HOURS * sum(p.fte for p in doctors) - away
    least = min(2, math.floor(0.8 * doctor_hours / open_hours)) if covered else 0
    requirements: list[dict[str, Any]] = []
    if least > 0:
        requirements.append(
            {"role": "doctor", "min": least, "shifts": ["am", "pm"], "weekdays": list(WEEK)}
        )
    if saturday:
        requirements.append(
            {"role": "doctor", "min": 1, "max": 2, "shifts": ["am"], "weekdays": ["sat"]}
        )
    if on_site and 0.9 * secretary_hours >= open_hours:
        requirements.append({"role": "secretary", "min": 1})
    return head | {
        # a room for each clinician: a team the need made large must still be able to work
        # its hours (8 rooms for the 19 clinicians of a 1,000-staff region's largest centre
        # left no rota at all)
        "rooms": max(2, len(crew) - len(secretaries)),
        "secretary": "on_site" if on_site else "remote",
        "opening": opening,
        "requirements": requirements,
    }


def _children(places: Sequence[Place], centre: Place) -> list[str]:
    return [p.id for p in places if p.parent == centre.id]


def _slot_counts(
    dates: Sequence[dt.date], bridges: Sequence[dt.date]
) -> dict[str, Counter[tuple[int, int]]]:
    """On-call slots of each kind per calendar month, French public holidays and bridge days
    applied as the engine applies them (a holiday has only the Sunday-and-holiday slot; a
    bridge day has it on top of its weekday's)."""
    public = holidays_lib.country_holidays("FR", years=sorted({d.year for d in dates}))
    counts: dict[str, Counter[tuple[int, int]]] = {
        s: Counter() for s in (*ONCALL_SLOTS, SUNDAY_ONLY)
    }
    for day in dates:
        month = (day.year, day.month)
        if day in public or day.weekday() == 6:
            counts["oncall_sun"][month] += 1
            if day not in public:
                counts[SUNDAY_ONLY][month] += 1
            continue
        if day in bridges:
            counts["oncall_sun"][month] += 1
        if day.weekday() == 0:
            counts["oncall_eve"][month] += 1
        elif day.weekday() == 5:
            counts["oncall_sat"][month] += 1
    return counts


def _sectors(
    places: Sequence[Place],
    staff: Sequence[Person],
    dates: Sequence[dt.date],
    bridges: Sequence[dt.date],
) -> list[dict[str, Any]]:
    """One on-call sector per centre, held by its full-time doctors: Monday nights, Saturday
    afternoons and Sundays, holidays and bridge days when the roster can hold them (at
    MAX_ONCALLS a month each, ONCALLS_WITH_BRIDGES with the bridge days), else the weekend,
    else Sundays and holidays, else Sundays only (the rest falls to the other doctors of the
    territory, outside the instance)."""
    regular, counts = _slot_counts(dates, ()), _slot_counts(dates, bridges)

    def most(table: dict[str, Counter[tuple[int, int]]], slots: Sequence[str]) -> int:
        monthly = Counter[tuple[int, int]]()
        for slot in slots:
            monthly.update(table[slot])
        return max(monthly.values(), default=0)

    out = []
    for centre in (p for p in places if p.kind == "centre"):
        roster = sum(1 for p in staff if p.home == centre.id and p.oncall)
        if roster == 0:
            continue
        for slots in (ONCALL_SLOTS, ONCALL_SLOTS[1:], ONCALL_SLOTS[2:], [SUNDAY_ONLY]):
            if (
                most(regular, slots) <= MAX_ONCALLS * roster
                and most(counts, slots) <= ONCALLS_WITH_BRIDGES * roster
            ):
                break
        out.append(
            {
                "id": f"pdsa-{centre.id}",
                "name": f"Secteur de permanence des soins de {centre.commune.name} (illustrative)",
                "sites": [centre.id],
                "slots": list(slots),
            }
        )
    return out


def _sunday_only(sectors: Sequence[dict[str, Any]]) -> bool:
    return any(SUNDAY_ONLY in sector["slots"] for sector in sectors)


def _description(
    params: GenerateParams,
    places: Sequence[Place],
    staff: Sequence[Person],
    communes: Sequence[dict[str, Any]],
    bridges: Sequence[dt.date],
) -> str:
    by_status = Counter(p.status for p in places if p.kind == "centre")
    permanences = sum(p.kind == "permanence" for p in places)
    real = [p for p in places if p.status != "new"]
    parts = [params.note] if params.note else []
    parts.append(
        f"Generated by maillage.models.generator.generate (seed {params.seed}): "
        f"{role_summary(staff)} in "
        f"{plural(sum(by_status.values()), 'centre')} ({by_status['open']} open, "
        f"{by_status['planned']} planned, {by_status['new']} new) and "
        f"{plural(permanences, 'permanence')}, from {params.start.isoformat()} for "
        f"{plural(params.days, 'day')}."
    )
    estimated = [c["name"] for c in communes if c.get("apl_illustrative")]
    parts.append(
        f"REAL: the {len(communes)} communes (every commune under 20 min of a site, haversine "
        "x 1.3 at 60 km/h; INSEE codes and populations via Etalab, IGN centroids), their APL "
        f"to general practitioners (DREES, APL {params.apl_vintage}"
        + (f"; {len(estimated)} not listed by it have an estimate, flagged" if estimated else "")
        + f"), and the places, kinds and status of the {len(real)} sites taken from "
        "models/data/sites.csv."
    )
    oncall = (
        "the on-call sectors and slots (in the PDSA periods of R6315-1: Monday nights from "
        "20:00, Saturdays from noon, Sundays and holidays 08:00-20:00"
        + (", and the bridge days " + ", ".join(d.isoformat() for d in bridges) if bridges else "")
        + "; home stand-by, not counted as work; full-time doctors on each roster)"
    )
    illustrative = [
        "the women's-health need (the GP APL as a proxy: no midwife APL in consultations exists)",
        "the split of staff over centres, FTEs, leave, training, preferences and names",
        "opening half-days, rooms and minimum staffing",
        oncall,
    ]
    if by_status["new"]:
        illustrative.insert(
            0,
            f"the {by_status['new']} new centres (placed by the generator in the most "
            "under-served areas by the APL; not plans of the service)",
        )
    parts.append("ILLUSTRATIVE: " + "; ".join(illustrative) + ". Rules at French-law defaults.")
    return " ".join(parts)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def role_summary(staff: Sequence[Person] | Sequence[Any]) -> str:
    """ "45 staff (27 doctors, 13 secretaries, 3 IPAs, 2 midwives)": people of any type with
    a `role` (str or Role)."""
    roles = Counter(str(getattr(p.role, "value", p.role)) for p in staff)
    words = [
        plural(roles["doctor"], "doctor"),
        plural(roles["secretary"], "secretary", "secretaries"),
        plural(roles["ipa"], "IPA"),
        plural(roles["midwife"], "midwife", "midwives"),
    ]
    return f"{len(staff)} staff ({', '.join(words)})"
