#!/usr/bin/env python3
"""Build the two network instances with the package's generator
(maillage.models.generator.generate).

    python instances/build_network.py            # writes both files beside this script
    python instances/build_network.py --check    # exit 1 if a committed file is out of date
    python instances/build_network.py gip-network-2023-03   # one of them

- `gip-network-2023-03.json`: every open centre and permanence of models/data/sites.csv,
  March 2023, with the 2023 press kit's head count (27 doctors, 13 medical secretaries) and
  its figures for Millas (4 doctors, one part-time; 2 secretaries) and Mazamet (2 doctors),
  plus 3 IPAs and 2 midwives (illustrative: the press kit names the roles, not their number).
- `occitanie-200-2026-01.json`: the service's target of 200 professionals, January 2026:
  today's open sites, the planned ones (Cahors and its permanences), and new centres placed
  by the generator in the most under-served areas (by the DREES APL 2023).

Both take the communes' real APL to general practitioners (DREES, APL 2023) and the on-call
slots in the PDSA periods of R6315-1, with the month's bridge days declared.

Deterministic: the same package version gives the same bytes. Each instance is validated
(contract, cross-references, every commune within the engine's reach of a site).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from maillage.models.facts import Facts
from maillage.models.generator.communes import load_sites
from maillage.models.generator.generate import (
    CentreStaff,
    GenerateError,
    GenerateParams,
    RoleCounts,
    generate,
    role_summary,
    to_json,
)
from maillage.models.instance import Instance
from maillage.models.validate import cross_check

HERE = Path(__file__).resolve().parent
SEED = 2025  # the seed of the Millas and Grand Cahors instances (staff, leave; APL estimates)

PRESS_KIT = (
    "The «Ma santé, Ma Région» network as open in March 2023: every open centre and permanence "
    "of models/data/sites.csv. FROM THE 2023 PRESS KIT (Région Occitanie): the head count of "
    "27 salaried doctors and 13 medical secretaries recruited by the end of 2022 (spread here "
    "over every open site, some of which opened in early 2023); Millas with 4 doctors (3 "
    "full-time, 1 part-time) and 2 medical secretaries; Mazamet with two salaried doctors. "
    "ILLUSTRATIVE: the 3 IPAs and 2 midwives (the press kit names both roles, not their "
    "number), the other centres' teams (doctors by the need within reach, a secretary each "
    "while they last; a centre with no secretary, or more than 3 clinicians per secretary, has "
    "the shared secretariat answering remotely), the part-time rate at Millas."
)

TARGET = (
    "The service's stated target of 200 professionals (2023 press kit: 200 doctors, nurses "
    "and midwives recruited by the end of the mandate), January 2026: today's open centres and "
    "permanences, the planned Cahors centre with its permanences at Catus and "
    "Saint-Géry-Vers, and new centres placed by the generator. The 200 are split 60 % "
    "doctors, 25 % secretaries, 15 % IPAs and midwives (illustrative)."
)


def presets() -> dict[str, GenerateParams]:
    open_sites = [s.site for s in load_sites() if s.status == "open"]
    return {
        "gip-network-2023-03": GenerateParams(
            staff=45,
            start=dt.date(2023, 3, 1),
            days=31,
            seed=SEED,
            name="gip-network-2023-03",
            roles=RoleCounts(doctor=27, secretary=13, ipa=3, midwife=2),
            real_sites=open_sites,
            centre_staff={
                "millas": CentreStaff(doctor=4, secretary=2, ipa=0, midwife=0, part_time_doctors=1),
                "mazamet": CentreStaff(doctor=2),
            },
            note=PRESS_KIT,
        ),
        "occitanie-200-2026-01": GenerateParams(
            staff=200,
            start=dt.date(2026, 1, 1),
            days=31,
            seed=SEED,
            name="occitanie-200-2026-01",
            note=TARGET,
        ),
    }


def check_reach(instance: Instance) -> list[str]:
    """Communes of the instance out of the engine's reach of every site (should be none)."""
    reach = Facts(instance).reach
    return [
        c.insee
        for c in instance.communes
        if not any(c.insee in reach[s.id] for s in instance.sites)
    ]


def summary(instance: Instance) -> str:
    centres = sum(s.kind == "centre" for s in instance.sites)
    return (
        f"{instance.name}: {role_summary(instance.staff)}, {len(instance.sites)} sites "
        f"({centres} centres), {len(instance.communes)} communes, {len(instance.sectors)} "
        f"on-call sectors, {instance.horizon.days} days"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="presets to build (default: all)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a committed file differs from a fresh build",
    )
    args = parser.parse_args(argv)
    chosen = presets()
    unknown = [n for n in args.names if n not in chosen]
    if unknown:
        parser.error(f"unknown preset(s) {', '.join(unknown)}; one of {', '.join(chosen)}")
    stale = 0
    for name, params in chosen.items():
        if args.names and name not in args.names:
            continue
        try:
            instance = generate(params)
        except GenerateError as error:
            print(f"{parser.prog}: error: {name}: {error}", file=sys.stderr)
            return 2
        problems = [str(i) for i in cross_check(instance)] + [
            f"commune {insee} out of reach" for insee in check_reach(instance)
        ]
        if problems:
            print(f"{parser.prog}: error: {name}: " + "; ".join(problems), file=sys.stderr)
            return 2
        text = to_json(instance)
        path = HERE / f"{name}.json"
        print(summary(instance), file=sys.stderr)
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != text:
                print(f"{path} is out of date: run {Path(__file__).name}", file=sys.stderr)
                stale += 1
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
