#!/usr/bin/env python3
"""Scaling table of issue 3: generated instances of growing head count, solved as a user would.

For each size an instance is generated on the real geography (`maillage.models.generator.generate`:
that many staff, the default sites, 31 days from 2026-01-01, the given seed), written to a
file and solved in its own process (`maillage solve FILE --time-limit T --workers W --seed K
-q -o OUT`, so the figures are those a user gets: import, model building and the split into
independent parts included), its peak memory read from the child's rusage; then `maillage
check FILE OUT` judges the rota. The rows are written to JSON after every size, so a long
run can be followed or cut short.

    python benchmarks/scaling.py --sizes 25 50 100 200 400 --time-limit 60 --seed 0 \\
        --markdown /tmp/scaling.md --json /tmp/scaling.json --plot benchmarks/scaling.svg
    python benchmarks/scaling.py --sizes 8 12 --time-limit 5 --instances-dir /tmp/inst
    python benchmarks/scaling.py --plot-only /tmp/scaling.json --plot benchmarks/scaling.svg

--plot needs matplotlib (`pip install -e '.[bench]'`). A run (not --plot-only) also writes its
results file (benchmarks/results_file.py: --results DIR, --no-results).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

import results_file

DEFAULT_SIZES = [25, 50, 100, 200, 400]
DEFAULT_START = dt.date(2026, 1, 1)
CHECK_OK, CHECK_FAILED = 0, 1  # exit codes of `maillage check`
GRACE = 120  # seconds past twice the time limit before a solve is stopped


def maillage(*args: str) -> list[str]:
    """The command line of `maillage ARGS` run with this interpreter."""
    return [sys.executable, "-m", "maillage.cli.main", *args]


def machine(args: argparse.Namespace) -> dict[str, Any]:
    """What the figures were measured on and with, for the table's header."""
    return {
        "node": platform.node(),
        "cores": os.cpu_count(),
        "processor": results_file.cpu_model(),
        "python": platform.python_version(),
        "ortools": metadata.version("ortools"),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "time_limit": args.time_limit,
        "workers": args.workers,
        "seed": args.seed,
        "days": args.days,
        "start": args.start.isoformat(),
        "command": " ".join(["python", *sys.argv]),
    }


def peak_mib(max_rss: int) -> float:
    """ru_maxrss in MiB: KiB on Linux, bytes on macOS."""
    return max_rss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def generated(size: int, args: argparse.Namespace, directory: Path) -> tuple[Path, dict[str, Any]]:
    """Generate the instance of a size, write it under `directory`; its file and figures."""
    from maillage.models.generator.generate import GenerateParams, generate, to_json
    from maillage.solver.parts.split import split

    started = time.monotonic()
    instance = generate(
        GenerateParams(staff=size, days=args.days, start=args.start, seed=args.seed)
    )
    seconds = time.monotonic() - started
    path = directory / f"{instance.name}.json"
    path.write_text(to_json(instance), encoding="utf-8")
    centres = sum(site.kind == "centre" for site in instance.sites)
    figures = {
        "instance": instance.name,
        "staff": len(instance.staff),
        "sites": len(instance.sites),
        "centres": centres,
        "permanences": len(instance.sites) - centres,
        "communes": len(instance.communes),
        "parts": len(split(instance)),
        "generate_seconds": round(seconds, 2),
    }
    return path, figures


def solved(path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Solve an instance file in a child process; the solution's figures and the child's."""
    out = path.with_name(path.stem + "-solution.json")
    out.unlink(missing_ok=True)
    command = maillage(
        "solve", str(path), "--time-limit", str(args.time_limit), "--workers",
        str(args.workers), "--seed", str(args.seed), "-q", "-o", str(out),
    )  # fmt: skip
    with tempfile.TemporaryFile("w+") as stderr:  # a file, not a pipe: wait4 cannot block on it
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        # a safety net for an unattended run: a child far past its time limit is stopped
        guard = threading.Timer(2 * args.time_limit + GRACE, child.kill)
        guard.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            guard.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped: keep Popen from waiting
        wall = time.monotonic() - started
        stderr.seek(0)
        errors = stderr.read().strip()
    row: dict[str, Any] = {
        "wall_seconds": round(wall, 1),
        "peak_mib": round(peak_mib(usage.ru_maxrss)),
        "solve_exit": child.returncode,
    }
    if not out.exists():
        if guard.finished.is_set() and child.returncode < 0:
            errors = f"stopped: still running {2 * args.time_limit + GRACE:g} s after its start"
        return row | {"status": "error", "error": errors[-300:] or f"exit {child.returncode}"}
    solution = json.loads(out.read_text(encoding="utf-8"))
    stats = solution.get("stats") or {}
    gap = solution.get("gap")
    row |= {
        "status": solution["status"],
        "objective": (solution.get("objective") or {}).get("total"),
        "bound": solution.get("bound"),
        "gap_percent": None if gap is None else round(100 * gap, 3),
        "variables": stats.get("variables"),
        "constraints": stats.get("constraints"),
        "first_feasible_seconds": stats.get("first_feasible_seconds"),
        "best_seconds": stats.get("best_seconds"),
        "solve_seconds": stats.get("seconds"),
        "assignments": len(solution.get("assignments", [])),
        "solution": str(out),
    }
    if errors:
        row["error"] = errors[-300:]
    return row


def checked(path: Path, solution: Path) -> dict[str, Any]:
    """`maillage check` of a rota: ok, FAILED (exit 1) or error, and its summary line."""
    started = time.monotonic()
    done = subprocess.run(
        maillage("check", str(path), str(solution)), capture_output=True, text=True
    )
    verdict = {CHECK_OK: "ok", CHECK_FAILED: "FAILED"}.get(done.returncode, "error")
    lines = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return {
        "check": verdict,
        "check_exit": done.returncode,
        "check_seconds": round(time.monotonic() - started, 1),
        "check_summary": lines[-1][:300] if lines else "",
    }


def run_one(size: int, args: argparse.Namespace, directory: Path) -> dict[str, Any]:
    from maillage.models.generator.generate import GenerateError

    try:
        path, row = generated(size, args, directory)
    except GenerateError as error:  # e.g. a head count the default sites cannot take
        return {"staff": size, "status": "error", "check": "-", "error": str(error)}
    row |= solved(path, args)
    row |= checked(path, Path(row["solution"])) if "solution" in row else {"check": "-"}
    if args.instances_dir is None:
        row.pop("solution", None)  # a temporary file, gone with the run
    return row


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def markdown(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    head = (
        f"Machine: {meta['node']}, {meta['processor']}, {meta['cores']} cores; Python "
        f"{meta['python']}, OR-Tools {meta['ortools']}; {meta['date']}. Time limit "
        f"{meta['time_limit']:g} s per size (model building included; wall s also counts the "
        "start of the process), "
        f"{meta['workers']} workers, seed {meta['seed']}; {meta['days']} days from "
        f"{meta['start']}.\n\n"
        "| staff | sites (centres+perm.) | communes | parts | variables | constraints "
        "| first feasible s | status | objective | bound | gap % | wall s | peak MiB | check |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n"
    )

    def sites(row: dict[str, Any]) -> str:
        if row.get("sites") is None:
            return "-"
        return f"{row['sites']} ({row['centres']}+{row['permanences']})"

    lines = [
        f"| {row['staff']} | {sites(row)} | {count(row.get('communes'))} "
        f"| {count(row.get('parts'))} | {count(row.get('variables'))} "
        f"| {count(row.get('constraints'))} | {fmt(row.get('first_feasible_seconds'), 2)} "
        f"| {row['status']} | {fmt(row.get('objective'), 3)} | {fmt(row.get('bound'), 3)} "
        f"| {fmt(row.get('gap_percent'), 2)} | {fmt(row.get('wall_seconds'))} "
        f"| {count(row.get('peak_mib'))} | {row['check']} |"
        for row in rows
    ]
    return head + "\n".join(lines) + "\n"


def progress(row: dict[str, Any]) -> str:
    """One line on stderr per size."""
    if "error" in row and row.get("objective") is None:
        return f"{row['staff']} staff: {row['status']}: {row['error']}"
    return (
        f"{row['staff']} staff: {row['status']}, objective {fmt(row.get('objective'), 3)}, "
        f"gap {fmt(row.get('gap_percent'), 2)} %, first feasible "
        f"{fmt(row.get('first_feasible_seconds'), 2)} s; {row['wall_seconds']} s wall, "
        f"{row['peak_mib']} MiB; check {row['check']}"
    )


def fail(message: str) -> NoReturn:
    """Exit 2 (bad input, as argparse) with a message."""
    print(f"scaling.py: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend; exit 2 with a clear message if it is missing."""
    try:
        import matplotlib
    except ImportError:
        fail(
            "--plot needs matplotlib, which is not installed: "
            "pip install -e '.[bench]' (or pip install 'matplotlib>=3.8')"
        )
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "maillage-scaling"  # the same rows, the same bytes
    import matplotlib.pyplot as plt

    return plt


def plot(rows: list[dict[str, Any]], meta: dict[str, Any], path: Path) -> None:
    """Time to first feasible and final gap (left), peak memory (right), against staff."""
    plt = pyplot()
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    def series(key: str) -> tuple[list[int], list[float]]:
        kept = [(row["staff"], row[key]) for row in rows if row.get(key) is not None]
        return [x for x, _ in kept], [y for _, y in kept]

    figure, (times, memory) = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
    gaps = times.twinx()
    times.plot(*series("first_feasible_seconds"), "o-", color="C0", label="first feasible (s)")
    times.axhline(meta["time_limit"], color="C0", linestyle=":", linewidth=1)
    times.set_ylabel("time to first feasible (s)", color="C0")
    times.set_ylim(bottom=0, top=1.05 * meta["time_limit"])
    gaps.plot(*series("gap_percent"), "s--", color="C3", label="final gap (%)")
    gaps.set_ylabel(f"gap at {meta['time_limit']:g} s (%)", color="C3")
    gaps.set_ylim(bottom=0, top=max([1.0, *series("gap_percent")[1]]) * 1.15)
    handles = times.get_lines()[:1] + gaps.get_lines()
    times.legend(handles, [h.get_label() for h in handles], loc="upper left", fontsize=8)
    memory.plot(*series("peak_mib"), "o-", color="C2")
    memory.set_ylabel("peak memory (MiB)")
    memory.set_ylim(bottom=0, top=max([1.0, *series("peak_mib")[1]]) * 1.15)
    sizes = sorted({row["staff"] for row in rows})
    for axis in (times, memory):
        axis.set_xscale("log")
        axis.set_xticks(sizes)
        axis.xaxis.set_major_formatter(ScalarFormatter())
        axis.xaxis.set_minor_formatter(NullFormatter())
        axis.set_xlabel("staff")
        axis.grid(True, which="major", alpha=0.3)
    figure.suptitle(
        f"maillage scaling: {meta['time_limit']:g} s limit, {meta['workers']} workers, "
        f"seed {meta['seed']}; {meta['cores']} cores, OR-Tools {meta['ortools']}",
        fontsize=10,
    )
    figure.savefig(path, format="svg", metadata={"Date": None})
    plt.close(figure)


def load_rows(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The rows and header of a saved run (--json)."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        return list(saved["rows"]), dict(saved["meta"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        fail(f"{path} is not a --json file of this script: {error}")


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )

    def positive(text: str) -> float:
        value = float(text)
        if not (value > 0 and math.isfinite(value)):
            raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text}")
        return value

    def at_least(low: int) -> Any:
        def check(text: str) -> int:
            value = int(text)
            if value < low:
                raise argparse.ArgumentTypeError(f"must be at least {low}, got {text}")
            return value

        check.__name__ = "integer"
        return check

    def date(text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    parser.add_argument(
        "--sizes", type=at_least(2), nargs="+", help=f"head counts (default {DEFAULT_SIZES})"
    )
    parser.add_argument("--time-limit", type=positive, default=60.0, help="seconds per size")
    parser.add_argument("--workers", type=at_least(1), default=2, help="CP-SAT search threads")
    parser.add_argument("--seed", type=at_least(0), default=0, help="generator and solver seed")
    parser.add_argument("--days", type=at_least(1), default=31, help="horizon (default 31)")
    parser.add_argument(
        "--start", type=date, default=DEFAULT_START, help="first day (default 2026-01-01)"
    )
    parser.add_argument("--markdown", type=Path, help="write the table here")
    parser.add_argument("--json", type=Path, help="write the rows here, after every size")
    parser.add_argument("--plot", type=Path, metavar="FILE.svg", help="draw the figure here")
    parser.add_argument(
        "--plot-only", type=Path, metavar="JSON", help="re-draw --plot from a saved --json run"
    )
    parser.add_argument(
        "--instances-dir", type=Path, help="keep the generated instances (and rotas) here"
    )
    results_file.add_options(parser)
    args = parser.parse_args(argv)
    if args.plot_only is not None:
        if args.plot is None:
            parser.error("--plot-only needs --plot FILE.svg")
        if args.sizes or args.json or args.instances_dir:
            parser.error("--plot-only draws from saved rows: no --sizes, --json, --instances-dir")
        if not args.plot_only.is_file():
            parser.error(f"--plot-only: no such file {args.plot_only}")
    args.sizes = args.sizes or DEFAULT_SIZES
    if args.workers > 64:
        parser.error("argument --workers: at most 64 (as `maillage solve`)")
    for option in ("markdown", "json", "plot"):
        target = getattr(args, option)
        if target is not None and not target.resolve().parent.is_dir():
            parser.error(f"argument --{option}: no directory {target.parent}")
    if args.plot is not None and args.plot.suffix.lower() != ".svg":
        parser.error("argument --plot: the figure is an SVG file (FILE.svg)")
    return args


def redraw(args: argparse.Namespace) -> None:
    """--plot-only: the figure (and with --markdown the table) of a saved run."""
    rows, meta = load_rows(args.plot_only)
    plot(rows, meta, args.plot)
    if args.markdown:
        args.markdown.write_text(markdown(rows, meta))
    print(f"wrote {args.plot} from {len(rows)} rows of {args.plot_only}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    if args.plot is not None:
        pyplot()  # before hours of solving, not after
    if args.plot_only is not None:
        redraw(args)
        return
    meta = machine(args)
    options = {key: meta[key] for key in ("workers", "seed", "days", "start")}
    record = results_file.Recorder(args, "scaling", args.time_limit, options)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="maillage-scaling-") as tmp:
        directory = args.instances_dir or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            row = run_one(size, args, directory)
            rows.append(row)
            record.add({key: value for key, value in row.items() if key != "solution"})
            print(progress(row), file=sys.stderr, flush=True)
            # after every size, so a long run can be followed or cut short
            if args.json:
                args.json.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
            if args.markdown:
                args.markdown.write_text(markdown(rows, meta))
    record.finish()
    if args.plot:
        plot(rows, meta, args.plot)
    print(markdown(rows, meta))


if __name__ == "__main__":
    main()
