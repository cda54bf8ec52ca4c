#!/usr/bin/env python3
"""Build `grand-cahors-2025-03.json`: the planned Cahors centre and its two permanences, March 2025.

Reproducible: the same commune table and seed always give the same bytes. The commune table
is, by default, the one bundled with the package
(`maillage.models.generator.communes`), so the build
works on a fresh install; the result is validated against the instance contract and its
cross-reference checks (skip with --no-validate).

    python instances/build_grand_cahors.py                       # writes grand-cahors-2025-03.json
    python instances/build_grand_cahors.py --communes other.csv  # another copy of the table
    python instances/build_grand_cahors.py --check               # exit 1 if the file is out of date

What is factual and what is illustrative (details in instances/README.md):

- Factual (INSEE/Etalab, IGN; DREES; Grand Cahors press release on joining the «Ma santé, Ma
  Région» GIP): the communes, their EPCI, populations and centroids; their APL to general
  practitioners (DREES, APL 2023); the project of a centre in Cahors (INSEE 46042) from 2025
  with permanences at Catus (46064) and Saint-Géry-Vers (46268).
- Illustrative: the centre is *planned*, so its whole staffing (5 doctors, one part-time; 1
  IPA; 1 part-time midwife; 3 secretaries), the permanences' opening half-days, the
  women's-health need (the GP APL as a proxy), the on-call sector and slots (in the PDSA
  periods of R6315-1), leave, preferences and names; the APL of a commune the DREES vintage
  does not list (the seeded estimate of build_millas.py, flagged `apl_illustrative`; none
  here).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from maillage.models.generator.communes import real_apl, travel_minutes
from maillage.models.generator.geography import (
    DETOUR_FACTOR,
    MAX_MINUTES,  # other communes: under 20 min of some site
    REACH_BANDS,
    SPEED_KMH,
    illustrative_apl,
    need_model,
)
from maillage.models.generator.sessions import (
    shifts,  # the same half-days and on-call slots as at Millas
)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_millas import (  # noqa: E402  (a sibling script, not a package)
    APL_VINTAGE,
    BuildError,
    horizon,
    render,
    summary,
)

DEFAULT_OUTPUT = HERE / "grand-cahors-2025-03.json"
DEFAULT_SEED = 2025

NAME = "grand-cahors-2025-03"
CENTRE = "cahors"
SECTOR_ID = "pdsa-cahors"
EPCI = "Grand Cahors"  # communes of the CA du Grand Cahors are listed whatever their distance

WEEK = ["mon", "tue", "wed", "thu", "fri"]

# (id, INSEE, name, kind, opening). Permanences: a few half-days a week, one consulting room,
# the secretariat of the centre answering remotely (no secretary on site).
SITES: list[tuple[str, str, str, str, dict[str, list[str]]]] = [
    (
        CENTRE,
        "46042",
        "Centre de santé de Cahors (planned)",
        "centre",
        {day: ["am", "pm"] for day in WEEK} | {"sat": ["am"]},
    ),
    (
        "catus",
        "46064",
        "Permanence de Catus (planned)",
        "permanence",
        {"tue": ["am"], "thu": ["pm"]},
    ),
    (
        "saint-gery-vers",
        "46268",
        "Permanence de Saint-Géry-Vers (planned)",
        "permanence",
        {"mon": ["pm"], "wed": ["am"], "fri": ["am"]},
    ),
]
PERMANENCES = [s[0] for s in SITES if s[3] == "permanence"]

CSV_COLUMNS = {"insee", "name", "epci_name", "population", "area_km2", "lat", "lon"}


def read_communes(path: Path | None) -> list[dict[str, Any]]:
    """The commune table as dicts: the bundled one, or a CSV with the same columns."""
    if path is None:
        from maillage.models.generator.communes import load_communes

        return [
            {
                "insee": c.insee,
                "name": c.name,
                "epci_name": c.epci_name,
                "population": c.population,
                "area_km2": c.area_km2,
                "lat": c.lat,
                "lon": c.lon,
            }
            for c in load_communes()
        ]
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise BuildError(f"cannot read {path}: {error}") from None
    if not rows or not set(rows[0]) >= CSV_COLUMNS:
        raise BuildError(f"{path}: expected a header with columns {sorted(CSV_COLUMNS)}")
    out = []
    for line, row in enumerate(rows, start=2):
        try:
            out.append(
                {
                    "insee": row["insee"],
                    "name": row["name"],
                    "epci_name": row["epci_name"],
                    "population": int(row["population"]),
                    "area_km2": float(row["area_km2"]),
                    "lat": float(row["lat"]),
                    "lon": float(row["lon"]),
                }
            )
        except (TypeError, ValueError) as error:
            raise BuildError(f"{path} line {line} ({row.get('insee')}): {error}") from None
    return out


def sites(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    table = {r["insee"]: r for r in rows}
    out = []
    for site_id, insee, name, kind, opening in SITES:
        if insee not in table:
            raise BuildError(f"commune {insee} ({site_id}) not found in the communes table")
        site: dict[str, Any] = {"id": site_id, "name": name, "kind": kind}
        if kind == "permanence":
            site["parent"] = CENTRE
        site |= {"insee": insee, "lat": table[insee]["lat"], "lon": table[insee]["lon"]}
        if kind == "centre":
            # 4 doctors, the IPA and the midwife can consult at once
            site |= {
                "rooms": 6,
                "secretary": "on_site",
                "opening": opening,
                "requirements": [
                    {
                        "role": "doctor",
                        "min": 2,
                        "max": 4,
                        "shifts": ["am", "pm"],
                        "weekdays": WEEK,
                    },
                    {"role": "doctor", "min": 1, "max": 2, "shifts": ["am"], "weekdays": ["sat"]},
                    {"role": "secretary", "min": 1, "max": 2},
                ],
            }
        else:
            # one consulting room lent by the commune; the centre's secretaries book remotely
            site |= {
                "rooms": 1,
                "secretary": "remote",
                "opening": opening,
                "requirements": [{"role": "doctor", "min": 1, "max": 1}],
            }
        out.append(site)
    return out


def communes(
    rows: list[dict[str, Any]], places: list[dict[str, Any]], seed: int
) -> list[dict[str, Any]]:
    """The communes of the Grand Cahors, and every other commune under 20 min of a site."""
    out = []
    for row in rows:
        minutes = min(travel_minutes(row["lat"], row["lon"], s["lat"], s["lon"]) for s in places)
        if EPCI not in row["epci_name"] and minutes >= MAX_MINUTES:
            continue
        apl = real_apl(row["insee"], APL_VINTAGE)
        commune = {
            "insee": row["insee"],
            "name": row["name"],
            "population": row["population"],
            "lat": row["lat"],
            "lon": row["lon"],
            "apl": apl,
        }
        if apl is None:  # not in the DREES vintage: an estimate, flagged
            commune["apl"] = illustrative_apl(
                seed, row["insee"], row["population"], row["area_km2"]
            )
            commune["apl_illustrative"] = True
        out.append(commune)
    return sorted(out, key=lambda c: c["insee"])


def staff() -> list[dict[str, Any]]:
    home = {"home_site": CENTRE}
    return [
        # Full-time doctors on the PDSA roster; two of them also hold the permanences.
        {
            "id": "med1",
            "name": "Médecin 1",
            "role": "doctor",
            "fte": 1.0,
            "sites": [CENTRE, "catus"],
            **home,
            "oncall": True,
            "preferences": {"dates_off": ["2025-03-21"]},
        },
        {
            "id": "med2",
            "name": "Médecin 2",
            "role": "doctor",
            "fte": 1.0,
            "sites": [CENTRE],
            **home,
            "oncall": True,
        },
        {
            "id": "med3",
            "name": "Médecin 3",
            "role": "doctor",
            "fte": 1.0,
            "sites": [CENTRE, "saint-gery-vers"],
            **home,
            "oncall": True,
            "preferences": {"days_off": ["wed"]},
        },
        # Not on the roster (first year of practice); a day of continuing education.
        {
            "id": "med4",
            "name": "Médecin 4",
            "role": "doctor",
            "fte": 1.0,
            "sites": [CENTRE],
            **home,
            "unavailable": [{"from": "2025-03-13", "to": "2025-03-13", "reason": "training"}],
        },
        # Part-time (0.6, 3 days a week at most), not on the roster; a day of continuing
        # education and a week of leave.
        {
            "id": "med5",
            "name": "Médecin 5",
            "role": "doctor",
            "fte": 0.6,
            "sites": [CENTRE],
            **home,
            "unavailable": [
                {"from": "2025-03-06", "to": "2025-03-06", "reason": "training"},
                {"from": "2025-03-24", "to": "2025-03-30", "reason": "leave"},
            ],
            "rules": {"max_days_per_week": 3},
        },
        {
            "id": "ipa1",
            "name": "IPA 1",
            "role": "ipa",
            "fte": 1.0,
            "sites": [CENTRE],
            **home,
            "unavailable": [{"from": "2025-03-19", "to": "2025-03-19", "reason": "training"}],
        },
        {
            "id": "sf1",
            "name": "Sage-femme 1",
            "role": "midwife",
            "fte": 0.5,
            "sites": [CENTRE],
            **home,
            "unavailable": [{"from": "2025-03-14", "to": "2025-03-14", "reason": "leave"}],
            "rules": {"max_days_per_week": 3},
            "preferences": {"days_off": ["mon"]},
        },
        {
            "id": "sec1",
            "name": "Secrétaire 1",
            "role": "secretary",
            "fte": 1.0,
            "sites": [CENTRE],
            **home,
            "unavailable": [{"from": "2025-03-03", "to": "2025-03-07", "reason": "leave"}],
        },
        {
            "id": "sec2",
            "name": "Secrétaire 2",
            "role": "secretary",
            "fte": 1.0,
            "sites": [CENTRE],
            **home,
        },
        {
            "id": "sec3",
            "name": "Secrétaire 3",
            "role": "secretary",
            "fte": 0.8,
            "sites": [CENTRE],
            **home,
            "unavailable": [{"from": "2025-03-31", "to": "2025-03-31", "reason": "leave"}],
            "preferences": {"days_off": ["wed"]},
        },
    ]


DESCRIPTION = (
    "Planned «Ma santé, Ma Région» health centre of Cahors (Lot, INSEE 46042; the Grand Cahors "
    "joined the GIP in 2024, centre planned from 2025 with permanences at Catus and "
    "Saint-Géry-Vers), March 2025. Communes: the CA du Grand Cahors and every other commune "
    "under 20 min of a site (haversine x 1.3 at 60 km/h), INSEE populations and IGN centroids, "
    "with their real APL to general practitioners (DREES, APL 2023). ILLUSTRATIVE: the "
    "staffing (5 doctors, one at 0.6; 1 IPA; 1 midwife at 0.5; 3 secretaries), opening "
    "half-days of the permanences (Catus 2, Saint-Géry-Vers 3 a week; secretariat remote), the "
    "women's-health need (the GP APL as a proxy: no midwife APL in consultations exists), the "
    "on-call sector (in the PDSA periods of R6315-1: Monday nights from 20:00, Saturdays from "
    "noon, Sundays and holidays 08:00-20:00; home stand-by not counted as work; 3 full-time "
    "doctors on its roster), leave, preferences and names. "
    "Rules at French-law defaults. Generated by instances/build_grand_cahors.py."
)


def build(communes_csv: Path | None, seed: int) -> dict[str, Any]:
    rows = read_communes(communes_csv)
    places = sites(rows)
    return {
        "schema_version": "1.0",
        "name": NAME,
        "description": DESCRIPTION,
        "horizon": horizon(dt.date(2025, 3, 1), 31),
        "shifts": shifts(),
        "sites": places,
        "communes": communes(rows, places, seed),
        "staff": staff(),
        "sectors": [
            {
                "id": SECTOR_ID,
                "name": "Secteur de permanence des soins de Cahors (illustrative)",
                "sites": [CENTRE],
                "slots": ["oncall_eve", "oncall_sat", "oncall_sun"],
            }
        ],
        "need_model": need_model("instances/build_grand_cahors.py", seed, APL_VINTAGE),
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
    missing = [
        c.insee
        for c in instance.communes
        if not any(facts.reach[s.id].get(c.insee, 0) for s in instance.sites)
    ]
    if missing:
        raise BuildError(f"communes out of the engine's reach: {missing}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--communes",
        type=Path,
        default=None,
        help="communes CSV with the bundled table's columns (default: the bundled table)",
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
    parser.add_argument("--no-validate", action="store_true", help="do not validate the result")
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
