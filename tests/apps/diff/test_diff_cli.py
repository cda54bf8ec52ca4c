"""`maillage diff`: words and JSON, exit 0 with or without differences, exit 2 on bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from diff_instances import Edited, edited_pair
from marks import first_fast

from maillage.solver.apps.diff import RotaDiff, diff


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Edited, Path, Path, Path]:
    pair = edited_pair()
    folder = tmp_path_factory.mktemp("diff")
    paths = folder / "instance.json", folder / "a.json", folder / "b.json"
    paths[0].write_text(pair.instance.model_dump_json(by_alias=True))
    paths[1].write_text(pair.a.model_dump_json())
    paths[2].write_text(pair.b.model_dump_json())
    return (pair, *paths)


def test_words_and_json(files: tuple[Edited, Path, Path, Path]) -> None:
    pair, instance, a, b = files
    done = run("diff", str(instance), str(a), str(b))
    assert done.returncode == 0, done.stderr  # a report: differences are not a failure
    expected = diff(pair.instance, pair.a, pair.b)
    assert done.stdout.splitlines() == expected.lines("en")
    french = run("diff", str(instance), str(a), str(b), "--lang", "fr")
    assert french.returncode == 0 and french.stdout.splitlines() == expected.lines("fr")
    as_json = run("diff", str(instance), str(a), str(b), "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert RotaDiff.model_validate_json(as_json.stdout) == expected
    assert json.loads(as_json.stdout)["recomputed"] == expected.recomputed


def test_identical_rotas(files: tuple[Edited, Path, Path, Path]) -> None:
    _, instance, a, _ = files
    done = run("diff", str(instance), str(a), str(a))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "No change.\n"


@pytest.mark.parametrize(
    ("edit", "field"),
    first_fast(
        [
            (lambda s: s.update(instance="another-month"), "$.instance"),
            (lambda s: s["assignments"][0].update(staff="nobody"), "$.assignments[0].staff"),
            (lambda s: s["assignments"][0].update(shift="night"), "$.assignments[0].shift"),
            (lambda s: s["assignments"][0].update(site="Z"), "$.assignments[0].site"),
            (lambda s: s["assignments"][0].update(date="2026-01-01"), "$.assignments[0].date"),
            (lambda s: s.update(status="perfect"), "$.status"),
        ]
    ),
)
@pytest.mark.parametrize("side", ["A", "B"])
def test_bad_input_names_the_file_and_field(
    files: tuple[Edited, Path, Path, Path],
    tmp_path: Path,
    edit: Callable[[dict[str, Any]], None],
    field: str,
    side: str,
) -> None:
    _, instance, a, b = files
    data = json.loads(a.read_text())
    edit(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    args = (str(bad), str(b)) if side == "A" else (str(a), str(bad))
    done = run("diff", str(instance), *args)
    assert done.returncode == 2, done.stderr
    assert f"bad input in {bad}" in done.stderr
    assert field in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_missing_file_is_bad_input(files: tuple[Edited, Path, Path, Path], tmp_path: Path) -> None:
    _, instance, a, _ = files
    done = run("diff", str(instance), str(a), str(tmp_path / "absent.json"))
    assert done.returncode == 2
    assert "absent.json" in done.stderr and "Traceback" not in done.stderr
