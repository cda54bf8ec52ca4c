"""benchmarks/history.py: the README's generated tables from two small results files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "history.py"
README = (
    "# Benchmarks\n\nHow to run.\n\n"
    "<!-- history:start -->\nold figures\n<!-- history:end -->\n\nTail.\n"
)


def row(instance: int, best: int, penalty: int | None, status: str) -> dict[str, Any]:
    return {
        "instance": instance,
        "best_known": best,
        "penalty": penalty,
        "gap_percent": None if penalty is None else round(100 * (penalty - best) / best, 2),
        "bound": None,
        "status": status,
        "proven": status == "optimal",
        "wall_seconds": 60.0,
        "peak_mib": 150,
    }


def results(path: Path, date: str, commit: str, rows: list[dict[str, Any]], **extra: Any) -> None:
    data = {
        "format": 1,
        "benchmark": "nrp",
        "time_limit": 60.0,
        "date": date,
        "commit": commit,
        "machine": {"cpu": "Test CPU", "cores": 2},
        "command": "python benchmarks/nrp.py 1-3 --time-limit 60",
        "options": {"workers": 2, "seed": 0, "backend": "cpsat"},
        "complete": True,
        "rows": rows,
    } | extra
    path.write_text(json.dumps(data))


def history(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60, cwd=ROOT
    )


def test_current_table_takes_each_instance_latest_row_and_history_one_row_a_commit(
    tmp_path: Path,
) -> None:
    runs = tmp_path / "results"
    runs.mkdir()
    # Commits unknown to this clone's history: ordered by date.
    results(
        runs / "2026-01-01-aaaaaaa-nrp-60s.json",
        "2026-01-01",
        "aaaaaaa",
        [row(1, 100, 100, "optimal"), row(2, 200, 220, "feasible"), row(3, 50, None, "unknown")],
        transcribed=True,
    )
    results(
        runs / "2026-01-02-bbbbbbb-nrp-60s.json",
        "2026-01-02",
        "bbbbbbb",
        [row(2, 200, 200, "optimal")],
    )
    readme = tmp_path / "README.md"
    readme.write_text(README)
    done = history("--results", str(runs), "--readme", str(readme))
    assert done.returncode == 0, done.stderr
    text = readme.read_text()
    assert text.startswith("# Benchmarks\n\nHow to run.\n\n<!-- history:start -->")
    assert text.endswith("<!-- history:end -->\n\nTail.\n") and "old figures" not in text
    # Current: 1 and 3 from the first run, 2 from the second (now at its best-known value).
    assert (
        "| 1 | 100 | 100 | 0.00 | - | - | - | 60.0 | 150 | optimal | aaaaaaa | 2026-01-01 |" in text
    )
    assert (
        "| 2 | 200 | 200 | 0.00 | - | - | - | 60.0 | 150 | optimal | bbbbbbb | 2026-01-02 |" in text
    )
    assert "| 3 | 50 | - | - |" in text
    assert "2/3 with a roster; mean gap 0.00 % over those; at best known: 2 (1, 2)" in text
    # History: the first commit's mean gap is (0 + 10) / 2 over 2 rosters of 3 runs.
    assert "| 2026-01-01 | aaaaaaa | 5.00 (2/3) | 1 / 1 | - | - | transcribed |" in text
    assert "| 2026-01-02 | bbbbbbb | 0.00 (1/1) | 1 / 1 | - | - | - |" in text
    assert text.index("| 2026-01-01 | aaaaaaa") < text.index("| 2026-01-02 | bbbbbbb")
    # Written once, the README is up to date; a new run makes it stale.
    assert history("--results", str(runs), "--readme", str(readme), "--check").returncode == 0
    results(
        runs / "2026-01-03-ccccccc-nrp-60s.json",
        "2026-01-03",
        "ccccccc",
        [row(3, 50, 55, "feasible")],
    )
    stale = history("--results", str(runs), "--readme", str(readme), "--check")
    assert stale.returncode == 1 and "not up to date" in stale.stderr
    assert readme.read_text() == text


def test_a_run_with_other_options_is_kept_apart_from_the_engine_figures(tmp_path: Path) -> None:
    results(tmp_path / "a.json", "2026-01-01", "aaaaaaa", [row(1, 100, 100, "optimal")])
    results(
        tmp_path / "b.json",
        "2026-01-02",
        "bbbbbbb",
        [row(1, 100, 130, "feasible")],
        options={"workers": 2, "seed": 0, "backend": "mip"},
    )
    done = history("--results", str(tmp_path), "--print")
    assert done.returncode == 0, done.stderr
    engine, _, mip = done.stdout.partition("### NRP at 60 s (backend mip)")
    assert "| 1 | 100 | 100 | 0.00 |" in engine and "130" not in engine.partition("## History")[0]
    assert "| 1 | 100 | 130 | 30.00 |" in mip
    assert "bbbbbbb" not in done.stdout.partition("## History")[2]  # no history row for a trial


def test_a_readme_without_the_markers_or_a_file_that_is_not_a_run_exit_2(tmp_path: Path) -> None:
    results(tmp_path / "a.json", "2026-01-01", "aaaaaaa", [row(1, 100, 100, "optimal")])
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n")
    done = history("--results", str(tmp_path), "--readme", str(readme))
    assert done.returncode == 2 and "<!-- history:start -->" in done.stderr
    assert readme.read_text() == "# Benchmarks\n"
    (tmp_path / "b.json").write_text(json.dumps({"rows": []}))
    done = history("--results", str(tmp_path), "--print")
    assert done.returncode == 2 and "b.json is not a results file" in done.stderr
    assert "Traceback" not in done.stderr
