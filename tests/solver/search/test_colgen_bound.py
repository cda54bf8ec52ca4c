"""Property: on random rota instances the column-generation bound never exceeds the optimum
CP-SAT proves on the whole model, and a block it proves without a rota means no rota at all."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from random_instances import instances

from maillage.models.instance import Instance
from maillage.solver import SolveParams
from maillage.solver.backends import get_backend
from maillage.solver.backends.common import BackendResult
from maillage.solver.budget import Budget
from maillage.solver.search import lns
from maillage.solver.search.colgen import generate
from maillage.solver.solve import build_model


def _whole(instance: Instance) -> BackendResult:
    build = build_model(instance)
    params = SolveParams(time_limit=20, workers=2, colgen="off", neighbourhood="off")
    return get_backend("cpsat").solve(build.lm, params, Budget.of(20))


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_bound_never_exceeds_the_optimum_of_a_random_rota(instance: Instance) -> None:
    """Rota instances couple people through flows, rooms and staffing, not cover alone: the
    blocks then include decision-free parts, and the bound must hold all the same."""
    whole = _whole(instance)
    build = build_model(instance)
    generation = generate(build.lm, lns.layout(build).people, Budget.of(20))
    if generation is None:  # one person, or nothing to split
        event("not decomposed")
        return
    event(f"bound {'none' if generation.bound is None else 'proven'}, whole model {whole.status}")
    if generation.bound is None:  # a block proven to have no rota: nor has the whole model
        assert whole.objective is None
    elif whole.status == "optimal":
        assert whole.objective is not None
        assert generation.bound <= whole.objective
