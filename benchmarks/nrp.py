#!/usr/bin/env python3
"""Run the Curtois-Qu nurse-rostering benchmark through `maillage nrp` and write a table.

Each instance is solved in its own process (`maillage nrp`, so the figures are those a user
gets, import and model building included), its peak memory read from the child's rusage.
The penalty in the table is the one recomputed by the engine's checker.

    python benchmarks/nrp.py                          # all 24, CP-SAT, 60 s each
    python benchmarks/nrp.py 1-7 9-11 --time-limit 60 --backend mip
    python benchmarks/nrp.py 1-24 --time-limit 600 --markdown table.md --json runs.json

Each run also writes its results file (benchmarks/results_file.py) to benchmarks/results/
unless --results DIR or --no-results says otherwise; benchmarks/history.py turns those files
into the tables of benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import results_file

HERE = Path(__file__).resolve().parent
DATA = HERE / "nrp" / "data"
BEST = HERE / "nrp" / "best_known.csv"
# Gurobi, 10-minute runs, as compiled in ORProjects/NRP (instances 1-19; benchmarks/nrp/SOURCE.md)
GUROBI_10MIN = {
    1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 8995, 9: 439, 10: 4631,
    11: 3443, 12: 4045, 13: 500410, 14: 1482, 15: 78144, 16: 3521, 17: 6149, 18: 7950,
    19: 29968,
}  # fmt: skip


def numbers(specs: list[str]) -> list[int]:
    out: list[int] = []
    for spec in specs or ["1-24"]:
        for part in spec.split(","):
            first, _, last = part.partition("-")
            out += range(int(first), int(last or first) + 1)
    if any(not 1 <= n <= 24 for n in out):
        raise SystemExit("instances are numbered 1 to 24")
    return out


def best_known() -> dict[int, dict[str, int]]:
    with BEST.open() as handle:
        return {
            int(row["instance"]): {"lb": int(row["lower_bound"]), "best": int(row["best_known"])}
            for row in csv.DictReader(handle)
        }


def run_one(number: int, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "roster.json"
        command = [
            sys.executable, "-m", "maillage.cli.main", "nrp", str(DATA / f"Instance{number}.txt"),
            "--time-limit", str(args.time_limit), "--workers", str(args.workers),
            "--seed", str(args.seed), "--backend", args.backend,
            "--neighbourhood", args.neighbourhood, "--colgen", args.colgen,
            "--branching", args.branching, "-o", str(out),
        ]  # fmt: skip
        log = (args.logs or Path(tmp)) / f"Instance{number}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with log.open("w") as progress:  # a file, not a pipe: a long log cannot block the child
            child = subprocess.Popen(command, stderr=progress, text=True)
            status, usage, stopped = _wait(child, number)
        wall = time.monotonic() - started
        stderr = log.read_text()
        row: dict[str, Any] = {
            "instance": number,
            "wall_seconds": round(wall, 1),
            "peak_mib": round(usage.ru_maxrss / 1024),
            "exit": os.waitstatus_to_exitcode(status),
        }
        if stopped:
            row["interrupted"] = True
        if out.exists():
            result = json.loads(out.read_text())
            result.pop("assignments", None)
            result.pop("instance", None)
            row |= result
        else:
            row |= {"status": "error", "penalty": None, "error": stderr.strip()[-300:]}
        return row


def _wait(child: subprocess.Popen[str], number: int) -> tuple[int, Any, bool]:
    """Wait for the run; the exit status, resource usage, and whether Ctrl-C came meanwhile.
    Ctrl-C reaches the child too (one process group): it stops and writes its best roster,
    which is kept as this instance's row, marked interrupted, and the runs stop there. A
    second Ctrl-C kills the child."""
    try:
        _, status, usage = os.wait4(child.pid, 0)
        return status, usage, False
    except KeyboardInterrupt:
        print(
            f"Ctrl-C: waiting for Instance{number} to hand over its roster, then stopping "
            "(Ctrl-C again to kill it)",
            file=sys.stderr,
            flush=True,
        )
    try:
        _, status, usage = os.wait4(child.pid, 0)
    except KeyboardInterrupt:
        child.kill()
        _, status, usage = os.wait4(child.pid, 0)
    return status, usage, True


def recorded(row: dict[str, Any], best: int) -> dict[str, Any]:
    """The row as the results file keeps it: the run's figures and their reading against
    the best-known value of the day (best_known.csv may improve later)."""
    g = gap(row.get("penalty"), best)
    out = {
        "instance": row["instance"],
        "best_known": best,
        "penalty": row.get("penalty"),
        "gap_percent": None if g is None else round(g, 2),
        "bound": row.get("bound"),
        "status": row["status"],
        "proven": row["status"] == "optimal",
        "first_feasible_seconds": row.get("first_feasible_seconds"),
        "best_seconds": row.get("best_seconds"),
        "seconds": row.get("seconds"),
        "wall_seconds": row["wall_seconds"],
        "peak_mib": row["peak_mib"],
        "exit": row["exit"],
        "interrupted": bool(row.get("interrupted")),
        "violations": len(row.get("violations") or []),
    }
    if row.get("error"):
        out["error"] = row["error"]
    return out


def gap(penalty: int | None, best: int) -> float | None:
    return None if penalty is None else 100.0 * (penalty - best) / best


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _status(row: dict[str, Any]) -> str:
    return f"{row['status']} (interrupted)" if row.get("interrupted") else str(row["status"])


def markdown(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    bk = best_known()
    head = (
        f"Backend {args.backend}, neighbourhood search {args.neighbourhood}, "
        f"column generation {args.colgen}, branching {args.branching}, "
        f"{args.time_limit:g} s per instance (import and build included), "
        f"{args.workers} workers, seed {args.seed}; {platform.node()} "
        f"({os.cpu_count()} cores), {dt.date.today()}.\n\n"
        "| inst | best known | ours | gap % | proven bound | first feasible s | best found s "
        "| wall s | peak MiB | status | Gurobi 10 min |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n"
    )
    lines = []
    gaps = []
    for row in rows:
        n, best = row["instance"], bk[row["instance"]]["best"]
        g = gap(row.get("penalty"), best)
        if g is not None:
            gaps.append(g)
        lines.append(
            f"| {n} | {best} | {row.get('penalty') if row.get('penalty') is not None else '-'} "
            f"| {fmt(g, 2)} | {row.get('bound') if row.get('bound') is not None else '-'} "
            f"| {fmt(row.get('first_feasible_seconds'))} | {fmt(row.get('best_seconds'))} "
            f"| {row['wall_seconds']:.1f} | {row['peak_mib']} | {_status(row)} "
            f"| {GUROBI_10MIN.get(n, '-')} |"
        )
    found = sum(1 for row in rows if row.get("penalty") is not None)
    tail = (
        f"\n{found}/{len(rows)} with a feasible roster; mean gap to best known over those: "
        f"{fmt(sum(gaps) / len(gaps) if gaps else None, 2)} %; at best known: "
        f"{sum(1 for g in gaps if g == 0)}.\n"
    )
    return head + "\n".join(lines) + "\n" + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instances", nargs="*", help="numbers or ranges, e.g. 1-7 9 (default all)")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", choices=["cpsat", "mip"], default="cpsat")
    parser.add_argument("--neighbourhood", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--colgen", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--branching", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--logs", type=Path, help="keep each run's progress log in this folder")
    parser.add_argument("--markdown", type=Path, help="write the table here")
    parser.add_argument("--json", type=Path, help="write every run's figures here")
    results_file.add_options(parser)
    args = parser.parse_args()
    options = {
        key: getattr(args, key)
        for key in ("workers", "seed", "backend", "neighbourhood", "colgen", "branching")
    }
    record = results_file.Recorder(args, "nrp", args.time_limit, options)
    bk = best_known()
    rows = []
    for number in numbers(args.instances):
        row = run_one(number, args)
        rows.append(row)
        record.add(recorded(row, bk[number]["best"]))
        print(
            f"Instance{number}: {row['status']} penalty {row.get('penalty')} "
            f"bound {row.get('bound')} in {row['wall_seconds']} s, {row['peak_mib']} MiB",
            file=sys.stderr,
            flush=True,
        )
        if args.json:  # after every instance, so a long run can be followed or cut short
            args.json.write_text(json.dumps(rows, indent=2) + "\n")
        if row.get("interrupted"):
            break
    if not (rows and rows[-1].get("interrupted")):
        record.finish()
    table = markdown(rows, args)
    if args.markdown:
        args.markdown.write_text(table)
    print(table)
    if rows and rows[-1].get("interrupted"):
        sys.exit(130)  # the table of the runs done so far is written: cut short, not failed


if __name__ == "__main__":
    main()
