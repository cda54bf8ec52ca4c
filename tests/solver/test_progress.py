"""The progress lines read as one search across stages that time themselves and know only
their own rotas: elapsed from the start, only better rotas and bounds."""

from __future__ import annotations

import time
from typing import Any

from maillage.solver.linear import OBJ_SCALE
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
