#!/usr/bin/env python3
"""Run INRC-II competition instances through `maillage inrc2` and write a table.

Each instance (dataset, initial history, week sequence, as the competition's published runs
name them: `n030w4_1_6-2-9-1`) is rostered week by week in its own process, a time limit a
week, optionally with the static problem for a lower bound. Every roster is validated three
ways: the engine's checker and the evaluator written from the specification must agree on
the cost (the command exits 1 otherwise), no hard constraint may be broken, and the
competition's simulator (benchmarks/inrc2/Simulator.jar, Java) must compute the same
histories from the solution files as the engine did.

    python benchmarks/inrc2.py                                   # the 20 four-week instances
    python benchmarks/inrc2.py n030w4_1_6-2-9-1 --time-limit 10 --static 30
    python benchmarks/inrc2.py --weeks 8 --markdown table.md --json runs.json
"""

from __future__ import annotations

import argparse
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "inrc2" / "data"
JAR = HERE / "inrc2" / "Simulator.jar"
# The competition instances, as wssuite/NurseScheduler's benchmark/w4.yml and w8.yml list them.
W4 = [
    "n030w4_1_6-2-9-1",
    "n030w4_1_6-7-5-3",
    "n035w4_0_1-7-1-8",
    "n035w4_2_8-8-7-5",
    "n040w4_0_2-0-6-1",
    "n040w4_2_6-1-0-6",
    "n050w4_0_0-4-8-7",
    "n050w4_0_7-2-7-2",
    "n060w4_1_6-1-1-5",
    "n060w4_1_9-6-3-8",
    "n070w4_0_3-6-5-1",
    "n070w4_0_4-9-6-7",
    "n080w4_2_4-3-3-3",
    "n080w4_2_6-0-4-8",
    "n100w4_0_1-1-0-8",
    "n100w4_2_0-6-4-6",
    "n110w4_0_1-4-2-8",
    "n110w4_0_1-9-3-5",
    "n120w4_1_4-6-2-6",
    "n120w4_1_5-6-9-8",
]
W8 = [
    "n030w8_1_2-7-0-9-3-6-0-6",
    "n030w8_1_6-7-5-3-5-6-2-9",
    "n035w8_0_6-2-9-8-7-7-9-8",
    "n035w8_1_0-8-1-6-1-7-2-0",
    "n040w8_0_0-6-8-9-2-6-6-4",
    "n040w8_2_5-0-4-8-7-1-7-2",
    "n050w8_1_1-7-8-5-7-4-1-8",
    "n050w8_1_9-7-5-3-8-8-3-1",
    "n060w8_0_6-2-9-9-0-8-1-3",
    "n060w8_2_1-0-3-4-0-3-9-1",
    "n070w8_0_3-3-9-2-3-7-5-2",
    "n070w8_0_9-3-0-7-2-1-1-0",
    "n080w8_1_4-4-9-9-3-6-0-5",
    "n080w8_2_0-4-0-9-1-9-6-2",
    "n100w8_0_0-1-7-8-9-1-5-4",
    "n100w8_1_2-4-7-9-3-9-2-8",
    "n110w8_0_2-1-1-7-2-6-4-7",
    "n110w8_0_3-2-4-9-4-1-3-7",
    "n120w8_0_0-9-9-4-5-1-0-3",
    "n120w8_1_7-2-6-4-5-2-0-2",
]


def files(name: str) -> tuple[Path, Path, list[Path]]:
    dataset, history, weeks = name.split("_")
    d = DATA / dataset
    return (
        d / f"Sc-{dataset}.txt",
        d / f"H0-{dataset}-{history}.txt",
        [d / f"WD-{dataset}-{w}.txt" for w in weeks.split("-")],
    )


def run(name: str, time_limit: float, static: float) -> dict[str, Any]:
    from maillage.solver.apps.inrc2 import format as fmt
    from maillage.solver.apps.inrc2.simulator import SimulatorError, simulate

    scenario, history, weeks = files(name)
    row: dict[str, Any] = {"instance": name, "time_limit_per_week": time_limit}
    with tempfile.TemporaryDirectory(prefix="inrc2-") as tmp:
        out = Path(tmp) / "out"
        command = [sys.executable, "-m", "maillage.cli.main", "inrc2", str(scenario), str(history)]
        command += [*map(str, weeks), "-o", str(out), "--time-limit", str(time_limit), "-q"]
        if static > 0:
            command += ["--static", str(static)]
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        row["wall_s"] = round(time.perf_counter() - began, 1)
        row["exit"] = done.returncode
        if not (out / "result.json").exists():
            row["error"] = done.stderr.strip()[-500:]
            return row
        result = json.loads((out / "result.json").read_text())
        row |= {k: result[k] for k in ("cost", "engine_cost", "categories", "hard", "stages")}
        row["static"] = result.get("static")
        sc = fmt.load_scenario(scenario)
        texts = [(out / f"sol-week{k}.txt").read_text() for k in range(len(weeks))]
        ours = [(out / f"history-week{k}.txt").read_text() for k in range(len(weeks))]
        try:
            theirs = simulate(JAR, scenario, history, weeks, texts).histories
            row["simulator_histories_agree"] = all(
                fmt.parse_history(a, sc).nurses == fmt.parse_history(b, sc).nurses
                for a, b in zip(ours, theirs, strict=True)
            )
        except SimulatorError as error:
            row["simulator_histories_agree"] = None
            row["simulator_error"] = str(error)[:300]
    return row


def markdown(rows: list[dict[str, Any]], time_limit: float, commit: str, date: str) -> str:
    lines = [
        f"### INRC-II week by week at {time_limit:g} s a week",
        "",
        "| instance | ours | engine = evaluator | hard | simulator histories | static cost "
        "| static bound | gap to static bound % | published best | gap % | wall s | commit "
        "| date |",
        "|---|---:|---|---:|---|---:|---:|---:|---|---:|---:|---|---|",
    ]
    for r in rows:
        cost = r.get("cost")
        static = r.get("static") or {}
        bound = static.get("bound")
        gap = (
            f"{100 * (cost - bound) / cost:.2f}"
            if cost is not None and bound is not None and cost
            else "-"
        )
        agree = {True: "yes", False: "NO", None: "-"}[r.get("simulator_histories_agree")]
        same = "-" if cost is None else ("yes" if cost == r.get("engine_cost") else "NO")
        lines.append(
            f"| {r['instance']} | {cost if cost is not None else '-'} | {same} "
            f"| {len(r.get('hard', [])) if cost is not None else '-'} | {agree} "
            f"| {static.get('cost') if static.get('cost') is not None else '-'} "
            f"| {bound if bound is not None else '-'} | {gap} | not found here | - "
            f"| {r['wall_s']} | {commit} | {date} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="*", help="e.g. n030w4_1_6-2-9-1 (default: --weeks)")
    parser.add_argument("--weeks", type=int, choices=(4, 8), default=4)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds a week")
    parser.add_argument("--static", type=float, default=0.0, help="static problem seconds")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--table", type=Path, help="only print the table of a --json file")
    args = parser.parse_args()
    if args.table:
        rows = json.loads(args.table.read_text())
        limit, commit, date = rows[0]["time_limit_per_week"], rows[0]["commit"], rows[0]["date"]
        print(markdown(rows, limit, commit, date))
        return
    names = args.instances or (W4 if args.weeks == 4 else W8)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    date = dt.date.today().isoformat()
    rows = []
    for name in names:
        row = run(name, args.time_limit, args.static) | {"commit": commit, "date": date}
        rows.append(row)
        print(json.dumps({k: row.get(k) for k in ("instance", "cost", "exit", "wall_s")}))
        sys.stdout.flush()
    table = markdown(rows, args.time_limit, commit, date)
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared)"
    table += f"\nMachine: {machine}.\n"
    print(table)
    if args.markdown:
        args.markdown.write_text(table)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    if any(r.get("exit") != 0 or r.get("simulator_histories_agree") is False for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
