"""`maillage whatif`: the ranked table, the JSON, and exit 2 on bad options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run
from marks import first_fast
from whatif_instances import multi_site


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "multi.json"
    path.write_text(multi_site().model_dump_json(by_alias=True))
    return path


def test_table_and_json(instance: Path, tmp_path: Path) -> None:
    out = tmp_path / "whatif.json"
    done = run(
        "whatif", str(instance), "--recruit", "doctor:1.0", "--candidates", "all",
        "--remove", "d2", "--open-permanence", "66005:B:mon,wed",
        "--jobs", "2", "--time-limit", "20", "--seed", "3", "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "scenario" in lines[0] and "gap" in lines[0]
    assert "baseline" in lines[2]
    assert sum(1 for line in lines if "+doctor 1 @" in line) == 3
    data = json.loads(out.read_text())
    assert set(data) == {"baseline", "scenarios", "warnings"}
    assert len(data["scenarios"]) == 5
    objectives = [s["objective"] for s in data["scenarios"]]
    assert objectives == sorted(objectives, reverse=True)
    for entry in [data["baseline"], *data["scenarios"]]:
        for key in ("name", "changes", "status", "objective", "bound", "gap", "served_need"):
            assert key in entry
        assert entry["solution"]["stats"]["seed"] == 3
        assert entry["solution"]["stats"]["workers"] == 1
    assert data["scenarios"][0]["changes"][0]["kind"] in {"recruit", "open_permanence"}


@pytest.mark.parametrize(
    ("args", "option"),
    first_fast(
        [
            (["--recruit", "surgeon:1.0"], "--recruit"),
            (["--recruit", "doctor"], "--recruit"),
            (["--recruit", "doctor:2"], "--recruit"),
            (["--recruit", "doctor:1:2025-13-01"], "--recruit"),
            (["--recruit", "doctor:1", "--candidates", "A,Z"], "--candidates"),
            (["--remove", "nobody"], "--remove"),
            (["--fte", "d1"], "--fte"),
            (["--leave", "d1:2025-03-05"], "--leave"),
            (["--open-permanence", "99999:A"], "--open-permanence"),
            (["--open-permanence", "66003:A:mon,xyz"], "--open-permanence"),
            (["--close", "Z"], "--close"),
        ]
    ),
)
def test_bad_option_exits_2(instance: Path, args: list[str], option: str) -> None:
    done = run("whatif", str(instance), *args, "--time-limit", "5")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert option in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_no_scenario_is_a_usage_error(instance: Path) -> None:
    done = run("whatif", str(instance))
    assert done.returncode == 2 and "give at least one scenario" in done.stderr
