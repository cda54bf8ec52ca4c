"""A large connected network searched by groups of centres, with a valid bound.

Centres that share no staff, no sector and no hard rule are linked only by the need of the
communes their catchments share: each commune's cap (served <= need) sums flows from
several sites. Pricing those caps (a Lagrangian relaxation: a price per cap, charged on
every flow under it) leaves one independent model per group of centres, each small enough
for CP-SAT to find a rota in a second where the whole network gets none in minutes.

- Rota: the groups' rotas side by side are a rota of the whole (flows set to zero keep
  every constraint); its flows are then re-optimised against the real caps, piece by piece
  (`maillage.solver.model.pricing`), so its terms are exact.
- Bound: whatever the prices, the whole optimum is at least the sum of each group's proven
  bound of its priced model less the prices times the needs (minimised units), since every
  rota of the whole is a rota of each group and pays no price where a cap holds.
- Prices: subgradient steps from zero, towards the needs the groups' rotas over-serve
  (Polyak's step, halved when the bound stops rising). Each group keeps its own share of
  every cap it touches, so a group alone never serves a commune beyond its need.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from maillage.solver.backends import cpsat
from maillage.solver.backends.common import BackendResult
from maillage.solver.budget import Budget
from maillage.solver.model.build import Build
from maillage.solver.model.linear import Constraint, LinearModel, Term, linked
from maillage.solver.model.pricing import price
from maillage.solver.params import SolveParams

PRICES = "network_prices"  # the objective term of a group's priced model
FULL_PRESOLVE_DECISIONS = 200  # a group's first rota: a full presolve from this size


def wanted(staff: int, params: SolveParams) -> bool:
    """Whether a model of this many staff is searched by groups of centres."""
    least = params.stages.network.min_staff
    return params.backend == "cpsat" and 0 < least <= staff


@dataclass
class Group:
    """One group of centres: its variables, its own model (numbered from 0), and its share
    of each cap: (cap, its terms in the group's numbering)."""

    variables: list[int]
    lm: LinearModel
    caps: list[tuple[int, list[Term]]] = field(default_factory=list)


def groups(build: Build, lm: LinearModel) -> list[Group]:
    """The model's groups once the caps are set aside (union-find over every other
    constraint), largest first; a single group when nothing but caps links them."""
    caps = set(build.caps)
    root = linked(
        lm.num_vars,
        (
            con.vars if con.enforce is None else [*con.vars, con.enforce]
            for k, con in enumerate(lm.constraints)
            if k not in caps
        ),
    )
    members: dict[int, list[int]] = defaultdict(list)
    for v in range(lm.num_vars):
        members[root[v]].append(v)
    decided = set(lm.decisions)
    # variables no constraint links to a decision join the largest group
    with_decisions = [vs for vs in members.values() if any(v in decided for v in vs)]
    loose = [v for vs in members.values() if not any(v in decided for v in vs) for v in vs]
    if not with_decisions:
        return []
    with_decisions.sort(key=len, reverse=True)
    with_decisions[0] = sorted(with_decisions[0] + loose)
    return _split(lm, with_decisions, caps)


def _split(lm: LinearModel, members: list[list[int]], caps: set[int]) -> list[Group]:
    """Each group's own model, in one pass over the constraints."""
    owner = [0] * lm.num_vars
    index = [0] * lm.num_vars
    for g, variables in enumerate(members):
        for k, v in enumerate(variables):
            owner[v], index[v] = g, k
    decisions: list[list[int]] = [[] for _ in members]
    for v in lm.decisions:
        decisions[owner[v]].append(index[v])
    out = [
        Group(
            variables,
            LinearModel(
                names=[lm.names[v] for v in variables],
                lower=[lm.lower[v] for v in variables],
                upper=[lm.upper[v] for v in variables],
                decisions=decisions[g],
            ),
        )
        for g, variables in enumerate(members)
    ]
    for k, con in enumerate(lm.constraints):
        if k in caps:  # each group's own share of the cap holds whatever the others serve
            shares: dict[int, list[Term]] = defaultdict(list)
            for c, v in zip(con.coefs, con.vars, strict=True):
                shares[owner[v]].append((c, index[v]))
            for g, terms in shares.items():
                out[g].caps.append((k, terms))
                out[g].lm.constraints.append(
                    Constraint([v for _, v in terms], [c for c, _ in terms], con.lo, con.hi, None)
                )
            continue
        anchor = con.vars[0] if con.vars else con.enforce
        if anchor is None:
            continue
        enforce = None if con.enforce is None else index[con.enforce]
        out[owner[anchor]].lm.constraints.append(
            Constraint([index[v] for v in con.vars], con.coefs, con.lo, con.hi, con.tag, enforce)
        )
    for name, terms in lm.objective.items():
        for c, v in terms:
            out[owner[v]].lm.objective.setdefault(name, []).append((c, index[v]))
    return out


@dataclass
class Searched:
    """What the stage found: the best rota of the whole (exact terms) and its bound."""

    result: BackendResult | None
    bound: int | None
    rounds: int


def search(
    build: Build, lm: LinearModel, parts: Sequence[Group], params: SolveParams, budget: Budget
) -> Searched:
    """First rotas of every group, then rounds of priced searches until the budget ends;
    the best rota of the whole and the best bound."""
    began = time.monotonic()
    network = params.stages.network
    one = params.model_copy(
        update={
            "workers": 1,
            "polish_seconds": 0,
            "progress": False,
            "neighbourhood": "off",
            "quick_presolve": True,  # a group's full presolve can take its whole share
        }
    )
    caps = {k: lm.constraints[k] for k in build.caps}
    flows = sorted({v for k in build.caps for v in lm.constraints[k].vars})
    printer, quiet = budget.printer, budget.quiet()
    pricing = 0.0  # how long pricing a rota of the whole took last

    def whole(found: Sequence[BackendResult | None], before: list[int]) -> BackendResult:
        """The groups' rotas as one (a group without one keeps its part of `before`), its
        flows re-optimised against the real caps."""
        values = list(before)
        for group, r in zip(parts, found, strict=True):
            if r is not None and r.values is not None:
                for k, v in enumerate(group.variables):
                    values[v] = r.values[k]
        for v in flows:  # every constraint holds with no flow; the pricing puts them back
            values[v] = lm.lower[v]
        nonlocal pricing
        priced = price(lm, values, max(1.0, budget.left()), workers=params.workers)
        pricing = priced.seconds
        seconds = time.monotonic() - began
        exact = not priced.unproven  # else `search` prices the final rota again
        return BackendResult(
            "feasible", priced.values, priced.objective, None, seconds, seconds, exact=exact
        )

    found = _first_rotas(parts, lm.hints, one, quiet.share(network.first_share), params.workers)
    missing = [g for g, r in zip(parts, found, strict=True) if r is None or r.values is None]
    if missing and not budget.stopped:  # no rota of the whole without theirs: the time left
        retried = iter(_first_rotas(missing, lm.hints, one, quiet, params.workers))
        found = [next(retried) if r is None or r.values is None else r for r in found]
    if any(r is None or r.values is None for r in found):
        return Searched(None, None, 0)
    best = whole(found, list(lm.lower))
    assert best.objective is not None
    printer.solution(best.seconds, best.objective, None)
    bound: int | None = None
    prices: dict[int, int] = {}
    paid: dict[int, int] = {}  # the prices of the last round
    step, rounds = network.step, 0
    while not params.stop_after_first_solution and not budget.stopped:
        rounds += 1
        assert best.values is not None and best.objective is not None
        # the round, then the whole rota priced again (as long as the last pricing took)
        left = budget.left() - pricing
        if left < 1.0:
            break
        seconds = min(left, max(network.round_seconds, left / 2))
        hints = dict(enumerate(best.values))
        # a group proven optimal at the prices it still pays needs no new search
        todo = [
            k
            for k, (group, r) in enumerate(zip(parts, found, strict=True))
            if rounds == 1 or r is None or r.status != "optimal" or _repriced(group, prices, paid)
        ]
        again = _round(
            [parts[k] for k in todo], hints, prices, one, quiet.within(seconds), params.workers
        )
        for k, r in zip(todo, again, strict=True):
            found[k] = r
        paid = dict(prices)
        candidate = whole(found, best.values)
        assert candidate.objective is not None
        if candidate.objective < best.objective:
            candidate.first_feasible_seconds = best.first_feasible_seconds
            best = candidate
        dual = _dual(found, caps, prices)
        if dual is not None and (bound is None or dual > bound):
            bound = dual
        elif rounds > 1:
            step /= 2
        assert best.objective is not None
        printer.solution(time.monotonic() - began, best.objective, bound)
        proven = sum(r is not None and r.status == "optimal" for r in found)
        printer.note(
            f"network round {rounds}: {len(todo)} groups searched, {proven} of {len(parts)} "
            f"proven at their prices, {len(prices)} needs priced"
        )
        prices = _step(found, parts, caps, prices, best.objective, dual, step)
    best.bound = bound
    best.seconds = time.monotonic() - began
    best.interrupted = budget.interrupted
    return Searched(best, bound, rounds)


def _first_rotas(
    parts: Sequence[Group],
    hints: dict[int, int],
    params: SolveParams,
    budget: Budget,
    threads: int,
) -> list[BackendResult | None]:
    """Each group's first rota of its hard rules alone: with an objective, CP-SAT's single
    worker follows its LP and can search a group for seconds where feasibility alone takes
    milliseconds."""
    # a small group's full presolve takes longer than its rota; a large one's saves more
    quick = params.model_copy(update={"stop_after_first_solution": True, "quick_presolve": True})
    full = quick.model_copy(update={"quick_presolve": False})

    def first_rota(group: Group) -> BackendResult | None:
        if budget.stopped:
            return None
        easier = _hinted(group, hints)
        easier.objective = {}
        large = len(group.lm.decisions) >= FULL_PRESOLVE_DECISIONS
        return cpsat.solve(easier, full if large else quick, budget)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(first_rota, parts))


def _repriced(group: Group, prices: dict[int, int], paid: dict[int, int]) -> bool:
    return any(prices.get(k, 0) != paid.get(k, 0) for k, _ in group.caps)


def _round(
    parts: Sequence[Group],
    hints: dict[int, int],
    prices: dict[int, int],
    params: SolveParams,
    budget: Budget,
    threads: int,
) -> list[BackendResult | None]:
    """Every group searched at these prices, hinted with the best rota, `threads` at a
    time, each within its share of the budget by size."""
    total = sum(len(g.variables) for g in parts)
    seconds = budget.left()

    def priced_search(group: Group) -> BackendResult | None:
        local = _hinted(group, hints)
        _charge(local, group, prices)
        share = budget.within(seconds * len(group.variables) / total * threads)
        return cpsat.solve(local, params, share)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(priced_search, parts))


def _hinted(group: Group, hints: dict[int, int]) -> LinearModel:
    """A copy of the group's model hinted with the whole model's values, where it has them."""
    out = group.lm.fixed({})
    out.objective = dict(group.lm.objective)
    out.hints = {k: hints[v] for k, v in enumerate(group.variables) if v in hints}
    return out


def _charge(local: LinearModel, group: Group, prices: dict[int, int]) -> None:
    terms = [(prices[k] * c, v) for k, cap in group.caps if prices.get(k) for c, v in cap]
    if terms:
        local.objective[PRICES] = terms


def _dual(
    found: Sequence[BackendResult | None], caps: dict[int, Constraint], prices: dict[int, int]
) -> int | None:
    """The bound the groups' searches prove at these prices (minimised units)."""
    bounds = [None if r is None else r.bound for r in found]
    if any(b is None for b in bounds):
        return None
    charged = sum(p * (caps[k].hi or 0) for k, p in prices.items())
    return sum(b for b in bounds if b is not None) - charged


def _step(
    found: Sequence[BackendResult | None],
    parts: Sequence[Group],
    caps: dict[int, Constraint],
    prices: dict[int, int],
    best: int | None,
    dual: int | None,
    step: float,
) -> dict[int, int]:
    """New prices: up where the groups' rotas serve a commune beyond its need together,
    down (never below zero) where they leave need unserved."""
    served: dict[int, int] = defaultdict(int)
    for group, r in zip(parts, found, strict=True):
        if r is None or r.values is None:
            return prices
        for k, terms in group.caps:
            served[k] += sum(c * r.values[v] for c, v in terms)
    slack = {k: served.get(k, 0) - (con.hi or 0) for k, con in caps.items()}
    moving = {k: g for k, g in slack.items() if g > 0 or prices.get(k, 0) > 0}
    norm = sum(g * g for g in moving.values())
    if not norm:
        return prices
    gap = (best - dual) if best is not None and dual is not None else None
    size = step * (gap if gap and gap > 0 else abs(best or 1) * 0.01) / norm
    out = {}
    for k, g in moving.items():
        value = max(0, round(prices.get(k, 0) + size * g))
        if value:
            out[k] = value
    return out
