"""The entry point: `solve(instance, params) -> Solution`."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from maillage.models.errors import InputError, Issue
from maillage.models.facts import MILLI, Facts
from maillage.models.instance import Instance
from maillage.models.solution import (
    Assignment,
    Conflict,
    Coverage,
    Objective,
    Solution,
    Stats,
    Status,
)
from maillage.solver.backends import get_backend
from maillage.solver.backends.common import BackendResult, in_sequence
from maillage.solver.backends.cpsat import ModelRejected
from maillage.solver.check.checker import evaluate
from maillage.solver.check.rota import RotaView
from maillage.solver.check.summary import staff_summary
from maillage.solver.conflicts import explain, prechecks
from maillage.solver.model import cycle_collector
from maillage.solver.model.build import Build
from maillage.solver.model.linear import OBJ_SCALE, LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.parts.split import split
from maillage.solver.progress import ProgressPrinter, relative_gap
from maillage.solver.rules import RULES
from maillage.solver.search import lns, price_and_fix, side_by_side, weekend_branching

# The most the objective, or a constraint, may sum to: within 64 bits for every backend's
# arithmetic. Real instances reach 2^51 at most (the 200-professional network), so this only
# stops numbers set absurdly high (a cover weight of 10^20 in an NRP file crashed CP-SAT).
MAX_REACH = 2**62


@contextmanager
def _numbers_checked(lm: LinearModel) -> Iterator[None]:
    """CP-SAT's refusal of a model as bad input when a number of it is beyond 64-bit
    integers (a population of 10^20 did it); scanning for that costs 1.5 s on NRP 24's
    model, so it is done only when CP-SAT refuses one."""
    try:
        yield
    except ModelRejected:
        worst, where = lm.largest()
        if worst <= MAX_REACH:
            raise  # a bug in a rule's encoding
        message = (
            f"a number is too large for the solver: the constraint {where!r} reaches "
            f"{worst:.3g}, beyond 64-bit integers ({MAX_REACH:.3g}); look for a "
            "value far above the others (a population, a need, hours, a count)"
        )
        raise InputError([Issue("$", message)], "the instance") from None


def build_model(instance: Instance, facts: Facts | None = None) -> Build:
    """The model of an instance, every active rule encoded; exposed for inspection and tests.
    InputError when its weights are too large for 64-bit arithmetic."""
    with cycle_collector.paused():
        build = Build(instance, RULES, facts)
        for rule in build.rules:
            rule.encode(build)
    reach = build.lm.term_reach()
    if sum(reach.values()) > MAX_REACH:
        term = max(reach, key=reach.__getitem__)
        most = MAX_REACH / OBJ_SCALE
        message = (
            f"the objective term {term!r} can reach {reach[term] / OBJ_SCALE:.3g}, more than "
            f"the {most:.3g} the whole objective may reach: lower the weights that multiply it"
        )
        raise InputError([Issue("$.weights", message)], "the instance")
    return build


def solve(
    instance: Instance, params: SolveParams | None = None, hint: Sequence[Assignment] = ()
) -> Solution:
    """Solve an instance; `hint` (a rota, e.g. a baseline's) warm-starts the search: every
    decision is hinted 1 when the rota has that (staff, date, shift, place), else 0.

    An instance made of independent parts (centres far apart) is solved part by part and
    merged (`maillage.solver.parts.solve`), unless `params.decompose` is off."""
    params = params or SolveParams()
    started = time.monotonic()  # the split counts in the time limit too
    facts = Facts(instance)
    if params.decompose:
        parts = split(instance, facts)
        if len(parts) > 1:
            from maillage.solver.parts.solve import solve_parts

            return solve_parts(instance, parts, params, hint, started)
    model = prepare(instance, params, hint, facts, started=started)
    return search(
        model, params, params.time_limit - model.elapsed(), ProgressPrinter(params.progress)
    )


@dataclass
class Prepared:
    """An instance's model, built and pre-checked, ready to be searched (once or more)."""

    instance: Instance
    facts: Facts
    build: Build
    found: list[Conflict]
    started: float

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def prepare(
    instance: Instance,
    params: SolveParams,
    hint: Sequence[Assignment] = (),
    facts: Facts | None = None,
    *,
    started: float | None = None,
) -> Prepared:
    started = time.monotonic() if started is None else started
    facts = facts or Facts(instance)
    build = build_model(instance, facts)
    set_hint(build, hint)
    found = prechecks.run(build)
    if params.relax:
        explain.relax(build)
    return Prepared(instance, facts, build, found, started)


def set_hint(build: Build, hint: Sequence[Assignment]) -> None:
    """Hint every decision: 1 when the rota has it, else 0 (no rota: no hint)."""
    if hint:
        day = build.facts.day_index
        placed = {(a.staff, day(a.date), a.shift, a.site) for a in hint}
        build.lm.hints = {var: int(key in placed) for key, var in build.x.items()}


def search(
    model: Prepared, params: SolveParams, time_limit: float, printer: ProgressPrinter
) -> Solution:
    """Search a prepared model for at most `time_limit` seconds; times in the solution's
    stats count from the start of `prepare`."""
    instance, facts, build, found = model.instance, model.facts, model.build, model.found
    lm = build.lm
    started = time.monotonic()
    if not params.relax and prechecks.proves_infeasible(found):
        printer.done("infeasible (pre-checks)", model.elapsed())
        return Solution(
            instance=instance.name,
            status=Status.infeasible,
            stats=_stats(params, model.elapsed(), lm.num_vars, len(lm.constraints)),
            conflicts=found,
        )
    costs_only = all(c >= 0 for terms in lm.objective.values() for c, _ in terms)
    printer.start(instance.name, lm.num_vars, len(lm.constraints), penalty=costs_only)
    before = model.elapsed()  # building, pre-checks, earlier searches
    with _numbers_checked(lm):
        result = _search(build, params, time_limit, printer)
    seconds = model.elapsed()
    printer.done(result.status, seconds)
    num_vars, num_constraints = lm.num_vars, len(lm.constraints)
    stats = _stats(
        params,
        seconds,
        num_vars,
        num_constraints,
        _after(before, result.first_feasible_seconds),
        _after(before, result.best_seconds),
    )
    interrupted = True if result.interrupted else None
    relaxed = True if params.relax else None
    if result.values is None or result.objective is None:
        status = Status.infeasible if result.status == "infeasible" else Status.unknown
        if status == Status.infeasible and not params.relax and not result.interrupted:
            remaining = time_limit - (time.monotonic() - started)
            with _numbers_checked(lm):
                found = explain.explain(build, remaining) + found
        return Solution(
            instance=instance.name,
            status=status,
            stats=stats,
            conflicts=found,
            interrupted=interrupted,
            relaxed=relaxed,
        )
    values = result.values
    assignments = [
        Assignment(staff=pid, date=facts.dates[day], shift=shift, site=place)
        for (pid, day, shift, place), var in build.x.items()
        if values[var]
    ]
    assignments.sort(key=lambda a: (a.date, a.staff, a.shift))
    terms = {r.name: 0.0 for r in build.rules if not r.hard}
    for name, value in lm.term_values(values).items():
        terms[name] = -value / OBJ_SCALE
    total = -result.objective / OBJ_SCALE
    bound = None if result.bound is None else -result.bound / OBJ_SCALE
    evaluation = evaluate(instance, assignments, facts, gains=False)
    violations = evaluation.soft
    if params.relax:  # the price of broken rules is not a term of the rota's objective
        penalty = terms.pop(explain.RELAX_TERM, 0.0)
        total -= penalty
        bound = None if bound is None else bound - penalty
        violations = evaluation.hard + evaluation.soft
    status = Status(result.status)
    if result.interrupted:
        status = Status.feasible
    return Solution(
        instance=instance.name,
        status=status,
        objective=Objective(
            total=round(total, 6), terms={k: round(v, 6) for k, v in terms.items()}
        ),
        bound=None if bound is None else round(bound, 6),
        gap=None if bound is None else round(relative_gap(total, bound), 6),
        assignments=assignments,
        staff_summary=staff_summary(RotaView(instance, assignments, facts)),
        coverage=_coverage(build, values),
        violations=violations,
        served_need_per_week=round(_served_total(build, values) / facts.horizon_weeks, 3),
        stats=stats,
        conflicts=found,
        interrupted=interrupted,
        relaxed=relaxed,
    )


def _search(
    build: Build, params: SolveParams, time_limit: float, printer: ProgressPrinter
) -> BackendResult:
    """Column generation's start (when wanted), then from its rota the neighbourhood search,
    the backend on the whole model, or both at once (`alongside`); the better rota, with the
    better bound of the stages."""
    started = time.monotonic()
    lm = build.lm
    first = None
    guide = None  # column generation's LP optimum, for the neighbourhood search's moves
    layout = None  # built once, only for a stage that needs it (NRP 24: a million decisions)
    if price_and_fix.wanted(params, len(lm.decisions), len(build.by_person), len(build.flows)):
        layout = lns.layout(build)
        first = price_and_fix.start(lm, layout.people, params, time_limit, printer)
        if first.interrupted:  # the user is waiting: the rota so far (none yet: unknown)
            seconds = time.monotonic() - started
            if first.result is None:
                return BackendResult("unknown", None, None, first.bound, seconds, None, True)
            first.result.interrupted = True
            return first.result
        if first.proven and first.result is not None:
            return first.result
        if first.result is not None and weekend_branching.wanted(
            params, layout.weekend_work, first.generation
        ):
            first = _branched(build, first, layout, params, time_limit, started, printer)
            if first.interrupted or first.proven:
                assert first.result is not None
                return first.result
        if first.result is not None and first.result.values is not None:
            lm = lm.fixed({}, hints=dict(enumerate(first.result.values)))
            guide = first.guide
    left = time_limit - (time.monotonic() - started)
    result = None
    if lns.wanted(params, len(lm.decisions)):
        result = lns.solve(lm, layout or lns.layout(build), params, left, printer)
    elif guide is not None and layout is not None and side_by_side.wanted(params):
        result = side_by_side.solve(lm, layout, params, left, printer, guide)
    if result is None:
        left = time_limit - (time.monotonic() - started)
        result = get_backend(params.backend).solve(lm, params, left, printer)
    return result if first is None else _better(first, result, time.monotonic() - started)


def _branched(
    build: Build,
    first: price_and_fix.Start,
    layout: lns.Layout,
    params: SolveParams,
    time_limit: float,
    started: float,
    printer: ProgressPrinter,
) -> price_and_fix.Start:
    """Price and fix's start, its rota improved by branching over weekends
    (`weekend_branch`) for a share of the time left."""
    assert first.result is not None and first.generation is not None
    offset = time.monotonic() - started
    left = weekend_branching.SHARE * (time_limit - offset)
    weekend = np.concatenate(layout.weekend_work)
    branched = weekend_branching.search(
        build.lm, layout.people, weekend, first.generation, first.result, params, left, printer
    )
    result = in_sequence(first.result, branched, offset, first.bound)
    return replace(first, result=result, interrupted=branched.interrupted)


def _better(first: price_and_fix.Start, then: BackendResult, seconds: float) -> BackendResult:
    """Price and fix's rota and bound, then the second stage's (`seconds` after the first
    began), merged as every sequence of stages is."""
    return in_sequence(first.result, then, seconds - then.seconds, first.bound)


def _stats(
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


def _after(offset: float, seconds: float | None) -> float | None:
    return None if seconds is None else round(offset + seconds, 3)


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
