"""`maillage cover`: the same answer as Python, exit 2 naming the field on bad input, and a
suggestion applied that `maillage check` accepts; then a real case, Grand Cahors."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from cli_runner import run
from cover_instances import SLOT, assert_applies
from marks import first_fast
from paths import INSTANCES

from maillage.models.instance import Instance
from maillage.models.load import load_instance
from maillage.models.solution import Solution
from maillage.solver.apps.cover import applied, cover, parse_slot
from maillage.solver.params import SolveParams
from maillage.solver.solve import solve


def test_json_is_the_python_answer(
    files: tuple[Path, Path], instance: Instance, solution: Solution
) -> None:
    ipath, spath = files
    done = run("cover", str(ipath), str(spath), "--slot", SLOT, "--json")
    assert done.returncode == 0, done.stderr
    expected = cover(instance, solution, parse_slot(SLOT))
    assert json.loads(done.stdout) == expected.model_dump(mode="json")


def test_text_answer(files: tuple[Path, Path]) -> None:
    ipath, spath = files
    done = run("cover", str(ipath), str(spath), "--slot", SLOT)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Who can cover Wed 5 Mar on-call eve of S?"
    assert "  FREE: cost -1020.000" in lines
    assert any(
        line.startswith("  MOVER: cost ") and "gives up Thu 6 Mar am" in line for line in lines
    )
    assert "  LEAVE works eve on 2025-03-05 while unavailable (leave)" in lines


def test_applied_suggestion_passes_maillage_check(
    files: tuple[Path, Path], instance: Instance, solution: Solution, tmp_path: Path
) -> None:
    ipath, _ = files
    answer = cover(instance, solution, parse_slot(SLOT))
    for n, suggestion in enumerate(answer.direct + answer.after_moves):
        path = tmp_path / f"applied-{n}.json"
        path.write_text(applied(instance, solution, suggestion).model_dump_json())
        done = run("check", str(ipath), str(path))
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.startswith("OK")


@pytest.mark.parametrize(
    ("slot", "field"),
    first_fast(
        [
            ("2025-04-01:am:A", "slot.date"),
            ("2025-03-05:night:A", "slot.shift"),
            ("2025-03-05:eve:nowhere", "slot.site"),
            ("2025-03-04:am:B", "slot.site"),
        ]
    ),
)
def test_bad_slot_exit_2(files: tuple[Path, Path], slot: str, field: str) -> None:
    ipath, spath = files
    done = run("cover", str(ipath), str(spath), "--slot", slot)
    assert done.returncode == 2
    assert f"{field}:" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_solution_of_another_instance_exit_2(
    files: tuple[Path, Path], solution: Solution, tmp_path: Path
) -> None:
    ipath, _ = files
    other = tmp_path / "other.json"
    other.write_text(solution.model_copy(update={"instance": "elsewhere"}).model_dump_json())
    done = run("cover", str(ipath), str(other), "--slot", SLOT)
    assert done.returncode == 2
    assert "$.instance:" in done.stderr and "'elsewhere'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_grand_cahors_every_suggestion_passes_check() -> None:
    """A real rota: a weekday afternoon session at Cahors (people join it, some after moves)
    and a Monday on-call evening (held: others in place of the holder).

    The rota comes from a short, time-limited solve, so which afternoon has room for one more
    differs from run to run: the afternoons are tried from the emptiest until one has someone
    free to join it."""
    instance = load_instance(INSTANCES / "grand-cahors-2025-03.json")
    solution = solve(instance, SolveParams(time_limit=5, workers=2))
    answers = []
    for slot in _cahors_afternoons(solution):
        answers.append(cover(instance, solution, parse_slot(slot), top=20, time_limit=10))
        if answers[-1].direct:
            break
    answers.append(
        cover(instance, solution, parse_slot("2025-03-10:oncall_eve:pdsa-cahors"), top=20)
    )
    assert answers[-2].direct and answers[-1].direct
    seen = 0
    for answer in answers:
        assert len(answer.direct) + len(answer.after_moves) + len(answer.blocked) + len(
            answer.held_by
        ) == len(instance.staff)
        for suggestion in answer.direct + answer.after_moves:
            assert len(suggestion.moves) <= 2
            assert_applies(instance, solution, suggestion)
            seen += 1
        assert all(b.reasons for b in answer.blocked)
    assert seen >= 3


def _cahors_afternoons(solution: Solution) -> list[str]:
    """Weekday afternoons at Cahors, the fewest people first."""
    days = [dt.date(2025, 3, d) for d in range(1, 32) if dt.date(2025, 3, d).weekday() < 5]
    load = Counter(a.date for a in solution.assignments if a.site == "cahors" and a.shift == "pm")
    return [f"{day.isoformat()}:pm:cahors" for day in sorted(days, key=lambda d: (load[d], d))]
