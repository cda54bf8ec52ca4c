"""A rota's exact terms: its decisions fixed, everything else (flows, slacks) re-optimised.

With the decisions fixed, the rest of the model falls apart into small independent pieces:
the flows of one week and care line between neighbouring sites, one person's slacks, one
group's fairness spread. Solved piece by piece, each is proven optimal in milliseconds,
where a single CP-SAT search over all of them at once may not prove the whole of a large
network in minutes; and a piece that is not proven in time names the terms it touches,
instead of leaving every term in doubt.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from maillage.solver.budget import Stop
from maillage.solver.model.linear import Constraint, LinearModel

# Pieces are solved together up to this many variables: one CP-SAT call per tiny piece
# would cost more in calls than in search.
BATCH_VARIABLES = 4_000


@dataclass
class Priced:
    values: list[int]
    objective: int  # minimised, in the model's units
    unproven: dict[str, str] = field(default_factory=dict)  # term -> why not exact
    pieces: int = 0
    seconds: float = 0.0


@dataclass
class _Piece:
    variables: list[int]
    constraints: list[Constraint]


def price(
    lm: LinearModel,
    values: Sequence[int],
    seconds: float,
    *,
    workers: int = 1,
    stop: Stop | None = None,
) -> Priced:
    """The best values of every variable but the decisions for the rota in `values` (a
    feasible solution of `lm`), each piece proven optimal within `seconds` in all; where a
    piece is not, its best values found (never worse than `values`) and its terms named."""
    began = time.monotonic()
    deadline = began + seconds
    out = list(values)
    fixed = [lo == hi for lo, hi in zip(lm.lower, lm.upper, strict=True)]
    for var in lm.decisions:
        fixed[var] = True
    cost = _costs(lm)
    pieces = _pieces(lm, fixed)
    trivial = [p for p in pieces if not p.constraints]
    for piece in trivial:  # a variable in no constraint: at the better end of its domain
        for var in piece.variables:
            if cost[var] > 0:
                out[var] = lm.lower[var]
            elif cost[var] < 0:
                out[var] = lm.upper[var]
    unproven: dict[str, str] = {}
    batches = _batches([p for p in pieces if p.constraints])
    remaining = sum(len(b.variables) for b in batches)
    for batch in batches:
        share = max(0.05, (deadline - time.monotonic()) * len(batch.variables) / remaining)
        remaining -= len(batch.variables)
        proven = _solve(lm, batch, out, fixed, cost, share, workers, stop)
        if not proven:
            why = (
                f"its flows and slacks were not proven optimal for the rota in {share:.1f} s "
                f"({len(batch.variables)} variables in one piece)"
            )
            for term in _terms_of(lm, batch.variables):
                unproven.setdefault(term, why)
    objective = sum(coef * out[var] for terms in lm.objective.values() for coef, var in terms)
    return Priced(out, objective, unproven, len(pieces), time.monotonic() - began)


def _costs(lm: LinearModel) -> list[int]:
    cost = [0] * lm.num_vars
    for terms in lm.objective.values():
        for coef, var in terms:
            cost[var] += coef
    return cost


def _pieces(lm: LinearModel, fixed: list[bool]) -> list[_Piece]:
    """The free variables grouped by the constraints that link them (union-find)."""
    parent = list(range(lm.num_vars))

    def root(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    linking: list[tuple[int, Constraint]] = []
    for con in lm.constraints:
        free = [v for v in con.vars if not fixed[v]]
        if con.enforce is not None and not fixed[con.enforce]:
            free.append(con.enforce)
        if not free:
            continue  # holds already: the rota is feasible
        first = root(free[0])
        for v in free[1:]:
            other = root(v)
            if other != first:
                parent[other] = first
        linking.append((free[0], con))
    by_root: dict[int, _Piece] = {}
    for var in range(lm.num_vars):
        if not fixed[var]:
            by_root.setdefault(root(var), _Piece([], [])).variables.append(var)
    for var, con in linking:
        by_root[root(var)].constraints.append(con)
    return list(by_root.values())


def _batches(pieces: list[_Piece]) -> list[_Piece]:
    """Small pieces put together, large ones alone, smallest first."""
    out: list[_Piece] = []
    current = _Piece([], [])
    for piece in sorted(pieces, key=lambda p: len(p.variables)):
        if current.variables and len(current.variables) + len(piece.variables) > BATCH_VARIABLES:
            out.append(current)
            current = _Piece([], [])
        current.variables += piece.variables
        current.constraints += piece.constraints
    if current.variables:
        out.append(current)
    return out


def _solve(
    lm: LinearModel,
    piece: _Piece,
    out: list[int],
    fixed: list[bool],
    cost: list[int],
    seconds: float,
    workers: int,
    stop: Stop | None,
) -> bool:
    """Re-optimise one piece in `out`, the fixed variables' values moved to the bounds;
    whether it was proven optimal."""
    from maillage.solver.backends.cpsat import run  # the backends import this module

    model = cp_model.CpModel()
    local = {var: model.new_int_var(lm.lower[var], lm.upper[var], "") for var in piece.variables}
    for con in piece.constraints:
        constant = sum(c * out[v] for v, c in zip(con.vars, con.coefs, strict=True) if fixed[v])
        expr = sum(c * local[v] for v, c in zip(con.vars, con.coefs, strict=True) if not fixed[v])
        lo = cp_model.INT_MIN if con.lo is None else con.lo - constant
        hi = cp_model.INT_MAX if con.hi is None else con.hi - constant
        if con.enforce is not None and fixed[con.enforce] and not out[con.enforce]:
            continue
        linear = model.add_linear_constraint(expr, lo, hi)
        if con.enforce is not None and not fixed[con.enforce]:
            linear.only_enforce_if(local[con.enforce])
    model.minimize(sum(cost[v] * local[v] for v in piece.variables if cost[v]))
    for var, x in local.items():
        model.add_hint(x, out[var])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.catch_sigint_signal = False
    code, _ = run(solver, model, stop=stop)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    found = [solver.value(local[v]) for v in piece.variables]
    before = sum(cost[v] * out[v] for v in piece.variables)
    if sum(cost[v] * x for v, x in zip(piece.variables, found, strict=True)) <= before:
        for var, value in zip(piece.variables, found, strict=True):
            out[var] = value
    return bool(code == cp_model.OPTIMAL)


def _terms_of(lm: LinearModel, variables: Sequence[int]) -> list[str]:
    mine = set(variables)
    return [name for name, terms in lm.objective.items() if any(v in mine for _, v in terms)]
