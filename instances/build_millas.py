#!/usr/bin/env python3
"""Build the demo instance `millas-2025-03.json`: the Millas health centre, March 2025.

Reproducible: the same communes file and seed always give the same bytes. The travel model,
reach bands, the communes' APL (DREES, 2023), the need model and the shifts come from the
`maillage` package (`maillage.models.generator.geography`, `.sessions`), shared with the
generator; the result is validated against the instance contract
(`maillage.models.instance.Instance`) and its cross-reference checks (skip with
--no-validate).

    python instances/build_millas.py                       # writes instances/millas-2025-03.json
    python instances/build_millas.py --communes other.csv  # another copy of the commune table
    python instances/build_millas.py --check               # exit 1 if the file is out of date

What is factual and what is illustrative (details in instances/README.md):

- Factual (INSEE/Etalab, IGN; DREES; «Ma santé, Ma Région» 2023 press kit): the communes,
  their populations and centroids; their APL to general practitioners (DREES, APL 2023); the
  centre's place (Millas, INSEE 66108, opened 15 Sept 2022) and its staffing (4 salaried
  doctors, 3 full-time and 1 part-time; 2 medical secretaries).
- Illustrative: the women's-health need (the GP APL as a proxy), opening hours, on-call
  sector and slots (in the PDSA periods of R6315-1), leave, preferences, the fixed
  assignment, and the staff names (placeholders); the APL of a commune the DREES vintage
  does not list (a seeded function of density, flagged `apl_illustrative`; none here).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import sys
from pathlib import Path
from typing import Any

# Travel model, reach bands, the APL, the need model and the shifts live in the package,
# shared with build_grand_cahors.py and the generator (maillage.models.generator.generate).
from maillage.models.generator.communes import CommuneRecord
from maillage.models.generator.geography import (
    DETOUR_FACTOR,
    MAX_MINUTES,
    REACH_BANDS,
    SPEED_KMH,
    commune_row,
    minutes_to,
    need_model,
)
from maillage.models.generator.pdsa import bridge_days
from maillage.models.generator.sessions import shifts

HERE = Path(__file__).resolve().parent
# The commune table bundled with the package (models/data, see its README for sources).
DEFAULT_COMMUNES = Path(__file__).resolve().parents[1] / "models" / "data" / "communes.csv.gz"
DEFAULT_OUTPUT = HERE / "millas-2025-03.json"
DEFAULT_SEED = 2025
APL_VINTAGE = 2023

NAME = "millas-2025-03"
SITE_ID = "millas"
SITE_INSEE = "66108"
SECTOR_ID = "pdsa-millas"

WEEK = ["mon", "tue", "wed", "thu", "fri"]


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
            record = CommuneRecord(
                insee=row["insee"],
                name=row["name"],
                department=row.get("department", ""),
                epci_siren=row.get("epci_siren", ""),
                epci_name=row.get("epci_name", ""),
                population=int(row["population"]),
                area_km2=float(row["area_km2"]),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
        except (TypeError, ValueError) as error:
            raise BuildError(f"communes line {line} ({row.get('insee')}): {error}") from None
        # origin commune, destination site: the order the engine uses
        if minutes_to(record, site["lat"], site["lon"]) >= MAX_MINUTES:
            continue
        out.append(commune_row(record, seed, APL_VINTAGE))
    return sorted(out, key=lambda c: c["insee"])


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
    "populations and IGN centroids, with their real APL to general practitioners (DREES, APL "
    "2023). ILLUSTRATIVE: the women's-health need (the GP APL as a proxy: no midwife APL in "
    "consultations exists), session hours, the on-call sector (in the PDSA periods of "
    "R6315-1: Monday nights from 20:00, Saturdays from noon, Sundays and holidays "
    "08:00-20:00; home stand-by not counted as work; the 3 full-time doctors on its roster), "
    "leave, preferences and names. Rules at French-law defaults. "
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
        "horizon": horizon(dt.date(2025, 3, 1), 31),
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
        "need_model": need_model("instances/build_millas.py", seed, APL_VINTAGE),
        "reach": {"bands": [{"max_minutes": m, "weight": w} for m, w in REACH_BANDS]},
        "travel": {"detour_factor": DETOUR_FACTOR, "speed_kmh": SPEED_KMH},
    }


def horizon(start: dt.date, days: int) -> dict[str, Any]:
    """The horizon, with the bridge days R6315-1 3° allows declared (the ARS's choice)."""
    out: dict[str, Any] = {"start": start.isoformat(), "days": days}
    bridges = bridge_days(start, days)
    if bridges:
        out["bridge_days"] = [day.isoformat() for day in bridges]
    return out


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
        help="seed of the APL estimate of a commune the DREES vintage does not list "
        f"(default {DEFAULT_SEED})",
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
