"""What-if benchmark (tracker issue 5): where to base one more full-time doctor in Grand Cahors.

    python benchmarks/whatif_cahors.py [--time-limit 30] [--jobs 2] [INSTANCE]

Runs `maillage whatif INSTANCE --recruit doctor:1.0 --candidates all --jobs 2` (the baseline,
then one warm-started solve per candidate home site) and prints the ranked table and the
total wall time; the target is the complete ranking in at most 2 minutes on 2 cores.
Falls back to the Millas instance when Grand Cahors is absent. The figure also goes to a
results file (benchmarks/results_file.py: --results DIR, --no-results).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import results_file

ROOT = Path(__file__).resolve().parents[1]
CAHORS = ROOT / "instances" / "grand-cahors-2025-03.json"
MILLAS = ROOT / "instances" / "millas-2025-03.json"
TARGET_SECONDS = 120.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("instance", nargs="?", default=None)
    parser.add_argument("--time-limit", type=float, default=30.0, help="Seconds per solve.")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    results_file.add_options(parser)
    args = parser.parse_args()
    instance = Path(args.instance) if args.instance else (CAHORS if CAHORS.exists() else MILLAS)
    if args.instance is None and instance == MILLAS:
        print(f"note: {CAHORS.name} is absent; running on {MILLAS.name}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "whatif.json"
        command = [
            sys.executable, "-m", "maillage.cli.main", "whatif", str(instance),
            "--recruit", "doctor:1.0", "--candidates", "all",
            "--jobs", str(args.jobs), "--time-limit", str(args.time_limit),
            "--seed", str(args.seed), "-o", str(out),
        ]  # fmt: skip
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, check=False)
        seconds = time.monotonic() - started
    verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
    options = {"instance": instance.name, "jobs": args.jobs, "seed": args.seed}
    record = results_file.Recorder(args, f"whatif-{instance.stem}", args.time_limit, options)
    record.add(
        {
            "instance": instance.stem,
            "wall_seconds": round(seconds, 1),
            "target_seconds": TARGET_SECONDS,
            "within_target": seconds <= TARGET_SECONDS,
            "exit": done.returncode,
        }
    )
    record.finish()
    print(
        f"\n{instance.name}: {seconds:.1f} s wall for the complete ranking "
        f"(jobs {args.jobs}, {args.time_limit:g} s per solve, {os.cpu_count()} CPUs); "
        f"{verdict} the {TARGET_SECONDS:.0f} s target; exit {done.returncode}"
    )
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
