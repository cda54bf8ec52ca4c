"""A rota's exact terms, piece by piece: the same optimum as the whole fixed model, and the
terms of a piece not proven in time named, its values never worse than the rota's own."""

from __future__ import annotations

from typing import Any

import pytest
from factory import make, person

from maillage.solver.backends import cpsat
from maillage.solver.budget import Budget
from maillage.solver.model import pricing
from maillage.solver.model.linear import LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.prepare import build_model


def _two_pieces() -> tuple[LinearModel, list[int]]:
    """A decision d (fixed to 1 by the rota) and two independent pieces: flows f1 + f2 <= 3d
    (term "gain", maximised) and a slack s >= 2 - d... (term "penalty", minimised)."""
    lm = LinearModel()
    d = lm.new_bool("d", decision=True)
    f1, f2 = lm.new_var(0, 5, "f1"), lm.new_var(0, 5, "f2")
    s = lm.new_var(0, 5, "s")
    lm.add([(1, f1), (1, f2), (-3, d)], hi=0)
    lm.add([(1, s), (1, d)], lo=2)
    lm.minimise("gain", -2, f1)
    lm.minimise("gain", -1, f2)
    lm.minimise("penalty", 4, s)
    return lm, [1, 0, 0, 5]  # feasible, far from the best for d = 1


def test_each_piece_is_re_optimised_for_the_fixed_decisions() -> None:
    lm, rota = _two_pieces()
    priced = pricing.price(lm, rota, seconds=5)
    assert priced.values == [1, 3, 0, 1] and priced.objective == -6 + 4
    assert priced.unproven == {} and priced.pieces == 2


def test_a_piece_not_proven_names_its_terms_and_keeps_values_no_worse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lm, rota = _two_pieces()
    real = pricing._solve
    monkeypatch.setattr(pricing, "TINY_PIECE", 0)  # each piece solved on its own

    def slow_flows(lm: LinearModel, piece: Any, *args: Any) -> bool:
        if 1 in piece.variables:  # the flows: as if stopped before any better solution
            return False
        return real(lm, piece, *args)

    monkeypatch.setattr(pricing, "_solve", slow_flows)
    priced = pricing.price(lm, rota, seconds=5)
    assert list(priced.unproven) == ["gain"] and "not proven optimal" in priced.unproven["gain"]
    assert priced.values == [1, 0, 0, 1] and priced.objective == 4


def test_a_rotas_terms_are_those_of_the_whole_fixed_model() -> None:
    build = build_model(make(staff=[person("d1"), person("d2", fte=0.5), person("d3")]))
    lm = build.lm
    params = SolveParams(time_limit=10, workers=1, stop_after_first_solution=True)
    first = cpsat.solve(lm, params.model_copy(update={"polish_seconds": 0}), Budget.of(10))
    assert first.values is not None and first.objective is not None
    priced = pricing.price(lm, first.values, seconds=10)
    decisions = {v: first.values[v] for v in lm.decisions}
    whole = cpsat.solve(lm.fixed(decisions), SolveParams(time_limit=10, workers=1), Budget.of(10))
    assert whole.status == "optimal" and priced.objective == whole.objective
    assert priced.unproven == {} and priced.objective <= first.objective
    assert all(priced.values[v] == first.values[v] for v in lm.decisions)
