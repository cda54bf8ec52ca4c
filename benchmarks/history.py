#!/usr/bin/env python3
"""Render benchmarks/README.md's figures from the results files the benchmark scripts write.

    python benchmarks/history.py              # rewrite the generated section of the README
    python benchmarks/history.py --check      # exit 1 when the README is not up to date
    python benchmarks/history.py --print      # print the section, write nothing

Two views, between the README's `<!-- history:start -->` and `<!-- history:end -->`:
- the current table of each benchmark: for the NRP, the latest row of every instance at each
  time limit (rows of several runs, each with its commit), for the others the latest run;
- the history of the NRP: one row per benchmarked commit, with the mean gap to the best-known
  values, how many reach them and how many are proven optimal, at 60 s and at 600 s.
Runs made with other options than the defaults (another backend, a stage off) are kept apart
from the default ones, so a trial never stands in for the engine's figures.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

HERE = Path(__file__).resolve().parent
START, END = "<!-- history:start -->", "<!-- history:end -->"
HISTORY_LIMITS = (60.0, 600.0)
# Options of benchmarks/nrp.py whose default is the engine as a user gets it; the seed is
# not one of them (another seed is the same engine).
NRP_DEFAULTS: dict[str, Any] = {
    "workers": 2,
    "backend": "cpsat",
    "neighbourhood": "auto",
    "colgen": "auto",
    "branching": "auto",
}


@dataclass
class Run:
    """One results file."""

    path: Path
    data: dict[str, Any]
    order: tuple[Any, ...] = ()

    @property
    def benchmark(self) -> str:
        return str(self.data["benchmark"])

    @property
    def limit(self) -> float:
        return float(self.data["time_limit"])

    @property
    def commit(self) -> str:
        return str(self.data.get("commit") or "unknown")

    @property
    def date(self) -> str:
        return str(self.data.get("date") or "")

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self.data.get("rows") or [])

    @property
    def variant(self) -> str:
        """The options that differ from the engine's defaults, '' when none do."""
        if self.benchmark != "nrp":
            return ""
        options = self.data.get("options") or {}
        return ", ".join(
            f"{key} {options[key]}"
            for key, default in NRP_DEFAULTS.items()
            if key in options and options[key] != default
        )


@dataclass
class Tally:
    """The NRP figures of a set of rows at one time limit."""

    run: int = 0
    roster: int = 0
    gaps: list[float] = field(default_factory=list)
    best: int = 0
    proven: int = 0

    @classmethod
    def of(cls, rows: Iterable[dict[str, Any]]) -> Tally:
        tally = cls()
        for row in rows:
            tally.run += 1
            g = gap(row)
            if g is not None:
                tally.roster += 1
                tally.gaps.append(g)
                tally.best += at_best_known(row)
            tally.proven += proven(row)
        return tally

    def mean(self) -> str:
        if not self.gaps:
            return "-"
        return f"{sum(self.gaps) / len(self.gaps):.2f} ({self.roster}/{self.run})"


def gap(row: dict[str, Any]) -> float | None:
    """The gap to the best-known value in per cent; None without a roster."""
    if row.get("penalty") is None:
        return None
    if row.get("gap_percent") is not None:
        return float(row["gap_percent"])
    best = row.get("best_known")
    return None if not best else 100.0 * (row["penalty"] - best) / best


def at_best_known(row: dict[str, Any]) -> bool:
    g = gap(row)
    return g is not None and g <= 0


def proven(row: dict[str, Any]) -> bool:
    return bool(row.get("proven")) or row.get("status") == "optimal"


def fail(message: str) -> NoReturn:
    """Exit 2 (bad input, as argparse) with a message."""
    print(f"history.py: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def git_positions() -> dict[str, int]:
    """Short hash -> position in HEAD's history (0 the oldest); empty outside a clone."""
    try:
        done = subprocess.run(
            ["git", "log", "--format=%H"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    hashes = done.stdout.split()[::-1]
    return {full: index for index, full in enumerate(hashes)}


def position(commit: str, positions: dict[str, int]) -> float:
    """Where a commit stands in history; a dirty tree just after its commit, an unknown one
    after everything (it can only be newer than the history this clone has)."""
    head, dirty = commit.removesuffix("-dirty"), commit.endswith("-dirty")
    head = head.rpartition("..")[2]  # a run over a range of commits: its last
    for full, index in positions.items():
        if len(head) >= 7 and full.startswith(head):
            return index + (0.5 if dirty else 0.0)
    return float("inf")


def load(directory: Path) -> list[Run]:
    """Every results file, oldest first (by date, then history, then start and number)."""
    positions = git_positions()
    runs = []
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            fail(f"{path} is not a results file: {error}")
        if not isinstance(data, dict) or not {"benchmark", "time_limit", "rows"} <= set(data):
            fail(f"{path} is not a results file (no benchmark, time_limit or rows)")
        number = re.search(r"-(\d+)$", path.stem)  # a second run of the day: -2, -3...
        order = (
            str(data.get("date") or ""),
            position(str(data.get("commit") or ""), positions),
            str(data.get("started") or ""),
            int(number.group(1)) if number else 1,
            path.name,
        )
        runs.append(Run(path, data, order))
    return sorted(runs, key=lambda run: run.order)


def cell(value: Any, digits: int | None = None) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if digits is not None and isinstance(value, int | float):
        return f"{value:.{digits}f}"
    return str(value)


def limit_label(limit: float) -> str:
    return f"{limit:g} s"


def machine(run: Run) -> str:
    info = run.data.get("machine") or {}
    parts = [str(info[key]) for key in ("cpu",) if info.get(key)]
    if info.get("cores"):
        parts.append(f"{info['cores']} cores")
    return ", ".join(parts) or "-"


def latest_rows(runs: list[Run]) -> list[tuple[dict[str, Any], Run]]:
    """The latest row of every instance over runs given oldest first."""
    latest: dict[Any, tuple[dict[str, Any], Run]] = {}
    for run in runs:
        for row in run.rows:
            latest[row["instance"]] = (row, run)
    return [latest[key] for key in sorted(latest)]


def nrp_current(runs: list[Run], limit: float, variant: str) -> list[str]:
    title = f"### NRP at {limit_label(limit)}" + (f" ({variant})" if variant else "")
    rows = latest_rows(runs)
    out = [
        title,
        "",
        "| inst | best known | ours | gap % | proven bound | first feasible s | best found s "
        "| wall s | peak MiB | status | commit | date |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for row, run in rows:
        status = str(row.get("status") or "-") + (
            " (interrupted)" if row.get("interrupted") else ""
        )
        out.append(
            f"| {row['instance']} | {cell(row.get('best_known'))} | {cell(row.get('penalty'))} "
            f"| {cell(gap(row), 2)} | {cell(row.get('bound'))} "
            f"| {cell(row.get('first_feasible_seconds'), 1)} | {cell(row.get('best_seconds'), 1)} "
            f"| {cell(row.get('wall_seconds'), 1)} | {cell(row.get('peak_mib'))} | {status} "
            f"| {run.commit} | {run.date} |"
        )
    tally = Tally.of(row for row, _ in rows)
    at_best = [str(row["instance"]) for row, _ in rows if at_best_known(row)]
    optimal = [str(row["instance"]) for row, _ in rows if proven(row)]
    mean = f"{sum(tally.gaps) / len(tally.gaps):.2f} %" if tally.gaps else "-"
    used = sorted({run.commit for _, run in rows}, key=lambda c: [r.commit for r in runs].index(c))
    out += [
        "",
        f"{tally.roster}/{tally.run} with a roster; mean gap {mean} over those; at best known: "
        f"{tally.best} ({', '.join(at_best) or 'none'}); proven optimal: {tally.proven} "
        f"({', '.join(optimal) or 'none'}). Rows from {', '.join(used)}; machines: "
        f"{'; '.join(sorted({machine(run) for _, run in rows}))}.",
        "",
    ]
    return out


def other_current(run: Run) -> list[str]:
    """The latest run of a benchmark other than the NRP, its rows as they were recorded."""
    keys: list[str] = []
    for row in run.rows:
        keys += [key for key in row if key not in keys]
    out = [
        f"### {run.benchmark} at {limit_label(run.limit)}",
        "",
        f"`{run.data.get('command', '-')}` at {run.commit}, {run.date}; {machine(run)}.",
        "",
        "| " + " | ".join(keys) + " |",
        "|" + "---|" * len(keys),
    ]
    for row in run.rows:
        out.append("| " + " | ".join(cell(row.get(key)) for key in keys) + " |")
    summary = run.data.get("summary")
    if summary:
        out += ["", "; ".join(f"{key} {cell(value)}" for key, value in summary.items()) + "."]
    return [*out, ""]


def history(runs: list[Run]) -> list[str]:
    """One row per benchmarked commit: the NRP runs with the default options at 60 and 600 s."""
    commits: dict[str, list[Run]] = {}
    for run in runs:
        if run.benchmark == "nrp" and not run.variant and run.limit in HISTORY_LIMITS:
            commits.setdefault(run.commit, []).append(run)
    out = [
        "| date | commit | 60 s: mean gap % (roster/run) | 60 s: at best known / proven "
        "| 600 s: mean gap % (roster/run) | 600 s: at best known / proven | notes |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for commit, group in commits.items():  # oldest first: runs are
        cells = [min(run.date for run in group), commit]
        for limit in HISTORY_LIMITS:
            rows = [row for row, _ in latest_rows([r for r in group if r.limit == limit])]
            tally = Tally.of(rows)
            cells += [tally.mean(), f"{tally.best} / {tally.proven}" if rows else "-"]
        notes = [str(run.data["note"]) for run in group if run.data.get("note")]
        if any(run.data.get("transcribed") for run in group):
            notes.insert(0, "transcribed")
        cells.append("; ".join(notes) or "-")
        out.append("| " + " | ".join(cells) + " |")
    return out


def render(runs: list[Run]) -> str:
    groups: dict[tuple[str, str, float], list[Run]] = {}
    for run in runs:
        groups.setdefault((run.benchmark, run.variant, run.limit), []).append(run)
    out = [
        START,
        "<!-- generated by benchmarks/history.py from benchmarks/results/: do not edit -->",
        "",
        "## Current figures",
        "",
    ]
    nrp = sorted((key for key in groups if key[0] == "nrp"), key=lambda k: (k[1] != "", k[1], k[2]))
    for key in nrp:
        out += nrp_current(groups[key], key[2], key[1])
    for key in sorted(key for key in groups if key[0] != "nrp"):
        out += other_current(groups[key][-1])
    out += [
        "## History",
        "",
        "The NRP with the default options, one row per benchmarked commit (oldest first). The "
        "mean gap is over the instances with a roster, of those run at that commit: a row of "
        "a partial run is not comparable with one of all 24.",
        "",
        *history(runs),
        "",
        END,
    ]
    return "\n".join(out) + "\n"


def replaced(readme: str, section: str) -> str:
    marked = readme.count(START) == 1 and readme.count(END) == 1
    if not marked or readme.index(START) > readme.index(END):
        fail(f"the README needs one {START} ... {END} section")
    before, _, rest = readme.partition(START)
    _, _, after = rest.partition(END)
    return before + section.rstrip("\n") + after


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=HERE / "results", metavar="DIR")
    parser.add_argument("--readme", type=Path, default=HERE / "README.md")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if the README is stale")
    mode.add_argument("--print", action="store_true", help="print the section only")
    args = parser.parse_args(argv)
    if not args.results.is_dir():
        parser.error(f"--results: no directory {args.results}")
    section = render(load(args.results))
    if args.print:
        print(section, end="")
        return
    readme = args.readme.read_text(encoding="utf-8")
    updated = replaced(readme, section)
    if args.check:
        if updated != readme:
            print(f"{args.readme} is not up to date: run benchmarks/history.py", file=sys.stderr)
            raise SystemExit(1)
        return
    if updated != readme:
        args.readme.write_text(updated, encoding="utf-8")
    print(f"wrote {args.readme}", file=sys.stderr)


if __name__ == "__main__":
    main()
