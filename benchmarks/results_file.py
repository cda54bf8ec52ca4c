"""Machine-readable results of the benchmark scripts: one JSON file per run.

Every script that records figures writes `benchmarks/results/DATE-COMMIT-BENCHMARK-LIMITs.json`
so that the tables of benchmarks/README.md are generated (benchmarks/history.py) from what was
run, not copied by hand. The file is rewritten after every row, so a run cut short still
leaves the rows it finished, with `"complete": false`.

A file holds: format, benchmark, time_limit, date, started, commit (short hash, `-dirty`
when tracked files have uncommitted changes: the figures then belong to no commit exactly),
machine, command, options, complete, rows, and for some scripts a summary of the run as a
whole. Files transcribed from the README's older tables
add `"transcribed": true` and `source` (where the figures were read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "benchmarks" / "results"
FORMAT = 1


def add_options(parser: argparse.ArgumentParser) -> None:
    """--results DIR and --no-results, the same on every script."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--results",
        type=Path,
        default=DEFAULT_DIR,
        metavar="DIR",
        help="write this run's results file here (default benchmarks/results)",
    )
    group.add_argument(
        "--no-results", action="store_true", help="write no results file (trial runs)"
    )


def commit() -> str:
    """The short hash of HEAD, with `-dirty` when tracked files differ from it."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        changed = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}-dirty" if changed else head


def _git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=30
    )
    return done.stdout.strip()


def cpu_model() -> str:
    """The processor's name (/proc/cpuinfo on Linux, where platform.processor() is vague)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    """What the figures were measured on: a minute on a slower machine buys less."""
    try:
        ortools = metadata.version("ortools")
    except metadata.PackageNotFoundError:
        ortools = None
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "node": platform.node(),
        "python": platform.python_version(),
        "ortools": ortools,
    }


def command_line() -> str:
    """The command as typed, with the script's path relative to the repository."""
    script = Path(sys.argv[0]).resolve()
    try:
        shown = str(script.relative_to(ROOT))
    except ValueError:
        shown = sys.argv[0]
    return " ".join(["python", shown, *sys.argv[1:]])


class Recorder:
    """One run's results file, written after every row."""

    def __init__(
        self,
        args: argparse.Namespace,
        benchmark: str,
        time_limit: float,
        options: dict[str, Any],
    ) -> None:
        started = dt.datetime.now()
        self.path: Path | None = None
        self.data: dict[str, Any] = {
            "format": FORMAT,
            "benchmark": benchmark,
            "time_limit": time_limit,
            "date": started.date().isoformat(),
            "started": started.isoformat(timespec="seconds"),
            "commit": commit(),
            "machine": machine(),
            "command": command_line(),
            "options": options,
            "complete": False,
            "rows": [],
        }
        if not args.no_results:
            self.path = self._free_path(Path(args.results))

    def _free_path(self, directory: Path) -> Path:
        """DATE-COMMIT-BENCHMARK-LIMITs.json, numbered when that run was already recorded."""
        stem = (
            f"{self.data['date']}-{self.data['commit']}-{self.data['benchmark']}"
            f"-{self.data['time_limit']:g}s"
        )
        path = directory / f"{stem}.json"
        number = 2
        while path.exists():
            path = directory / f"{stem}-{number}.json"
            number += 1
        return path

    def add(self, row: dict[str, Any]) -> None:
        self.data["rows"].append(row)
        self.write()

    def finish(self, summary: dict[str, Any] | None = None) -> None:
        """Mark the run complete; `summary` holds the figures of the run as a whole."""
        if summary:
            self.data["summary"] = summary
        self.data["complete"] = True
        self.write()
        if self.path is not None:
            print(f"results: {self.path}", file=sys.stderr)

    def write(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.data, indent=2, ensure_ascii=False) + "\n"
        partial = self.path.with_suffix(".json.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.path)  # a reader never sees half a file
