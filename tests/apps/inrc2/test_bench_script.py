"""benchmarks/inrc2.py: a run's table, every row validated (engine = evaluator, no hard
breach, the simulator's histories ours)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

SCRIPT = ROOT / "benchmarks" / "inrc2.py"


@pytest.mark.slow
def test_one_instance_is_run_validated_and_tabled(tmp_path: Path) -> None:
    table, runs = tmp_path / "table.md", tmp_path / "runs.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "n030w4_1_6-2-9-1", "--time-limit", "3",
         "--markdown", str(table), "--json", str(runs)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [row] = json.loads(runs.read_text())
    assert row["exit"] == 0 and row["hard"] == [] and row["cost"] == row["engine_cost"]
    assert row["simulator_histories_agree"] in (True, None)  # None: no Java here
    assert f"| n030w4_1_6-2-9-1 | {row['cost']} | yes | 0 |" in table.read_text()
    again = subprocess.run(
        [sys.executable, str(SCRIPT), "--table", str(runs)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert again.returncode == 0 and f"| {row['cost']} | yes |" in again.stdout
