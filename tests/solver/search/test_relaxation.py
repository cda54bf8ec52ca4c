"""The LP relaxation that guides some of the neighbourhood search's moves."""

from __future__ import annotations

import numpy as np
import pytest

from maillage.solver.model.linear import OBJ_SCALE, LinearModel
from maillage.solver.search import relaxation
from maillage.solver.search.neighbourhood import ModelIndex


def cover_one(costs: tuple[int, int]) -> LinearModel:
    """Two decisions, at least one taken, each with its cost."""
    lm = LinearModel()
    x = lm.new_bool("x", decision=True)
    y = lm.new_bool("y", decision=True)
    lm.add([(1, x), (1, y)], lo=1)
    lm.minimise("cost", costs[0] * OBJ_SCALE, x)
    lm.minimise("cost", costs[1] * OBJ_SCALE, y)
    return lm


def test_the_lp_optimum_and_the_decisions_a_rota_differs_on() -> None:
    found = relaxation.solve_lp(ModelIndex(cover_one((3, 2))), 5.0)
    assert found is not None
    assert found.objective == pytest.approx(2.0)
    assert found.values.tolist() == pytest.approx([0.0, 1.0])
    assert found.disagreeing(np.asarray([0, 1])).tolist() == []
    assert found.disagreeing(np.asarray([1, 0])).tolist() == [0, 1]
    assert found.disagreeing(np.asarray([1, 1])).tolist() == [0]


def test_a_fractional_optimum_disagrees_with_every_rota() -> None:
    lm = LinearModel()
    xs = [lm.new_bool(f"x{k}", decision=True) for k in range(3)]
    for a, b in ((0, 1), (1, 2), (0, 2)):  # a triangle: each edge covered, LP takes 1/2 each
        lm.add([(1, xs[a]), (1, xs[b])], lo=1)
    for x in xs:
        lm.minimise("cost", OBJ_SCALE, x)
    found = relaxation.solve_lp(ModelIndex(lm), 5.0)
    assert found is not None
    assert found.objective == pytest.approx(1.5)
    assert found.disagreeing(np.asarray([1, 1, 0])).tolist() == [0, 1, 2]


def test_constraints_with_an_enforcement_literal_are_left_out() -> None:
    lm = cover_one((3, 2))
    lm.constraints[0].enforce = 0  # held only when x is 1: relaxed away
    found = relaxation.solve_lp(ModelIndex(lm), 5.0)
    assert found is not None
    assert found.objective == pytest.approx(0.0)


def test_no_relaxation_for_a_model_too_large_or_without_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert relaxation.solve_lp(ModelIndex(cover_one((3, 2))), 0.0) is None
    monkeypatch.setattr(relaxation, "MAX_VARIABLES", 1)
    assert relaxation.solve_lp(ModelIndex(cover_one((3, 2))), 5.0) is None


def test_an_infeasible_lp_gives_none() -> None:
    lm = cover_one((3, 2))
    lm.add([(1, 0), (1, 1)], hi=0)
    assert relaxation.solve_lp(ModelIndex(lm), 5.0) is None
