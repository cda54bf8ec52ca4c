"""A network searched by groups of centres: the groups split the model but for the caps of
the communes they share, the rota passes the checker with exact terms, and the bound is
valid (never below a rota the whole model finds)."""

from __future__ import annotations

import datetime as dt

import pytest

from maillage.models.generator.generate import GenerateParams, generate
from maillage.models.instance import Instance
from maillage.solver import SolveParams, check, solve
from maillage.solver.params import NetworkParams, StageParams
from maillage.solver.prepare import prepare
from maillage.solver.search import network


@pytest.fixture(scope="module")
def week() -> Instance:
    """A week of 30 staff in the Lot and Tarn-et-Garonne: 11 sites, 20 groups."""
    params = GenerateParams(staff=30, days=7, start=dt.date(2026, 1, 5), seed=1)
    return generate(params.model_copy(update={"departments": ["46", "82"]}))


def _by_groups(seconds: float) -> SolveParams:
    stages = StageParams(network=NetworkParams(min_staff=10, round_seconds=2))
    return SolveParams(time_limit=seconds, workers=2, stages=stages)


def test_groups_share_nothing_but_the_caps(week: Instance) -> None:
    model = prepare(week, SolveParams(), [])
    lm, caps = model.build.lm, set(model.build.caps)
    groups = network.groups(model.build, lm)
    assert len(groups) > 1
    owner = {v: g for g, group in enumerate(groups) for v in group.variables}
    assert len(owner) == lm.num_vars  # every variable in exactly one group
    for k, con in enumerate(lm.constraints):
        linked = {owner[v] for v in con.vars}
        assert len(linked) <= 1 or k in caps
    assert any(len({owner[v] for v in lm.constraints[k].vars}) > 1 for k in caps)
    # each group keeps its own share of every cap it touches
    assert sum(len(g.caps) for g in groups) >= len(caps)


@pytest.mark.slow
def test_the_rota_is_checked_and_the_bound_is_valid(week: Instance) -> None:
    by_groups = solve(week, _by_groups(30))
    assert by_groups.objective is not None and by_groups.bound is not None
    report = check(week, by_groups)
    assert report.ok and not report.mismatches and not report.notes
    assert by_groups.objective.unproven is None
    # the bound holds against a rota the whole model finds on its own
    whole = solve(week, SolveParams(time_limit=30, workers=2))
    assert whole.objective is not None and check(week, whole).ok
    assert by_groups.bound >= whole.objective.total - 1e-6
    assert by_groups.bound >= by_groups.objective.total - 1e-6


def test_a_first_rota_only_stops_after_the_groups_first_rotas(week: Instance) -> None:
    params = _by_groups(30).model_copy(update={"stop_after_first_solution": True})
    solution = solve(week, params)
    assert solution.objective is not None and solution.bound is None
    assert check(week, solution).ok
