"""benchmarks/nrp.py: the table of a run, and a run cut short by Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from paths import ROOT

SCRIPT = ROOT / "benchmarks" / "nrp.py"


@pytest.mark.slow
def test_the_table_has_one_row_per_instance_with_the_checked_penalty(tmp_path: Path) -> None:
    table, runs, results = tmp_path / "table.md", tmp_path / "runs.json", tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "1", "2", "--time-limit", "20",
         "--markdown", str(table), "--json", str(runs), "--results", str(results)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(runs.read_text())
    assert [(r["instance"], r["penalty"], r["status"]) for r in rows] == [
        (1, 607, "optimal"),
        (2, 828, "optimal"),
    ]
    text = table.read_text()
    assert "| 1 | 607 | 607 | 0.00 |" in text and "| 2 | 828 | 828 | 0.00 |" in text
    assert "2/2 with a feasible roster" in text and "at best known: 2." in text
    [recorded] = results.glob("*-nrp-20s.json")  # the run's results file, for history.py
    saved = json.loads(recorded.read_text())
    assert saved["complete"] is True and saved["time_limit"] == 20
    assert saved["commit"] in recorded.name and saved["machine"]["cores"] > 0
    assert [
        (r["instance"], r["penalty"], r["gap_percent"], r["proven"]) for r in saved["rows"]
    ] == [
        (1, 607, 0.0, True),
        (2, 828, 0.0, True),
    ]


@pytest.mark.slow
def test_ctrl_c_keeps_the_rows_done_and_the_interrupted_roster(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the process group, as a terminal sends it) during the second
    instance's neighbourhood search (column generation off: with it, NRP 12 is proven
    optimal before a signal can come): its run hands over its best roster, the table of both
    is written, the third instance never starts, and the exit code is 130."""
    table, runs, logs = tmp_path / "table.md", tmp_path / "runs.json", tmp_path / "logs"
    proc = subprocess.Popen(
        [sys.executable, str(SCRIPT), "1", "12", "2", "--time-limit", "120", "--colgen", "off",
         "--markdown", str(table), "--json", str(runs), "--logs", str(logs), "--no-results"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        start_new_session=True,
    )  # fmt: skip
    log = logs / "Instance12.log"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # NRP 12's first roster: a line ending in "*"
        if log.exists() and any(line.endswith("*") for line in log.read_text().splitlines()):
            break
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    rows = json.loads(runs.read_text())
    assert [r["instance"] for r in rows] == [1, 12]
    assert rows[1]["interrupted"] is True and rows[1]["penalty"] is not None
    assert rows[1]["violations"] == []
    assert "feasible (interrupted)" in table.read_text()
