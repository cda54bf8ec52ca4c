"""The polish step: with the rota fixed, flows and slacks are re-optimised, so the terms
reported for a rota found before optimality are exact (the path a time-limited solve takes)."""

from factory import commune, make, person

from maillage.solver.backends import cpsat
from maillage.solver.budget import Budget
from maillage.solver.params import SolveParams
from maillage.solver.solve import build_model


def test_polish_restores_exact_terms_for_a_fixed_rota() -> None:
    inst = make(
        communes=[commune("66001", apl=1.0), commune("66002", lat=42.72, apl=2.0)],
        staff=[person("d1"), person("d2", fte=0.5)],
        rules={"hours_tolerance": 0.2},
    )
    build = build_model(inst)
    params = SolveParams(time_limit=10, workers=1)
    best = cpsat.solve(build.lm, params, Budget.of(10))
    assert best.status == "optimal" and best.values is not None and best.objective is not None
    flows = {f.var for f in build.flows}
    assert any(best.values[v] for v in flows)
    # Same rota, but nothing allocated to communes: still feasible, objective worse.
    loose = [0 if i in flows else v for i, v in enumerate(best.values)]
    loose_objective = sum(c * loose[v] for terms in build.lm.objective.values() for c, v in terms)
    assert loose_objective > best.objective
    values, objective = cpsat._polish(build.lm, loose, loose_objective, params, 10)
    assert objective == best.objective
    assert [values[v] for v in build.lm.decisions] == [best.values[v] for v in build.lm.decisions]
