"""Work patterns benchmark (issue 32): the rotas people would accept, and what they cost.

    python benchmarks/work_patterns.py [--time-limit 60] [--workers 2] [--price]
                                       [--solutions DIR] [--label NAME] [INSTANCE ...]

For each instance (default: every shipped month), solve it (or read `DIR/<name>.json` with
--solutions, e.g. rotas made by an earlier commit) and print per person the days worked,
half-days alone, Saturdays, weeks of six days or more and the most days in one calendar
week, then per instance the need served (consultations a week within reach, summed over
communes) and the targets of the issue: no full-timer above 5 days in a week, at most 2
Saturdays a month, at most one half-day alone a week. With --price the instance is solved
a second time without the work-pattern rules (whole days, Saturdays, preferred pattern, and
full-timers allowed the law's six days a week), and the difference in need served is the
price of humane rotas. The rows also go to a results file (--results DIR, --no-results).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import results_file

from maillage.models import load_instance
from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver import SolveParams, check, solve
from maillage.solver.check.rota import RotaView
from maillage.solver.check.summary import sessions_by_day, staff_summary

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [
    ROOT / "instances" / f"{name}.json"
    for name in (
        "millas-2025-03",
        "grand-cahors-2025-03",
        "grand-cahors-2025-04",
        "gip-network-2023-03",
        "occitanie-200-2026-01",
    )
]
PATTERN_RULES = ["whole_days", "max_saturdays", "saturday_fairness", "preferred_pattern"]


def without_patterns(instance: Instance) -> Instance:
    """The instance as rotas were made before work patterns: six days a week allowed."""
    rules = instance.rules.model_copy(
        update={
            "disabled": sorted({*instance.rules.disabled, *PATTERN_RULES}),
            "max_days_per_week": 6,
        }
    )
    # part-timers keep their ceil(5 x fte) days, as before
    staff = [
        p
        if p.fte >= 1 or p.rules.max_days_per_week is not None
        else p.model_copy(
            update={
                "rules": p.rules.model_copy(
                    update={"max_days_per_week": math.ceil(5 * p.fte - 1e-9)}
                )
            }
        )
        for p in instance.staff
    ]
    return instance.model_copy(update={"rules": rules, "staff": staff})


def person_rows(instance: Instance, solution: Solution) -> list[dict[str, Any]]:
    """The staff summary's pattern figures (recomputed, so that rotas of versions without
    them count alike), with the worst week and month of each."""
    facts = Facts(instance)
    rota = RotaView(instance, solution.assignments, facts)
    rows = []
    for person, summary in zip(instance.staff, staff_summary(rota), strict=True):
        worked = rota.worked_days(person.id)
        held = sessions_by_day(rota, person.id)
        alone = {d for d, n in held.items() if n < facts.usual_sessions(person, d)}
        week_days = [len(worked & set(days)) for days in facts.weeks]
        week_alone = [len(alone & set(days)) for days in facts.weeks]
        months = Counter(facts.dates[d].month for d in worked if facts.weekday(d) == "sat")
        rows.append(
            {
                "staff": person.id,
                "fte": person.fte,
                "days_worked": summary.days_worked,
                "half_days_alone": summary.half_days_alone,
                "saturdays": summary.saturdays,
                "most_saturdays_in_a_month": max(months.values(), default=0),
                "six_day_weeks": summary.six_day_weeks,
                "most_days_in_a_week": max(week_days, default=0),
                "most_half_days_alone_in_a_week": max(week_alone, default=0),
            }
        )
    return rows


def figures(instance: Instance, solution: Solution) -> dict[str, Any]:
    people = person_rows(instance, solution)
    weeks = instance.horizon.days / 7
    full = [r for r in people if r["fte"] >= 1]
    return {
        "instance": instance.name,
        "status": solution.status.value,
        "objective": solution.objective.total if solution.objective else None,
        "need_served_per_week": round(sum(c.served for c in solution.coverage), 3),
        "coverage_term": (solution.objective.terms.get("coverage") if solution.objective else None),
        "weeks": round(weeks, 3),
        "full_timers_above_5_days": sum(1 for r in full if r["most_days_in_a_week"] > 5),
        "most_saturdays_in_a_month": max(
            (r["most_saturdays_in_a_month"] for r in people), default=0
        ),
        "people_over_one_half_day_alone_a_week": sum(
            1 for r in people if r["most_half_days_alone_in_a_week"] > 1
        ),
        "half_days_alone": sum(r["half_days_alone"] for r in people),
        "six_day_weeks": sum(r["six_day_weeks"] for r in people),
        "people": people,
    }


def print_people(found: dict[str, Any]) -> None:
    print(f"\n{found['instance']}: {found['status']}, need served {found['need_served_per_week']}")
    print(
        "| person | fte | days worked | half-days alone | Saturdays | weeks of 6 days | "
        "most days in a week |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in sorted(found["people"], key=lambda r: (-r["days_worked"], r["staff"])):
        print(
            f"| {r['staff']} | {r['fte']:g} | {r['days_worked']} | {r['half_days_alone']} | "
            f"{r['saturdays']} | {r['six_day_weeks']} | {r['most_days_in_a_week']} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("instances", nargs="*", type=Path, default=SHIPPED)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--price", action="store_true", help="also solve without the patterns")
    parser.add_argument("--solutions", type=Path, help="read DIR/<name>.json, do not solve")
    parser.add_argument("--label", default="", help="a name for the run (e.g. before)")
    results_file.add_options(parser)
    args = parser.parse_args()
    options = {
        "instances": [str(p) for p in args.instances],
        "workers": args.workers,
        "seed": args.seed,
        "price": args.price,
        "solutions": str(args.solutions) if args.solutions else None,
        "label": args.label,
    }
    record = results_file.Recorder(args, "work_patterns", args.time_limit, options)
    params = SolveParams(
        time_limit=args.time_limit, workers=args.workers, seed=args.seed, progress=False
    )
    summary = []
    for path in args.instances:
        instance = load_instance(path)
        if args.solutions:
            solution = Solution.model_validate(
                json.loads((args.solutions / f"{instance.name}.json").read_text())
            )
        else:
            solution = solve(instance, params)
        found = figures(instance, solution)
        found["check"] = "ok" if check(instance, solution).ok else "FAILED"
        if args.price:
            free = without_patterns(instance)
            loose = solve(free, params)
            found["need_served_without_patterns"] = round(sum(c.served for c in loose.coverage), 3)
            found["price_per_week"] = round(
                found["need_served_without_patterns"] - found["need_served_per_week"], 3
            )
        print_people(found)
        summary.append(found)
        # per person apart, so the README's table of the run stays one row an instance
        record.data.setdefault("people", {})[instance.name] = found["people"]
        record.add({k: v for k, v in found.items() if k != "people"})
    print(
        "\n| instance | status | need served / week | price / week | full-timers > 5 days "
        "| most Saturdays a month | people > 1 half-day alone a week | half-days alone | "
        "6-day weeks | check |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for f in summary:
        price = f.get("price_per_week", "-")
        print(
            f"| {f['instance']} | {f['status']} | {f['need_served_per_week']} | {price} | "
            f"{f['full_timers_above_5_days']} | {f['most_saturdays_in_a_month']} | "
            f"{f['people_over_one_half_day_alone_a_week']} | {f['half_days_alone']} | "
            f"{f['six_day_weeks']} | {f['check']} |"
        )
    record.finish()
    print(f"\n{dt.date.today()}")


if __name__ == "__main__":
    main()
