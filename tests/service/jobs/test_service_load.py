"""The load test's smoke version: benchmarks/service_load.py with 20 clients posting one
solve each (2 s) to a real `maillage serve` with two job processes. Every job ends with a
rota the checker accepts, none is lost, and the memory figures are sampled. The month is a
week of three doctors: in 2 s, with twenty jobs queued on two cores, the Millas month often
has no rota yet (its first comes after about 4 s), and the test is of the service."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from factory import SECTOR, doctor_on_call, make
from paths import ROOT

SCRIPT = ROOT / "benchmarks" / "service_load.py"


@pytest.mark.slow
def test_twenty_clients_one_solve_each_all_checked_none_lost(tmp_path: Path) -> None:
    week = make(
        name="week",
        sectors=[SECTOR],
        staff=[doctor_on_call("d1"), doctor_on_call("d2"), doctor_on_call("d3")],
    )
    instance = tmp_path / "week.json"
    instance.write_text(week.model_dump_json(by_alias=True))
    done = subprocess.run(
        [
            sys.executable, str(SCRIPT), "--clients", "20", "--jobs-per-client", "1",
            "--time-limit", "2", "--minutes", "10", "--poll", "0.5", "--no-results",
            "--instance", str(instance),
        ],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["jobs"] == 20 and summary["done_checked"] == 20
    assert summary["lost"] == 0 and summary["problems"] == 0 and not summary["client_errors"]
    assert summary["first_rota_p95_s"] is not None and summary["jobs_per_minute"] > 0
    assert summary["worker_processes"] >= 2  # the pool ran its two processes
    assert 0 < summary["server_max_mib"] < summary["total_max_mib"]
