"""Branch and price over weekend days: which days of the weekends each person works, chosen
by a depth-first tree whose every node is bounded by column generation.

Why: where weekends are capped, which weekend days each person works is the skeleton of the
rota, and with the skeleton fixed the Dantzig-Wolfe LP is all but integral: held at a rota's
weekends its bound shows that no better rota has them, and with the right few people's
weekends freed it comes down to the better rota's value. The root LP mixes weekends, and
random moves rarely free the right few people (see `weekend_moves`). Branching on the
weekend worked-day variables, each node re-priced from the columns found so far (which
makes a node cheap), finds them.

A node whose LP has every weekend day integral is completed by CP-SAT with those days fixed
and the objective capped below the best rota; a node is closed when its bound reaches the
best rota, so an exhausted tree proves the best rota optimal. The branching takes the most
fractional weekend day, and its 0 branch first (not working it): the 1 branch first found
the better rota later, the least fractional day not at all
(docs/decisions/2026-12-05-weekend-branching-rule.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from maillage.solver.backends import cpsat
from maillage.solver.backends.common import BackendResult
from maillage.solver.budget import Budget
from maillage.solver.model.linear import LinearModel
from maillage.solver.model.tags import Tag
from maillage.solver.params import SolveParams
from maillage.solver.search.colgen import Column, Generation, generate
from maillage.solver.search.neighbourhood import IntArray

INTEGRAL = 1e-6


@dataclass
class _Tree:
    """One search: what every node needs (the model, the budget) and what the nodes share
    (the best rota, the column pool, whether a node was left open)."""

    lm: LinearModel
    people: Sequence[IntArray]
    params: SolveParams
    budget: Budget
    best: BackendResult
    pool: list[Column] = field(default_factory=list)
    seen: set[tuple[int, bytes]] = field(default_factory=set)
    nodes: int = 0
    open_leaf: bool = False  # a node unpriced or a skeleton unfinished: the tree proves nothing

    def extend(self, columns: Sequence[Column]) -> None:
        for k, values in columns:
            key = (k, values.tobytes())
            if key not in self.seen:
                self.seen.add(key)
                self.pool.append((k, values))

    def price(self, fixed: dict[int, int]) -> Generation | None:
        """Column generation on the node, started from the pool (None: no round in time)."""
        generation = generate(
            self.lm.fixed(fixed),
            self.people,
            self.budget.within(self.params.stages.branching.node_seconds),
            workers=self.params.workers,
            pricing_seconds=self.params.stages.price_and_fix.pricing_seconds,
            columns=self.pool,
        )
        if generation is None:
            self.open_leaf = True
        else:
            self.extend(generation.pool)
        return generation

    def complete(self, node: Generation, skeleton: dict[int, int]) -> None:
        """CP-SAT on the node's skeleton (every weekend day fixed), hinted with the LP's
        rounded decisions, for a rota better than the best; a leaf left open when it is cut
        short."""
        best = self.best.objective
        assert best is not None
        lm = self.lm
        hints = {v: round(float(node.mean[v])) for v in lm.decisions}
        sub = lm.fixed(skeleton, hints=hints)
        sub.constraints = [*sub.constraints]  # the cap is this skeleton's own
        sub.add([t for terms in sub.objective.values() for t in terms], None, best - 1, Tag("cap"))
        seconds = self.params.stages.branching.complete_seconds
        quiet = self.params.model_copy(update={"progress": False, "polish_seconds": 0.0})
        result = cpsat.solve(sub, quiet, self.budget.within(seconds).quiet())
        if result.status not in ("optimal", "infeasible"):
            self.open_leaf = True
        if result.values is not None and result.objective is not None and result.objective < best:
            at = self.budget.elapsed()
            result.best_seconds = result.first_feasible_seconds = at
            result.status = "feasible"
            self.best = result
            self.budget.printer.solution(at, result.objective, None)


def wanted(params: SolveParams, weekend: Sequence[IntArray], root: Generation | None) -> bool:
    """Where weekends are capped (`weekend_moves.weekend_work` found some) and column
    generation has rotas; auto: only once it reached the LP optimum (before it, the LP's
    weekends mean little)."""
    if params.branching == "off" or not weekend or root is None or not root.pool:
        return False
    return params.branching == "on" or root.converged


def search(
    lm: LinearModel,
    people: Sequence[IntArray],
    weekend: IntArray,
    root: Generation,
    incumbent: BackendResult,
    params: SolveParams,
    budget: Budget,
) -> BackendResult:
    """The best rota found (a copy of `incumbent` when none is better; times from this
    call), optimal when the tree was exhausted; `root` is column generation on `lm`,
    `weekend` the worked-day variables of the weekend days, `incumbent` a rota of `lm`."""
    assert incumbent.objective is not None and incumbent.values is not None
    start = replace(incumbent, status="feasible", first_feasible_seconds=0.0, best_seconds=0.0)
    tree = _Tree(lm, people, params, budget, start)
    tree.extend(root.pool)
    proven = _explore(tree, weekend, root)
    result = tree.best
    result.status = "optimal" if proven else "feasible"
    result.bound = result.objective if proven else root.bound
    result.seconds = budget.elapsed()
    result.interrupted = budget.interrupted
    budget.printer.note(
        f"weekend branching: {tree.nodes} nodes, {len(tree.pool)} rotas"
        f"{', the tree exhausted' if proven else ''}"
    )
    return result


def _explore(tree: _Tree, weekend: IntArray, root: Generation) -> bool:
    """Depth first from the root until the deadline or a stop; whether the tree was
    exhausted (every node closed: the best rota is optimal)."""
    stack: list[dict[int, int]] = [{}]
    generation: Generation | None = root
    while stack and not tree.budget.stopped:
        if tree.budget.left() <= 0:
            break
        fixed = stack.pop()
        if generation is None:  # not the root: price the node
            generation = tree.price(fixed)
            if generation is None:
                continue
        node, generation = generation, None
        tree.nodes += 1
        best = tree.best.objective
        assert best is not None
        if node.bound is None or node.bound >= best:
            continue  # infeasible, or no better rota below
        lp = node.mean[weekend]
        frac = np.abs(lp - np.rint(lp))
        if float(frac.max(initial=0.0)) > INTEGRAL:
            v = int(weekend[int(np.argmax(frac))])
            stack += [{**fixed, v: 1}, {**fixed, v: 0}]  # 0 popped first
            continue
        rounded = np.rint(lp).astype(np.int64).tolist()
        skeleton = {**dict(zip(weekend.tolist(), rounded, strict=True)), **fixed}
        tree.complete(node, skeleton)
        best = tree.best.objective
        if best is not None and node.bound >= best:
            continue  # the skeleton met the node's bound
        free = [int(v) for v in weekend.tolist() if v not in fixed]
        if not free:
            continue  # every weekend day fixed: the skeleton was the whole node
        v = free[0]
        value = skeleton[v]
        stack += [{**fixed, v: 1 - value}, {**fixed, v: value}]
    return not stack and not tree.open_leaf and not tree.budget.stopped
