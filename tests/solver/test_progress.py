"""The progress lines read as one search across stages that time themselves and know only
their own rotas: elapsed from the start, only better rotas and bounds."""

from __future__ import annotations

import time
from typing import Any

from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.progress import ProgressPrinter


def _lines(capsys: Any) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def test_only_better_rotas_and_bounds_are_shown(capsys: Any) -> None:
    printer = ProgressPrinter(True)
    printer.start("ward", 10, 5)
    capsys.readouterr()
    printer.solution(0.1, 120 * OBJ_SCALE, 100 * OBJ_SCALE)  # minimised: lower is better
    printer.solution(0.2, 130 * OBJ_SCALE, None)  # another stage's worse rota: not shown
    printer.solution(0.3, 110 * OBJ_SCALE, 90 * OBJ_SCALE)  # better rota, weaker bound
    printer.bound(0.4, 95 * OBJ_SCALE)  # weaker than 100: not shown
    lines = _lines(capsys)
    assert len(lines) == 2, lines
    assert "-120.000" in lines[0] and "-100.000" in lines[0]
    assert "-110.000" in lines[1] and "-100.000" in lines[1]  # the bound kept is the best


def test_elapsed_counts_from_the_start_not_from_the_stage(capsys: Any) -> None:
    printer = ProgressPrinter(True)
    printer.start("ward", 10, 5)
    time.sleep(0.3)
    capsys.readouterr()
    printer.solution(0.0, 5 * OBJ_SCALE, None)  # a stage that began just now
    (line,) = _lines(capsys)
    assert float(line.split()[0].rstrip("s")) >= 0.3


def test_a_penalty_is_shown_as_itself(capsys: Any) -> None:
    """An objective of costs only (the NRP's) reads as the penalty the roster's JSON gives,
    not minus it; the gap is the same."""
    printer = ProgressPrinter(True)
    printer.start("Instance7", 10, 5, penalty=True)
    header = _lines(capsys)[-1]
    printer.solution(0.1, 1058 * OBJ_SCALE, 1055 * OBJ_SCALE)
    (line,) = _lines(capsys)
    assert "penalty" in header and "objective" not in header
    assert "1058.000" in line and "1055.000" in line and "-1058" not in line
    assert "0.28%" in line  # (1058 - 1055) / 1055
