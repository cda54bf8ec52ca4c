import json
from pathlib import Path

import pytest
from cli_runner import run
from marks import first_fast
from replan_instances import centre, published


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("replan")
    inst = centre()
    instance, rota = folder / "instance.json", folder / "published.json"
    instance.write_text(inst.model_dump_json(by_alias=True))
    rota.write_text(published(inst).model_dump_json())
    return instance, rota


def test_replan_writes_the_rota_and_its_instance_which_check_accepts(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    instance, rota = files
    new, replanned = tmp_path / "new.json", tmp_path / "replanned.json"
    done = run(
        "replan", str(instance), str(rota), "--from", "2025-03-10",
        "--leave", "d1:2025-03-10:2025-03-12", "--time-limit", "20",
        "-o", str(new), "--instance-out", str(replanned),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "D1: -Mo 10/03 am at Site A" in done.stderr
    solution = json.loads(new.read_text())
    assert solution["changes"] and solution["changes"][0].startswith("D1: ")
    assert json.loads(replanned.read_text())["replan"]["from_date"] == "2025-03-10"
    checked = run("check", str(replanned), str(new))
    assert checked.returncode == 0 and checked.stdout.startswith("OK"), checked.stdout


def test_edits_and_relax(files: tuple[Path, Path], tmp_path: Path) -> None:
    instance, rota = files
    edits = tmp_path / "edits.json"
    edits.write_text(
        json.dumps(
            [
                {"kind": "leave", "staff": "d1", "start": "2025-03-10", "end": "2025-03-12"},
                {"kind": "lock", "staff": "d1", "date": "2025-03-11", "shift": "am", "site": "A"},
            ]
        )
    )
    new = tmp_path / "new.json"
    args = ["replan", str(instance), str(rota), "--from", "2025-03-10", "--edits", str(edits)]
    refused = run(*args, "-o", str(new))
    assert refused.returncode == 1 and "conflict: D1 is locked on am" in refused.stderr
    assert json.loads(new.read_text())["status"] == "infeasible"
    relaxed = run(*args, "--relax", "-o", str(new))
    assert relaxed.returncode == 0, relaxed.stderr
    assert json.loads(new.read_text())["relaxed"] is True


@pytest.mark.parametrize(
    ("extra", "field"),
    first_fast(
        [
            (["--from", "2025-04-01"], "--from"),
            (["--from", "tomorrow"], "--from"),
            (["--from", "2025-03-10", "--remove", "nobody"], "--remove"),
            (["--from", "2025-03-10", "--leave", "nobody:2025-03-10:2025-03-11"], "--leave"),
            (["--from", "2025-03-10", "--fte", "d1:2"], "--fte"),
            (["--from", "2025-03-10", "--edits", "missing.json"], "missing.json"),
        ]
    ),
)
def test_bad_input_exits_2_naming_the_field(
    files: tuple[Path, Path], tmp_path: Path, extra: list[str], field: str
) -> None:
    instance, rota = files
    out = tmp_path / "new.json"
    done = run("replan", str(instance), str(rota), *extra, "-o", str(out))
    assert done.returncode == 2, done.stderr
    assert field in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_a_rota_of_another_instance_exits_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    instance, rota = files
    other = tmp_path / "other.json"
    other.write_text(json.dumps(json.loads(rota.read_text()) | {"instance": "elsewhere"}))
    out = tmp_path / "new.json"
    done = run("replan", str(instance), str(other), "--from", "2025-03-10", "-o", str(out))
    assert done.returncode == 2 and "$.instance" in done.stderr, done.stderr
    assert not out.exists()
