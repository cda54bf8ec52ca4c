"""Re-plan benchmark (issue 31): a week of sick leave of one doctor, re-planned.

    python benchmarks/replan.py [--solve-time-limit 60] [--workers 2] [INSTANCE ...]

For each instance (default Grand Cahors and the GIP network), solve it (the published rota,
`--solve-time-limit` seconds), then re-plan it from the 10th of the month with a week of
leave (the 10th to the 16th) for the doctor who works most that week, within the target's
time (10 s for Grand Cahors, 30 s for the GIP network; `--time-limit` for others). Prints
the re-plan's wall time, status, when its rota was found, its changes (people, and (person,
date, shift) entries with how many of them are the sick doctor's own published assignments,
which the leave removes) and whether `check` accepts it against the re-planned instance;
the targets are at most 10 s and 30 s on two cores. The rows also go to a results file
(benchmarks/results_file.py: --results DIR, --no-results).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import Counter
from pathlib import Path

import results_file

from maillage.models import load_instance
from maillage.models.instance import Instance, Role
from maillage.models.solution import Solution
from maillage.solver import SolveParams, check, solve
from maillage.solver.apps.replan import replan_instance, solve_replanned
from maillage.solver.apps.whatif import Leave

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    ROOT / "instances" / "grand-cahors-2025-03.json": 10.0,
    ROOT / "instances" / "gip-network-2023-03.json": 30.0,
}


def sick_doctor(instance: Instance, rota: Solution, first: dt.date, last: dt.date) -> str:
    """The doctor with the most assignments in the week of leave (ties: the first id)."""
    doctors = {p.id for p in instance.staff if p.role == Role.doctor}
    held = Counter(
        a.staff for a in rota.assignments if a.staff in doctors and first <= a.date <= last
    )
    return min(doctors, key=lambda pid: (-held[pid], pid))


def changed_entries(a: Solution, b: Solution, since: dt.date) -> int:
    """(person, date, shift) whose place differs, from `since` on."""

    def keyed(s: Solution) -> set[tuple[str, dt.date, str, str]]:
        return {(x.staff, x.date, x.shift, x.site) for x in s.assignments if x.date >= since}

    return len({k[:3] for k in keyed(a) ^ keyed(b)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("instances", nargs="*", type=Path, default=list(TARGETS))
    parser.add_argument("--solve-time-limit", type=float, default=60.0)
    parser.add_argument("--time-limit", type=float, default=30.0, help="for other instances")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    results_file.add_options(parser)
    args = parser.parse_args()
    options = {
        "instances": [str(p) for p in args.instances],
        "solve_time_limit": args.solve_time_limit,
        "workers": args.workers,
        "seed": args.seed,
    }
    record = results_file.Recorder(args, "replan", args.solve_time_limit, options)
    print(
        "| instance | doctor | published (s) | re-plan limit (s) | re-plan (s) | status | "
        "rota found (s) | gap | people changed | changes | of which the leave's | check |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in args.instances:
        instance = load_instance(path)
        limit = TARGETS.get(path.resolve(), args.time_limit)
        params = SolveParams(workers=args.workers, seed=args.seed, progress=False)
        started = time.monotonic()
        published = solve(instance, params.model_copy(update={"time_limit": args.solve_time_limit}))
        published_seconds = time.monotonic() - started
        start = instance.horizon.start
        first = start.replace(day=10)
        last = first + dt.timedelta(days=6)
        doctor = sick_doctor(instance, published, first, last)
        leave = Leave(staff=doctor, start=first, end=last)
        started = time.monotonic()
        replanned = replan_instance(instance, published, first, [leave])
        new = solve_replanned(
            instance, replanned, published, params.model_copy(update={"time_limit": limit})
        )
        seconds = time.monotonic() - started
        ok = "ok" if check(replanned, new).ok else "FAILED"
        found = new.stats.best_seconds if new.stats else None
        changes = changed_entries(published, new, first)
        forced = len(
            {
                (a.date, a.shift)
                for a in published.assignments
                if a.staff == doctor and first <= a.date <= last
            }
        )
        people = len(new.changes or [])
        gap = "-" if new.gap is None else f"{100 * new.gap:.2f}%"
        print(
            f"| {instance.name} | {doctor} | {published_seconds:.1f} | {limit:g} | "
            f"{seconds:.1f} | {new.status.value} | {found} | {gap} | {people} | {changes} | "
            f"{forced} | {ok} |"
        )
        record.add(
            {
                "instance": instance.name,
                "doctor": doctor,
                "leave": [first.isoformat(), last.isoformat()],
                "published_status": published.status.value,
                "published_seconds": round(published_seconds, 2),
                "replan_time_limit": limit,
                "replan_seconds": round(seconds, 2),
                "status": new.status.value,
                "best_seconds": found,
                "gap_percent": None if new.gap is None else round(100 * new.gap, 3),
                "people_changed": people,
                "changes": changes,
                "changes_on_leave": forced,
                "within_target": seconds <= limit,
                "check": ok,
            }
        )
    record.finish({})


if __name__ == "__main__":
    main()
