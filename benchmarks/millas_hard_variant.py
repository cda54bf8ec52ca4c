"""The harder Millas variant of benchmarks/README.md ("Known limit: fairness with leave"):
on-call slots count as work and a rostered doctor is on leave 10-14 March.

    python benchmarks/millas_hard_variant.py [--seeds 2] [--time-limit 60]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from maillage.models.instance import Instance
from maillage.solver import SolveParams, check, solve

MILLAS = Path(__file__).resolve().parents[1] / "instances" / "millas-2025-03.json"


def variant() -> Instance:
    data: dict[str, Any] = json.loads(MILLAS.read_text(encoding="utf-8"))
    for shift in data["shifts"]:
        if shift["kind"] == "oncall":
            shift["counts_as_work"] = True
    data.setdefault("rules", {})["max_daily_hours"] = 12  # the 12 h Sunday slot
    for person in data["staff"]:
        if person["id"] == "med2":
            person["unavailable"] = [{"from": "2025-03-10", "to": "2025-03-14", "reason": "leave"}]
    data["name"] = "millas-2025-03-hard"
    return Instance.model_validate(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60)
    args = parser.parse_args()
    instance = variant()
    for seed in range(args.seeds):
        sol = solve(instance, SolveParams(time_limit=args.time_limit, workers=2, seed=seed))
        assert sol.stats is not None and sol.objective is not None
        print(
            f"seed {seed}: {sol.status.value} in {sol.stats.seconds:.1f} s, first rota after "
            f"{sol.stats.first_feasible_seconds or 0:.2f} s, objective {sol.objective.total:.3f}, "
            f"gap {100 * (sol.gap or 0):.2f}%, check {'ok' if check(instance, sol).ok else 'bad'}"
        )


if __name__ == "__main__":
    main()
