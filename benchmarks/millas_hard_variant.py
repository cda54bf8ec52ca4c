"""The harder Millas variant (docs/decisions/2026-11-23-fairness-with-leave.md):
on-call slots count as work and a rostered doctor is on leave 10-14 March.

    python benchmarks/millas_hard_variant.py [--seeds 2] [--time-limit 60]

The rows also go to a results file (benchmarks/results_file.py: --results DIR, --no-results).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import results_file

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
    results_file.add_options(parser)
    args = parser.parse_args()
    instance = variant()
    record = results_file.Recorder(
        args, "millas_hard_variant", args.time_limit, {"seeds": args.seeds, "workers": 2}
    )
    for seed in range(args.seeds):
        sol = solve(instance, SolveParams(time_limit=args.time_limit, workers=2, seed=seed))
        assert sol.stats is not None and sol.objective is not None
        ok = check(instance, sol).ok
        record.add(
            {
                "seed": seed,
                "status": sol.status.value,
                "proven": sol.status.value == "optimal",
                "seconds": round(sol.stats.seconds, 2),
                "first_feasible_seconds": sol.stats.first_feasible_seconds,
                "objective": sol.objective.total,
                "gap_percent": None if sol.gap is None else round(100 * sol.gap, 3),
                "check": "ok" if ok else "FAILED",
            }
        )
        print(
            f"seed {seed}: {sol.status.value} in {sol.stats.seconds:.1f} s, first rota after "
            f"{sol.stats.first_feasible_seconds or 0:.2f} s, objective {sol.objective.total:.3f}, "
            f"gap {100 * (sol.gap or 0):.2f}%, check {'ok' if ok else 'bad'}"
        )
    record.finish()


if __name__ == "__main__":
    main()
