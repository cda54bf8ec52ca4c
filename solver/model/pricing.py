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
from maillage.solver.model.linear import Constraint, LinearModel, linked

# Tiny pieces (a person's slack) are solved together, up to BATCH_VARIABLES a call: one
# CP-SAT call each would cost more in calls than in search. Larger ones (a week's flows
# between neighbouring sites) are solved alone: one search over several independent
# pieces proves them together, which takes far longer than proving each.
TINY_PIECE = 30
BATCH_VARIABLES = 2_000


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
    # each piece may take all the time left: they are proven in milliseconds, and one that
    # is not should not leave the others without time
    for batch in _batches([p for p in pieces if p.constraints]):
        left = deadline - time.monotonic()
        stopped = stop is not None and stop.is_set()
        if stopped or left <= 0 or not _solve(lm, batch, out, fixed, cost, left, workers):
            why = (
                f"its flows and slacks were not proven optimal for the rota within "
                f"{seconds:.1f} s ({len(batch.variables)} variables in one piece)"
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
    """The free variables grouped by the constraints that link them."""
    linking: list[tuple[list[int], Constraint]] = []
    for con in lm.constraints:
        free = [v for v in con.vars if not fixed[v]]
        if con.enforce is not None and not fixed[con.enforce]:
            free.append(con.enforce)
        if free:  # else it holds already: the rota is feasible
            linking.append((free, con))
    root = linked(lm.num_vars, (free for free, _ in linking))
    by_root: dict[int, _Piece] = {}
    for var in range(lm.num_vars):
        if not fixed[var]:
            by_root.setdefault(root[var], _Piece([], [])).variables.append(var)
    for free, con in linking:
        by_root[root[free[0]]].constraints.append(con)
    return list(by_root.values())


def _batches(pieces: list[_Piece]) -> list[_Piece]:
    """Tiny pieces put together, the others alone, smallest first."""
    out: list[_Piece] = []
    current = _Piece([], [])
    for piece in sorted(pieces, key=lambda p: len(p.variables)):
        if len(piece.variables) > TINY_PIECE:
            out.append(piece)
            continue
        if current.variables and len(current.variables) + len(piece.variables) > BATCH_VARIABLES:
            out.append(current)
            current = _Piece([], [])
        current.variables += piece.variables
        current.constraints += piece.constraints
    if current.variables:
        out.append(current)
    return sorted(out, key=lambda p: len(p.variables))


def _solve(
    lm: LinearModel,
    piece: _Piece,
    out: list[int],
    fixed: list[bool],
    cost: list[int],
    seconds: float,
    workers: int,
) -> bool:
    """Re-optimise one piece in `out`, the fixed variables' values moved to the bounds;
    whether it was proven optimal."""
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
    # the pieces are small linear programs in integers (flows under caps): the full LP
    # relaxation proves them where CP-SAT's default single worker searches on
    solver.parameters.linearization_level = 2
    # called directly, not in a thread as a search is: a piece takes milliseconds, and
    # `price` looks at the stop between pieces
    code = solver.solve(model)
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
