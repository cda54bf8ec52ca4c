"""`solve(..., printer=)`: a caller's printer gets the progress, and with an `on_rota` hook
the rota itself as the search improves it, at most every `rota_interval` seconds."""

from __future__ import annotations

import datetime as dt

from factory import SECTOR, doctor_on_call, make

from maillage.models.solution import Assignment
from maillage.solver import SolveParams, solve
from maillage.solver.check.checker import evaluate
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.progress import ProgressPrinter

A = Assignment(staff="d1", date=dt.date(2025, 3, 3), shift="am", site="A")


def _printer(rota_interval: float) -> tuple[ProgressPrinter, list[tuple[float, int]]]:
    got: list[tuple[float, int]] = []
    hook = lambda total, rota: got.append((total, len(rota)))  # noqa: E731
    printer = ProgressPrinter(False, on_rota=hook, rota_interval=rota_interval)
    printer.decoding(lambda values: [A] * sum(values))
    return printer, got


def test_a_rota_is_handed_out_for_the_best_only_and_not_twice_within_the_interval() -> None:
    printer, got = _printer(60.0)
    assert not printer.wants_rota(-5 * OBJ_SCALE)  # nothing reported yet
    printer.solution(0.1, -5 * OBJ_SCALE, None)
    assert printer.wants_rota(-5 * OBJ_SCALE)
    printer.rota(-5 * OBJ_SCALE, [1, 1, 0])
    assert got == [(5.0, 2)]  # maximised, as the solution's total; the decoder's rota
    printer.solution(0.2, -6 * OBJ_SCALE, None)
    assert not printer.wants_rota(-6 * OBJ_SCALE)  # better, but within the interval
    printer.rota_interval = 0.0
    assert printer.wants_rota(-6 * OBJ_SCALE)
    assert not printer.wants_rota(-5 * OBJ_SCALE)  # no longer the best


def test_without_a_hook_or_a_decoder_nothing_is_wanted() -> None:
    plain = ProgressPrinter(False)
    plain.decoding(lambda values: [])
    plain.solution(0.1, -5 * OBJ_SCALE, None)
    assert not plain.wants_rota(-5 * OBJ_SCALE)
    undecoded = ProgressPrinter(False, on_rota=lambda total, rota: None)
    undecoded.solution(0.1, -5 * OBJ_SCALE, None)
    assert not undecoded.wants_rota(-5 * OBJ_SCALE)


def test_solve_reports_to_the_callers_printer_and_hands_out_valid_rotas() -> None:
    instance = make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1"), doctor_on_call("d2"), doctor_on_call("d3")],
    )
    rotas: list[tuple[float, list[Assignment]]] = []
    printer = ProgressPrinter(
        False, on_rota=lambda total, rota: rotas.append((total, rota)), rota_interval=0.0
    )
    solution = solve(instance, SolveParams(time_limit=5, workers=1), printer=printer)
    assert solution.objective is not None
    assert printer.improved_at is not None  # the progress went to this printer
    assert rotas, "the whole model's CP-SAT search hands out its rotas"
    for _, rota in rotas:
        assert rota and evaluate(instance, rota, gains=False).hard == []
    # the last rota handed out is the solution's (the polish changes flows, not the rota)
    assert rotas[-1][1] == solution.assignments
