"""A search's result as a `Solution`: the rota, every term, the staff summary, coverage.

The rota is reviewed once (`RotaView`), for the soft-rule violations and the staff summary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from maillage.models.facts import MILLI
from maillage.models.solution import (
    Assignment,
    Conflict,
    Coverage,
    Objective,
    Solution,
    Stats,
    Status,
)
from maillage.solver.backends.common import BackendResult
from maillage.solver.check.checker import evaluate
from maillage.solver.check.rota import RotaView
from maillage.solver.check.summary import staff_summary
from maillage.solver.conflicts import explain
from maillage.solver.model.build import Build
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.params import SolveParams
from maillage.solver.prepare import Prepared
from maillage.solver.progress import relative_gap


def stats(
    params: SolveParams,
    seconds: float,
    variables: int,
    constraints: int,
    first_feasible: float | None = None,
    best: float | None = None,
) -> Stats:
    return Stats(
        backend=params.backend,
        seconds=round(seconds, 3),
        workers=params.workers,
        seed=params.seed,
        time_limit=params.time_limit,
        variables=variables,
        constraints=constraints,
        first_feasible_seconds=first_feasible,
        best_seconds=best,
    )


def no_rota(
    model: Prepared,
    params: SolveParams,
    status: Status,
    run_stats: Stats,
    conflicts: list[Conflict],
    interrupted: bool = False,
) -> Solution:
    return Solution(
        instance=model.instance.name,
        status=status,
        stats=run_stats,
        conflicts=conflicts,
        interrupted=True if interrupted else None,
        relaxed=True if params.relax else None,
    )


def assignments_of(model: Prepared, values: Sequence[int]) -> list[Assignment]:
    """The rota of a model's values, in the solution's order."""
    dates = model.facts.dates
    assignments = [
        Assignment(staff=pid, date=dates[day], shift=shift, site=place)
        for (pid, day, shift, place), var in model.build.x.items()
        if values[var]
    ]
    assignments.sort(key=lambda a: (a.date, a.staff, a.shift))
    return assignments


def decode(
    model: Prepared,
    params: SolveParams,
    result: BackendResult,
    run_stats: Stats,
    unproven: dict[str, str] | None = None,
) -> Solution:
    """The solution of a result that has a rota; `unproven`: its terms not proven exact."""
    assert result.values is not None and result.objective is not None
    instance, facts, build = model.instance, model.facts, model.build
    values = result.values
    assignments = assignments_of(model, values)
    terms = {r.name: 0.0 for r in build.rules if not r.hard}
    for name, value in build.lm.term_values(values).items():
        terms[name] = -value / OBJ_SCALE
    total = -result.objective / OBJ_SCALE
    bound = None if result.bound is None else -result.bound / OBJ_SCALE
    rota = RotaView(instance, assignments, facts)
    evaluation = evaluate(instance, assignments, facts, gains=False, rota=rota)
    violations = evaluation.soft
    if params.relax:  # the price of broken rules is not a term of the rota's objective
        penalty = terms.pop(explain.RELAX_TERM, 0.0)
        total -= penalty
        bound = None if bound is None else bound - penalty
        violations = evaluation.hard + evaluation.soft
    status = Status.feasible if result.interrupted else Status(result.status)
    return Solution(
        instance=instance.name,
        status=status,
        objective=Objective(
            total=round(total, 6),
            terms={k: round(v, 6) for k, v in terms.items()},
            unproven=unproven or None,
        ),
        bound=None if bound is None else round(bound, 6),
        gap=None if bound is None else round(relative_gap(total, bound), 6),
        assignments=assignments,
        staff_summary=staff_summary(rota),
        coverage=_coverage(build, values),
        violations=violations,
        served_need_per_week=round(_served_total(build, values) / facts.horizon_weeks, 3),
        stats=run_stats,
        conflicts=model.found,
        interrupted=True if result.interrupted else None,
        relaxed=True if params.relax else None,
    )


def _served_total(build: Build, values: list[int]) -> float:
    return sum(f.reach_milli * values[f.var] for f in build.flows) / MILLI


def _coverage(build: Build, values: list[int]) -> list[Coverage]:
    facts = build.facts
    served: dict[tuple[str, str], int] = defaultdict(int)
    for flow in build.flows:
        served[(flow.insee, flow.line)] += flow.reach_milli * values[flow.var]
    rows = []
    for commune in build.instance.communes:
        for line in facts.care_lines:
            need = facts.need_per_week(commune, line)
            if need > 0:
                amount = served.get((commune.insee, line), 0) / MILLI / facts.horizon_weeks
                rows.append(
                    Coverage(
                        insee=commune.insee,
                        name=commune.name,
                        line=line,
                        need=need,
                        served=round(amount, 3),
                        weight=facts.commune_weight(commune),
                    )
                )
    return rows
