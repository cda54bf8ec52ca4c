#!/usr/bin/env python3
"""Build the demo instance `millas-2025-03.json`: the Millas health centre, March 2025.

Reproducible: the same communes file and seed always give the same bytes. Standard
library only for the building; the result is then validated against the instance
contract (`maillage.models.instance.Instance`, pydantic) and its cross-reference checks
when the `maillage` package is importable (skip with --no-validate).

    python instances/build_millas.py                       # writes instances/millas-2025-03.json
    python instances/build_millas.py --communes other.csv  # another copy of the commune table
    python instances/build_millas.py --check               # exit 1 if the file is out of date

What is factual and what is illustrative (details in instances/README.md):

- Factual (INSEE/Etalab, IGN; «Ma santé, Ma Région» 2023 press kit): the communes, their
  populations and centroids; the centre's place (Millas, INSEE 66108, opened 15 Sept 2022)
  and its staffing (4 salaried doctors, 3 full-time and 1 part-time; 2 medical secretaries).
- Illustrative: the APL-like access figures of the communes (a seeded function of
  population density, NOT DREES values), opening hours, on-call sector and slots, leave,
  preferences, the fixed assignment, and the staff names (placeholders).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import math
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The commune table bundled with the package (models/data, see its README for sources).
DEFAULT_COMMUNES = Path(__file__).resolve().parents[1] / "models" / "data" / "communes.csv.gz"
DEFAULT_OUTPUT = HERE / "millas-2025-03.json"
DEFAULT_SEED = 2025

NAME = "millas-2025-03"
SITE_ID = "millas"
SITE_INSEE = "66108"
SECTOR_ID = "pdsa-millas"

# Travel model: the engine's defaults (maillage.models.instance.Travel), written out in the
# instance so that the commune selection below and the engine's reach always agree.
EARTH_RADIUS_KM = 6371.0088  # mean radius, as maillage.models.facts.haversine_km
DETOUR_FACTOR = 1.3
SPEED_KMH = 60.0
REACH_BANDS = [(10, 1.0), (15, 0.667), (20, 0.333)]  # DREES APL distance decay, minutes
MAX_MINUTES = REACH_BANDS[-1][0]  # communes beyond the last band carry no weight

# Illustrative APL-like indicator (accessible GP consultations per inhabitant per year):
# APL = BASE + SLOPE x log10(1 + inhabitants per km²) + JITTER x (u - 0.5), u uniform in
# [0, 1) from a SHA-256 of "seed:insee"; clipped to [APL_MIN, APL_MAX], 2 decimals.
# Denser (peri-urban, towards Perpignan) communes come out better served, as is usual.
APL_BASE, APL_SLOPE, APL_JITTER = 1.5, 0.45, 1.0
APL_MIN, APL_MAX = 1.0, 4.0

WEEK = ["mon", "tue", "wed", "thu", "fri"]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; the same formula and radius as the engine's."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def travel_minutes(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine x detour factor at the average speed, as the engine computes it."""
    km = haversine_km(lat1, lon1, lat2, lon2) * DETOUR_FACTOR
    return km / SPEED_KMH * 60


def unit_hash(seed: int, insee: str) -> float:
    """A deterministic number in [0, 1) for a commune (platform- and version-independent)."""
    digest = hashlib.sha256(f"{seed}:{insee}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def illustrative_apl(seed: int, insee: str, population: int, area_km2: float) -> float:
    density = population / area_km2 if area_km2 > 0 else 0.0
    apl = (
        APL_BASE + APL_SLOPE * math.log10(1 + density) + APL_JITTER * (unit_hash(seed, insee) - 0.5)
    )
    return round(min(APL_MAX, max(APL_MIN, apl)), 2)


class BuildError(Exception):
    """Bad input (missing file, wrong columns, bad values): reported without a traceback."""


def read_communes(path: Path) -> list[dict[str, str]]:
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise BuildError(f"cannot read {path}: {error}") from None
    wanted = {"insee", "name", "population", "area_km2", "lat", "lon"}
    if not rows or not wanted <= set(rows[0]):
        raise BuildError(f"{path}: expected a header with columns {sorted(wanted)}")
    return rows


def communes_within_reach(
    rows: list[dict[str, str]], site: dict[str, Any], seed: int
) -> list[dict[str, Any]]:
    """Every commune whose travel time to the site is under MAX_MINUTES, sorted by INSEE code."""
    out = []
    for line, row in enumerate(rows, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            population, area = int(row["population"]), float(row["area_km2"])
        except (TypeError, ValueError) as error:
            raise BuildError(f"communes line {line} ({row.get('insee')}): {error}") from None
        # origin commune, destination site: the order the engine uses
        if travel_minutes(lat, lon, site["lat"], site["lon"]) >= MAX_MINUTES:
            continue
        out.append(
            {
                "insee": row["insee"],
                "name": row["name"],
                "population": population,
                "lat": lat,
                "lon": lon,
                "apl": illustrative_apl(seed, row["insee"], population, area),
            }
        )
    return sorted(out, key=lambda c: c["insee"])


def shifts() -> list[dict[str, Any]]:
    return [
        # Half-day consultation sessions; each offers the engine's default 12 doctor
        # consultations. The afternoon is an hour longer: it also holds the home and
        # nursing-home visits the press kit mentions (not modelled as consultations).
        {
            "id": "am",
            "start": "08:00",
            "end": "12:00",
            "kind": "consultation",
            "weekdays": [*WEEK, "sat"],
        },
        {"id": "pm", "start": "13:30", "end": "18:30", "kind": "consultation", "weekdays": WEEK},
        # Permanence des soins ambulatoires (PDSA) slots, at their regulatory times, held as
        # home stand-by (astreinte) called by the SAMU regulation: outside interventions an
        # astreinte is not working time and counts as rest (Code du travail L3121-9), so the
        # slots do not count as work. Weekday evenings on Mondays only: 5 Mondays + 5
        # Saturdays + 5 Sundays in March 2025 = 15 slots, 5 for each of the 3 doctors on the
        # roster (at most 6 on-calls a month each, the law default).
        {
            "id": "oncall_eve",
            "start": "20:00",
            "end": "24:00",
            "kind": "oncall",
            "counts_as_work": False,
            "weekdays": ["mon"],
        },
        {
            "id": "oncall_sat",
            "start": "12:00",
            "end": "20:00",
            "kind": "oncall",
            "counts_as_work": False,
            "weekdays": ["sat"],
        },
        {
            "id": "oncall_sun",
            "start": "08:00",
            "end": "20:00",
            "kind": "oncall",
            "counts_as_work": False,
            "weekdays": ["sun"],
            "holidays": "include",
        },
    ]


def site(rows: list[dict[str, str]]) -> dict[str, Any]:
    row = next((r for r in rows if r["insee"] == SITE_INSEE), None)
    if row is None:
        raise BuildError(f"commune {SITE_INSEE} (Millas) not found in the communes file")
    return {
        "id": SITE_ID,
        "name": "Centre de santé de Millas",
        "kind": "centre",
        "insee": SITE_INSEE,
        "lat": float(row["lat"]),
        "lon": float(row["lon"]),
        "rooms": 4,
        "secretary": "on_site",
        "opening": {day: ["am", "pm"] for day in WEEK} | {"sat": ["am"]},
        "requirements": [
            {"role": "doctor", "min": 2, "max": 4, "shifts": ["am", "pm"], "weekdays": WEEK},
            {"role": "doctor", "min": 1, "max": 2, "shifts": ["am"], "weekdays": ["sat"]},
            {"role": "secretary", "min": 1, "max": 2},
        ],
    }


def staff() -> list[dict[str, Any]]:
    common = {"sites": [SITE_ID], "home_site": SITE_ID}
    return [
        {
            "id": "med1",
            "name": "Médecin 1",
            "role": "doctor",
            "fte": 1.0,
            **common,
            "oncall": True,
            "preferences": {"dates_off": ["2025-03-14"]},
            "fixed": [{"date": "2025-03-02", "shift": "oncall_sun", "site": SECTOR_ID}],
        },
        {
            "id": "med2",
            "name": "Médecin 2",
            "role": "doctor",
            "fte": 1.0,
            **common,
            "oncall": True,
        },
        {
            "id": "med3",
            "name": "Médecin 3",
            "role": "doctor",
            "fte": 1.0,
            **common,
            "oncall": True,
            "preferences": {"days_off": ["wed"]},
        },
        # Part-time (3 days a week at most), not on the PDSA roster; a day of continuing
        # education (DPC) and a week of leave this month.
        {
            "id": "med4",
            "name": "Médecin 4",
            "role": "doctor",
            "fte": 0.6,
            **common,
            "unavailable": [
                {"from": "2025-03-06", "to": "2025-03-06", "reason": "training"},
                {"from": "2025-03-17", "to": "2025-03-23", "reason": "leave"},
            ],
        },
        {
            "id": "sec1",
            "name": "Secrétaire 1",
            "role": "secretary",
            "fte": 1.0,
            **common,
            "unavailable": [{"from": "2025-03-10", "to": "2025-03-11", "reason": "leave"}],
        },
        {"id": "sec2", "name": "Secrétaire 2", "role": "secretary", "fte": 1.0, **common},
    ]


DESCRIPTION = (
    "Demo instance: the «Ma santé, Ma Région» health centre of Millas (Pyrénées-Orientales, "
    "INSEE 66108, opened 15 Sept 2022), March 2025. Staff as in the 2023 press kit: 4 salaried "
    "doctors (3 full-time, 1 part-time at 0.6) and 2 medical secretaries; the press kit reports "
    "about 310 consultations a week and home and nursing-home visits (not modelled). "
    "Communes: every commune under 20 min of the centre (haversine x 1.3 at 60 km/h), INSEE "
    "populations and IGN centroids. ILLUSTRATIVE: the communes' APL figures (seeded estimates "
    "from density, not DREES values), session hours, the on-call sector (Monday evenings, "
    "Saturday afternoons, Sundays; home stand-by not counted as work; the 3 full-time doctors "
    "on its roster), leave, preferences and names. Rules at French-law defaults. "
    "Generated by instances/build_millas.py."
)


def build(communes_csv: Path, seed: int) -> dict[str, Any]:
    rows = read_communes(communes_csv)
    centre = site(rows)
    communes = communes_within_reach(rows, centre, seed)
    return {
        "schema_version": "1.0",
        "name": NAME,
        "description": DESCRIPTION,
        "horizon": {"start": "2025-03-01", "days": 31},
        "shifts": shifts(),
        "sites": [centre],
        "communes": communes,
        "staff": staff(),
        "sectors": [
            {
                "id": SECTOR_ID,
                "name": "Secteur de permanence des soins de Millas (illustrative)",
                "sites": [SITE_ID],
                "slots": ["oncall_eve", "oncall_sat", "oncall_sun"],
            }
        ],
        "need_model": {
            "rates": {"general": 4.0, "womens": 0.5},
            "apl_reference": 4.0,
            "underserved_threshold": 2.5,
            "illustrative": True,
            "source": (
                "APL figures are illustrative estimates made by instances/build_millas.py "
                f"(seed {seed}) from population density and a seeded hash; they are NOT DREES "
                "APL values. Populations: INSEE populations légales via Etalab "
                "decoupage-administratif 6.0.0 (MIT); centroids: IGN Admin Express COG 2018 "
                "(Licence Ouverte / Etalab)."
            ),
        },
        "reach": {"bands": [{"max_minutes": m, "weight": w} for m, w in REACH_BANDS]},
        "travel": {"detour_factor": DETOUR_FACTOR, "speed_kmh": SPEED_KMH},
    }


def validate(data: dict[str, Any]) -> None:
    """Schema, cross-references, and that every commune is within the engine's reach."""
    from pydantic import ValidationError

    from maillage.models.facts import Facts
    from maillage.models.instance import Instance
    from maillage.models.validate import cross_check

    try:
        instance = Instance.model_validate(data)
    except ValidationError as error:
        raise BuildError(f"the instance breaks the contract:\n{error}") from None
    issues = cross_check(instance)
    if issues:
        raise BuildError("invalid instance:\n" + "\n".join(f"  {i}" for i in issues))
    facts = Facts(instance)
    missing = [c.insee for c in instance.communes if facts.reach[SITE_ID].get(c.insee, 0) == 0]
    if missing:
        raise BuildError(f"communes out of the engine's reach: {missing}")


def summary(data: dict[str, Any]) -> str:
    communes = data["communes"]
    model = data["need_model"]
    under = [c for c in communes if c["apl"] < model["underserved_threshold"]]
    need = {line: 0.0 for line in model["rates"]}
    for c in under:
        gap = max(0.0, 1 - c["apl"] / model["apl_reference"])
        for line, rate in model["rates"].items():
            need[line] += c["population"] * rate * gap / 52
    return (
        f"{len(communes)} communes, {sum(c['population'] for c in communes)} inhabitants; "
        f"{len(under)} under-served (APL < {model['underserved_threshold']}), "
        f"{sum(c['population'] for c in under)} inhabitants; unmet need per week: "
        + ", ".join(f"{line} {value:.1f}" for line, value in need.items())
    )


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--communes",
        type=Path,
        default=DEFAULT_COMMUNES,
        help=f"communes CSV (default {DEFAULT_COMMUNES})",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"instance JSON to write (default {DEFAULT_OUTPUT.name} beside this script)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"seed of the illustrative APL figures (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--no-validate", action="store_true", help="do not validate with the maillage package"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the output file differs from a fresh build",
    )
    args = parser.parse_args(argv)

    try:
        data = build(args.communes, args.seed)
        if not args.no_validate:
            validate(data)
    except BuildError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    text = render(data)
    print(summary(data), file=sys.stderr)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date", file=sys.stderr)
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
