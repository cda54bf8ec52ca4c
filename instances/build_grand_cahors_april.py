#!/usr/bin/env python3
"""Build `grand-cahors-2025-04.json`: the Cahors centre of `grand-cahors-2025-03.json` in
April 2025, the month that follows it in the planner's worked example (docs/planning.md).

The same sites, communes (with March's APL, DREES 2023), staff, rules and weights as March;
only the calendar changes: the horizon is April (Easter Monday, 21 April, is a public holiday
of the calendar; April 2025 has no bridge day of R6315-1), the leave,
training days and dated preferences of March are dropped, and one week of April leave is
set for IPA 1 (7 to 11 April). It has no history: `maillage carry` writes March's into it.

    python instances/build_grand_cahors_april.py            # writes grand-cahors-2025-04.json
    python instances/build_grand_cahors_april.py --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from maillage.models.generator.pdsa import bridge_days

HERE = Path(__file__).resolve().parent
MARCH = HERE / "grand-cahors-2025-03.json"
DEFAULT_OUTPUT = HERE / "grand-cahors-2025-04.json"
NAME = "grand-cahors-2025-04"
APRIL_LEAVE = {"ipa1": [{"from": "2025-04-07", "to": "2025-04-11", "reason": "leave"}]}


def build(march: dict[str, Any]) -> dict[str, Any]:
    april = json.loads(json.dumps(march))  # a deep copy
    april["name"] = NAME
    april["description"] = (
        "April 2025 of grand-cahors-2025-03 (built from it by "
        "instances/build_grand_cahors_april.py): the same centre, staff and rules; March's "
        "leave, training days and dated preferences dropped, a week of leave for IPA 1. "
        "Real and illustrative as March is (real: the communes and their DREES APL 2023)."
    )
    start, days = dt.date(2025, 4, 1), 30
    april["horizon"] = {**march["horizon"], "start": start.isoformat(), "days": days}
    april["horizon"].pop("bridge_days", None)
    bridges = bridge_days(start, days)
    if bridges:
        april["horizon"]["bridge_days"] = [day.isoformat() for day in bridges]
    for person in april["staff"]:
        person["unavailable"] = APRIL_LEAVE.get(person["id"], [])
        preferences = person.get("preferences")
        if preferences and "dates_off" in preferences:
            preferences["dates_off"] = []
    return april


def validate(data: dict[str, Any]) -> None:
    from maillage.models.instance import Instance
    from maillage.models.validate import cross_check

    instance = Instance.model_validate(data)
    issues = cross_check(instance)
    if issues:
        raise SystemExit("\n".join(f"{i.path}: {i.message}" for i in issues))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file is out of date"
    )
    args = parser.parse_args(argv)
    data = build(json.loads(MARCH.read_text(encoding="utf-8")))
    validate(data)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
