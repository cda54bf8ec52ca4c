"""benchmarks/cpsat_subsolvers.py run as its users run it, on NRP 1 (proven in well under 5 s)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from paths import ROOT

SCRIPT = ROOT / "benchmarks" / "cpsat_subsolvers.py"


@pytest.mark.slow
def test_one_row_per_subsolver_and_seed_with_the_penalty_reached() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "1", "--full", "max_lp", "pseudo_costs", "--seeds", "0",
         "1", "--time-limit", "10"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [line.split("|")[1:-1] for line in done.stdout.splitlines()[2:]]
    assert [(r[1].strip(), r[2].strip()) for r in rows] == [
        ("max_lp", "0"),
        ("max_lp", "1"),
        ("pseudo_costs", "0"),
        ("pseudo_costs", "1"),
    ]
    # NRP 1's optimum is 607: every run reaches it, proves it, and says when it got there.
    for row in rows:
        penalty, bound, reached = (cell.strip() for cell in row[3:])
        assert (penalty, bound) == ("607", "607")
        assert float(reached) < 10


def test_an_unknown_subsolver_is_named_in_the_error_not_reported_as_a_result() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "1", "--full", "no_such_worker", "--time-limit", "2"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--full no_such_worker" in done.stderr
    assert "Traceback" not in done.stderr
    assert "607" not in done.stdout


def test_an_instance_outside_the_benchmark_is_refused_before_any_solve() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "25", "--time-limit", "2"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    assert "invalid choice: 25" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
