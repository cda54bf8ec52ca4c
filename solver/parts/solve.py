"""Solve the independent parts of an instance (`maillage.solver.parts.split`) and merge them.

Two passes, so that a complete rota exists early: first every part stops at its first rota
(CP-SAT), then each part is searched again, warm-started from it, with the time left shared
out by size; a part that finishes early leaves its time to the larger ones, taken last, and
time still left goes round again to the parts not yet proven optimal.
The merged objective, bound and every term are sums over the parts, exact because no rule
links two parts.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import (
    Assignment,
    Coverage,
    Objective,
    Solution,
    Stats,
    Status,
)
from maillage.solver.backends import get_backend
from maillage.solver.budget import Budget
from maillage.solver.model.linear import LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.parts.split import split
from maillage.solver.prepare import Prepared, hinted, hints_of, prepare
from maillage.solver.progress import relative_gap
from maillage.solver.search.run import search


@dataclass
class _Part:
    model: Prepared
    size: int
    start: LinearModel | None = None  # the model hinted with the part's start, when it has one
    solution: Solution | None = None
    first_at: float | None = None  # when the part first had a rota, from the start of the solve
    best_at: float | None = None  # when its kept rota was found
    # Whether the kept rota's terms are exact: the first pass does not polish its rotas (the
    # second round searches them again), so one interrupted before that round reaches them
    # must be polished before the merge (`_make_exact`).
    exact: bool = False

    def keep(self, solution: Solution, started: float, *, polished: bool = True) -> None:
        """Keep a search's result unless it found nothing where a rota was already had."""
        earlier = self.solution
        if earlier is not None and earlier.objective is not None:
            if solution.objective is None:
                return
            if solution.objective.total < earlier.objective.total:  # keep the better rota,
                bound = solution.bound if earlier.bound is None else earlier.bound  # and the
                if solution.bound is not None:  # tighter of the two proven bounds
                    bound = min(bound, solution.bound) if bound is not None else solution.bound
                gap = None if bound is None else relative_gap(earlier.objective.total, bound)
                self.solution = earlier.model_copy(update={"bound": bound, "gap": gap})
                return
        self.solution = solution
        self.exact = polished or solution.status == Status.optimal
        offset = self.model.started - started
        stats = solution.stats
        if stats and stats.first_feasible_seconds is not None and self.first_at is None:
            self.first_at = offset + stats.first_feasible_seconds
        if stats and stats.best_seconds is not None:
            self.best_at = offset + stats.best_seconds


def solve_parts(
    instance: Instance,
    parts: Sequence[Instance],
    params: SolveParams,
    hint: Sequence[Assignment],
    budget: Budget,
) -> Solution:
    """The parts' rotas merged. The budget's deadline counts from the start of the solve
    (the split counts in the time limit); its stop ends the part being searched, and then
    the rotas found so far are merged and marked interrupted."""
    started = budget.started
    printer = budget.printer
    quiet = budget.quiet()
    shares = params.stages.parts
    todo: list[_Part] = []
    for sub in parts:
        staff = {p.id for p in sub.staff}
        model = prepare(sub, params, [a for a in hint if a.staff in staff])
        todo.append(_Part(model, len(model.build.x) + len(model.build.flows)))
    todo.sort(key=lambda p: p.size)
    if budget.stopped:  # while the parts were being built
        return _merge(instance, todo, params, started, stopped=True)
    printer.note(
        f"{instance.name}: {len(todo)} independent parts "
        f"(largest {todo[-1].size} decisions and flows of {sum(p.size for p in todo)})"
    )

    first_pass = params.backend == "cpsat" and not hint
    if first_pass:
        quick = params.model_copy(update={"stop_after_first_solution": True, "polish_seconds": 0})
        end = started + min(budget.left(), shares.first_pass_share * params.time_limit)
        for k, part in enumerate(todo):
            share = _share(end - time.monotonic(), todo[k:], part)
            if len(part.model.instance.staff) > shares.start_by_centres_staff:
                _start_by_centres(part, quick, quiet, share / 2)
                share = _share(end - time.monotonic(), todo[k:], part)
            solution = search(part.model, quick, quiet.within(share), part.start)
            part.keep(solution, started, polished=False)
            if solution.status == Status.infeasible or solution.interrupted or budget.stopped:
                return _merge(instance, todo, params, started, _stopped(solution, budget))
    # Then search every part not proven optimal, warm-started from its rota, with the time
    # left; time a part did not need goes round again to those still unproven.
    while True:
        unproven = [p for p in todo if p.solution is None or p.solution.status != Status.optimal]
        if not unproven or budget.left() < shares.min_round_seconds:
            break
        # parts still without a rota first, sharing the time among themselves: without
        # them there is no rota of the whole at all
        unproven.sort(key=_has_rota)
        for k, part in enumerate(unproven):
            if part.solution is not None and part.solution.assignments:
                part.start = hinted(part.model.build, part.solution.assignments)
            rivals = [p for p in unproven[k:] if not _has_rota(p)] or unproven[k:]
            share = _share(budget.left(), rivals, part)
            solution = search(part.model, params, quiet.within(share), part.start)
            part.keep(solution, started)
            _progress(budget, todo.index(part), len(todo), part, time.monotonic() - started)
            if solution.status == Status.infeasible or solution.interrupted or budget.stopped:
                return _merge(instance, todo, params, started, _stopped(solution, budget))
    return _merge(instance, todo, params, started)


def _make_exact(todo: Sequence[_Part], params: SolveParams, interrupted: bool) -> None:
    """Price the rotas the first pass left as found (the time ran out, or a signal came,
    before the rounds reached them): each rota fixed, its flows and slacks re-optimised
    piece by piece (`search` does it), so that the merged rota's terms are those the checker
    recomputes, or are named as not proven."""
    polish = params.stages.polish
    seconds = polish.interrupted_seconds if interrupted else polish.exact_seconds
    # any completion of the fixed rota, which `search` then prices exactly
    fixed_params = params.model_copy(
        update={"neighbourhood": "off", "stop_after_first_solution": True, "polish_seconds": 1}
    )
    for part in todo:
        kept = part.solution
        if part.exact or kept is None or kept.objective is None:
            continue
        build = part.model.build
        hints = hints_of(build, kept.assignments)
        fixed = build.lm.fixed(hints, hints=hints)
        priced = search(part.model, fixed_params, Budget.of(seconds), fixed)
        if priced.objective is None:
            continue  # no completion in time: the rota's terms stay as found, and say so
        bound = kept.bound  # the fixed model's own bound proves nothing about the part
        gap = None if bound is None else relative_gap(priced.objective.total, bound)
        part.solution = priced.model_copy(
            update={"status": kept.status, "bound": bound, "gap": gap, "stats": kept.stats}
        )
        part.exact = True


def _stopped(solution: Solution, budget: Budget) -> bool:
    """Whether a signal cut the search short (the part's search, or between two parts)."""
    return bool(solution.interrupted) or budget.stopped


def _start_by_centres(part: _Part, quick: SolveParams, budget: Budget, seconds: float) -> None:
    """Hint a large part with a rota put together from its centres, solved apart: they share
    need but no hard rule, so the rotas together are a rota of the part (a start, not its
    optimum); CP-SAT alone can take longer than the whole time limit to find a first rota
    of a part of hundreds of staff."""
    pieces = split(part.model.instance, link_communes=False)
    if len(pieces) < 2:
        return
    started = time.monotonic()
    shares = quick.stages.parts
    sizes = [len(p.staff) for p in pieces]
    rota: list[Assignment] = []
    for k, piece in enumerate(pieces):
        left = seconds - (time.monotonic() - started)
        share = max(shares.min_piece_seconds, left * sizes[k] / sum(sizes[k:]))
        model = prepare(piece, quick)
        found = search(model, quick, budget.at_least(share - model.elapsed()))
        rota += found.assignments  # a piece without a rota leaves its part of the hint empty
    left = seconds - (time.monotonic() - started)
    part.start = _complete(
        part.model, rota, quick, budget.at_least(max(shares.min_fixed_seconds, left))
    )


def _complete(
    model: Prepared, rota: Sequence[Assignment], quick: SolveParams, budget: Budget
) -> LinearModel:
    """The part's model hinted on every variable, not only the rota's: with the rota fixed
    the rest (worked days, flows, slacks) is found at once, whereas CP-SAT given the rota
    alone as a hint can search long for a first solution of a large part."""
    start = hinted(model.build, rota)
    fixed = start.fixed(start.hints)
    result = get_backend(quick.backend).solve(fixed, quick, budget)
    if result.values is not None:
        return start.fixed({}, hints=dict(enumerate(result.values)))
    return start


def _has_rota(part: _Part) -> bool:
    return part.solution is not None and part.solution.objective is not None


def _share(seconds: float, remaining: Sequence[_Part], part: _Part) -> float:
    """The part's share of the time left, by size among the parts still to search."""
    return max(0.05, seconds * part.size / max(1, sum(p.size for p in remaining)))


def _progress(budget: Budget, k: int, n: int, part: _Part, seconds: float) -> None:
    printer = budget.printer
    s = part.solution
    if s is None or s.objective is None:
        printer.note(f"  part {k + 1}/{n} {part.model.instance.name}: {s and s.status.value}")
        return
    gap = "-" if s.gap is None else f"{100 * s.gap:.2f}%"
    printer.note(
        f"  part {k + 1}/{n} ({len(part.model.instance.staff)} staff): {s.status.value} "
        f"{s.objective.total:.3f}, gap {gap}, at {seconds:.1f}s"
    )


def _merge(
    instance: Instance,
    todo: Sequence[_Part],
    params: SolveParams,
    started: float,
    stopped: bool = False,
) -> Solution:
    """The parts' rotas as one (`stopped`: a signal cut the search short: interrupted, even
    when every part kept a rota found before it)."""
    _make_exact(todo, params, stopped)
    solutions = [p.solution for p in todo]
    seconds = round(time.monotonic() - started, 3)
    first, best = _latest([p.first_at for p in todo]), _latest([p.best_at for p in todo])
    stats = Stats(
        backend=params.backend,
        seconds=seconds,
        workers=params.workers,
        seed=params.seed,
        time_limit=params.time_limit,
        variables=sum(p.model.build.lm.num_vars for p in todo),
        constraints=sum(len(p.model.build.lm.constraints) for p in todo),
        # a rota of the whole exists once every part has one
        first_feasible_seconds=first,
        best_seconds=best,
    )
    conflicts = [c for s in solutions if s for c in s.conflicts]
    interrupted = True if stopped or any(s and s.interrupted for s in solutions) else None
    relaxed = True if params.relax else None
    done = [s for s in solutions if s is not None and s.objective is not None]
    if len(done) < len(solutions):
        infeasible = any(s is not None and s.status == Status.infeasible for s in solutions)
        return Solution(
            instance=instance.name,
            status=Status.infeasible if infeasible else Status.unknown,
            stats=stats,
            conflicts=conflicts,
            interrupted=interrupted,
            relaxed=relaxed,
        )
    terms: dict[str, float] = {}
    for s in done:
        assert s.objective is not None
        for name, value in s.objective.terms.items():
            terms[name] = terms.get(name, 0.0) + value
    unproven: dict[str, str] = {}
    for part in todo:
        solution = part.solution
        assert solution is not None and solution.objective is not None
        if not part.exact:
            why = "the rota of a part was not priced in time"
            unproven.update({name: why for name in solution.objective.terms})
        for name, why in (solution.objective.unproven or {}).items():
            unproven.setdefault(name, why)
    total = sum(s.objective.total for s in done if s.objective is not None)
    bounds = [s.bound for s in done]
    bound = None if any(b is None for b in bounds) else sum(b for b in bounds if b is not None)
    optimal = all(s.status == Status.optimal for s in done) and not interrupted
    staff_order = {p.id: k for k, p in enumerate(instance.staff)}
    return Solution(
        instance=instance.name,
        status=Status.optimal if optimal else Status.feasible,
        objective=Objective(
            total=round(total, 6),
            terms={k: round(v, 6) for k, v in terms.items()},
            unproven=unproven or None,
        ),
        bound=None if bound is None else round(bound, 6),
        gap=None if bound is None else round(relative_gap(total, bound), 6),
        assignments=sorted(
            (a for s in done for a in s.assignments), key=lambda a: (a.date, a.staff, a.shift)
        ),
        staff_summary=sorted(
            (r for s in done for r in s.staff_summary), key=lambda r: staff_order[r.staff]
        ),
        coverage=_coverage(instance, done),
        violations=[v for s in done for v in s.violations],
        served_need_per_week=round(sum(s.served_need_per_week for s in done), 3),
        stats=stats,
        conflicts=conflicts,
        interrupted=interrupted,
        relaxed=relaxed,
    )


def _latest(times: list[float | None]) -> float | None:
    """The time all parts had reached a point, or None if one never did."""
    known = [t for t in times if t is not None]
    return round(max(known), 3) if known and len(known) == len(times) else None


def _coverage(instance: Instance, done: Sequence[Solution]) -> list[Coverage]:
    """Rows in the instance's commune order; a commune no site reaches is served nothing."""
    rows = {(r.insee, r.line): r for s in done for r in s.coverage}
    facts = Facts(instance)
    out = []
    for commune in instance.communes:
        for line in facts.care_lines:
            row = rows.get((commune.insee, line))
            need = facts.need_per_week(commune, line)
            if row is None and need > 0:
                row = Coverage(
                    insee=commune.insee,
                    name=commune.name,
                    line=line,
                    need=need,
                    served=0.0,
                    weight=facts.commune_weight(commune),
                )
            if row is not None:
                out.append(row)
    return out
