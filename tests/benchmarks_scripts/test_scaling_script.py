"""benchmarks/scaling.py run as its users run it: one small size, rows, table and figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from paths import ROOT

SCRIPT = ROOT / "benchmarks" / "scaling.py"
FIELDS = {
    "staff", "sites", "centres", "permanences", "communes", "parts", "variables",
    "constraints", "first_feasible_seconds", "status", "objective", "bound", "gap_percent",
    "wall_seconds", "peak_mib", "check",
}  # fmt: skip


def scaling(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("scaling")
    done = scaling(
        "--sizes", "6", "--time-limit", "5", "--json", str(out / "rows.json"),
        "--markdown", str(out / "table.md"), "--plot", str(out / "scaling.svg"),
        "--instances-dir", str(out / "instances"), "--results", str(out / "results"),
    )  # fmt: skip
    return out, done


def is_svg(path: Path) -> bool:
    head = path.read_text(encoding="utf-8")[:500].lstrip()
    return head.startswith(("<?xml", "<svg")) and "<svg" in head


@pytest.mark.slow
def test_one_size_gives_a_checked_row_a_table_and_a_figure(
    run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, done = run
    assert done.returncode == 0, done.stderr
    saved = json.loads((out / "rows.json").read_text(encoding="utf-8"))
    assert {"node", "cores", "python", "ortools", "time_limit", "workers", "seed"} <= set(
        saved["meta"]
    )
    [row] = saved["rows"]
    assert set(row) >= FIELDS, FIELDS - set(row)
    assert row["staff"] == 6 and row["sites"] == row["centres"] + row["permanences"] >= 1
    assert row["communes"] > 0 and row["parts"] >= 1
    assert row["variables"] > 0 and row["constraints"] > 0
    assert row["status"] in ("feasible", "optimal")
    assert row["check"] == "ok", row.get("check_summary")
    assert row["objective"] is not None and row["peak_mib"] > 0
    assert row["first_feasible_seconds"] is not None and row["gap_percent"] >= 0
    kept = sorted(p.name for p in (out / "instances").iterdir())
    assert kept == [f"{row['instance']}-solution.json", f"{row['instance']}.json"]
    table = (out / "table.md").read_text(encoding="utf-8")
    assert table in done.stdout
    assert "| staff |" in table and "OR-Tools" in table and "| ok |" in table
    assert is_svg(out / "scaling.svg")


@pytest.mark.slow
def test_plot_only_redraws_from_the_saved_rows(
    run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, done = run
    assert done.returncode == 0, done.stderr
    again = out / "again.svg"
    redrawn = scaling("--plot-only", str(out / "rows.json"), "--plot", str(again))
    assert redrawn.returncode == 0, redrawn.stderr
    assert again.read_bytes() == (out / "scaling.svg").read_bytes()  # the same rows, same bytes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sizes", "1"], "--sizes"),
        (["--sizes", "six"], "--sizes"),
        (["--time-limit", "0"], "--time-limit"),
        (["--workers", "0"], "--workers"),
        (["--plot", "figure.png"], "--plot"),
        (["--plot-only", "rows.json"], "--plot-only"),
        (["--json", "/no/such/directory/rows.json"], "--json"),
    ],
)
def test_bad_arguments_exit_2_naming_the_option(args: list[str], message: str) -> None:
    done = scaling(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_file_that_is_not_a_saved_run_exits_2(tmp_path: Path) -> None:
    bad: dict[str, Any] = {"rows": []}  # no meta
    (tmp_path / "rows.json").write_text(json.dumps(bad))
    done = scaling("--plot-only", str(tmp_path / "rows.json"), "--plot", str(tmp_path / "a.svg"))
    assert done.returncode == 2 and "not a --json file" in done.stderr
    assert not (tmp_path / "a.svg").exists()
