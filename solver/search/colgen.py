"""A lower bound by column generation (Dantzig-Wolfe decomposition over people).

Why: the model's own LP relaxation is weak where each person's rota is tightly ruled (runs,
weekends, total minutes), and CP-SAT's search raises its bound slowly. Relaxing only what
links people (cover, staffing) and keeping each person's rules whole gives the Dantzig-Wolfe
bound, which can be as high as the optimum and so prove it
(docs/decisions/2026-12-04-price-and-fix.md).

The model splits into blocks: the connected parts of the model once the constraints that hold
the decisions of more than one person (the coupling rows) are set aside. A restricted master LP
(GLOP) chooses a convex combination of known rotas per block; each block is then priced by
CP-SAT against the master's duals, and every rota with a negative reduced cost becomes a column.

The bound does not trust the LP: at every round it is recomputed as a Lagrangian bound,
`pi.b + sum over blocks of min (c - pi.A) x + sum over free variables of min over their box`,
with each block's minimum proven by CP-SAT over integer (floored) coefficients, so floating
point and unfinished rounds can weaken the bound but never make it wrong.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import numpy.typing as npt
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from maillage.solver.backends.cpsat import compile_model
from maillage.solver.budget import Budget, Stop
from maillage.solver.model.linear import LinearModel

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Column = tuple[int, IntArray]  # a block's index, and a rota: its variables' values

SCALE = 1_000_000  # reduced costs are priced in millionths of the objective unit
TOLERANCE = 1e-6  # a column enters when its reduced cost is below -TOLERANCE
ARTIFICIAL = 10.0  # cost of breaking a coupling row in the master, per unit of the largest cost


@dataclass
class Block:
    """Variables that no coupling row separates, with the constraints among them."""

    variables: IntArray  # global indices
    model: LinearModel  # the same variables, numbered 0..n-1, without objective
    rows: dict[int, list[tuple[int, int]]]  # local variable -> [(coupling row, coef)]
    seen: set[bytes] = field(default_factory=set)  # the rotas that are columns already


@dataclass
class Decomposition:
    lm: LinearModel
    blocks: list[Block]
    free: IntArray  # variables in coupling rows only: bounded by their box
    rows: list[int]  # the coupling constraints' indices in lm.constraints
    unit: int  # the objective's gcd: costs are counted in these units
    cost: FloatArray  # per variable, in units


@dataclass
class Generation:
    """What column generation proved and found, in the model's own (scaled) units."""

    bound: int | None  # a proven lower bound on the objective; None: the model is infeasible
    lp: float  # the last restricted master's LP value (nan before the first)
    mean: FloatArray  # each variable's value in the master's LP optimum (mixed rotas)
    rounds: int
    columns: int
    converged: bool  # no rota with a negative reduced cost was left: the bound is the LP's
    seconds: float
    pool: list[Column] = field(default_factory=list)  # every rota that became a column


def dantzig_wolfe(lm: LinearModel, people: Sequence[IntArray]) -> Decomposition | None:
    """The blocks of the model, or None when fewer than two of them hold decisions."""
    n = lm.num_vars
    owner = np.full(n, -1, dtype=np.int64)
    for k, decisions in enumerate(people):
        owner[decisions] = k
    parent = np.arange(n)

    def find(a: int) -> int:
        root = a
        while parent[root] != root:
            root = int(parent[root])
        while parent[a] != root:
            parent[a], a = root, int(parent[a])
        return root

    rows: list[int] = []
    inner: list[int] = []
    for ci, con in enumerate(lm.constraints):
        held = {int(owner[v]) for v in con.vars if owner[v] >= 0}
        if len(held) > 1:
            # a row that holds only when its literal is on cannot be priced as always on:
            # it is left out of the master, which then relaxes it (the bound stays valid)
            if con.enforce is None:
                rows.append(ci)
            continue
        inner.append(ci)
        members = [*con.vars, *([con.enforce] if con.enforce is not None else [])]
        root = find(members[0]) if members else -1
        for v in members[1:]:
            other = find(v)
            if other != root:
                parent[other] = root
    roots = np.fromiter((find(v) for v in range(n)), dtype=np.int64, count=n)
    constrained = np.zeros(n, dtype=np.bool_)
    for ci in inner:
        constrained[lm.constraints[ci].vars] = True
    in_block = constrained | (owner >= 0)
    labels, local_root = np.unique(roots[in_block], return_inverse=True)
    if np.unique(roots[owner >= 0]).size < 2:
        return None  # one block holds every decision: pricing it is solving the model
    members_of: list[list[int]] = [[] for _ in labels]
    for v, b in zip(np.flatnonzero(in_block).tolist(), local_root.tolist(), strict=True):
        members_of[b].append(v)
    block_of = np.full(n, -1, dtype=np.int64)
    block_of[np.flatnonzero(in_block)] = local_root
    blocks = []
    for variables in members_of:
        sub = LinearModel()
        for v in variables:
            sub.new_var(lm.lower[v], lm.upper[v], lm.names[v])
        blocks.append(Block(np.asarray(variables, dtype=np.int64), sub, {}))
    local = np.full(n, -1, dtype=np.int64)
    for block in blocks:
        local[block.variables] = np.arange(block.variables.size)
    for ci in inner:
        con = lm.constraints[ci]
        members = [*con.vars, *([con.enforce] if con.enforce is not None else [])]
        if not members:
            continue
        block = blocks[int(block_of[members[0]])]
        block.model.add(
            [(c, int(local[v])) for c, v in zip(con.coefs, con.vars, strict=True)], con.lo, con.hi
        )
        if con.enforce is not None:
            block.model.constraints[-1].enforce = int(local[con.enforce])
    for j, ci in enumerate(rows):
        con = lm.constraints[ci]
        for c, v in zip(con.coefs, con.vars, strict=True):
            if block_of[v] >= 0:
                blocks[int(block_of[v])].rows.setdefault(int(local[v]), []).append((j, c))
    unit = 0
    cost = np.zeros(n, dtype=np.float64)
    for terms in lm.objective.values():
        for c, _ in terms:
            unit = math.gcd(unit, abs(c))
    unit = unit or 1
    for terms in lm.objective.values():
        for c, v in terms:
            cost[v] += c / unit
    return Decomposition(lm, blocks, np.flatnonzero(~in_block), rows, unit, cost)


class _Collect(cp_model.CpSolverSolutionCallback):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size
        self.found: list[IntArray] = []

    def on_solution_callback(self) -> None:
        solution = self.response_proto.solution
        self.found.append(np.fromiter(solution, np.int64, count=self.size))


@dataclass
class _Priced:
    minimum: float  # a proven lower bound on the block's min of (c - pi.A) x, in units
    rotas: list[IntArray]  # the rotas found, best last
    proven: bool = False  # the least reduced cost was proven: `minimum` is exact
    infeasible: bool = False  # proven: the block has no rota


def _price(block: Block, reduced: FloatArray, cap: float, deadline: float, stop: Stop) -> _Priced:
    """The block's rotas of least reduced cost (all those CP-SAT found on the way), within
    `cap` seconds; nothing (a bound of minus infinity) once the deadline has passed."""
    time_limit = min(cap, deadline - time.monotonic())
    if time_limit <= 0:
        return _Priced(-math.inf, [])
    coefs = np.floor(reduced * SCALE).astype(np.int64)
    # floor(S a) x <= S a x for x >= 0; a negative lower bound loosens that by |lower| / S
    slack = sum(max(0, -lo) for lo in block.model.lower) / SCALE
    block.model.objective = {"reduced": [(int(c), i) for i, c in enumerate(coefs) if c]}
    model = compile_model(block.model)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.catch_sigint_signal = False
    solver.parameters.linearization_level = 2
    collect = _Collect(block.variables.size)
    if stop.is_set():
        return _Priced(-math.inf, [])
    with stop.calling(solver.stop_search):
        status = solver.solve(model, collect)
    if stop.is_set():  # a solve stopped from outside may have no response
        return _Priced(-math.inf, collect.found)
    if status == cp_model.INFEASIBLE:
        return _Priced(math.inf, [], infeasible=True)
    proven = status == cp_model.OPTIMAL
    bound = solver.objective_value if proven else solver.best_objective_bound
    return _Priced(bound / SCALE - slack, collect.found, proven)


class _Master:
    """The restricted master LP: one convexity row per block, the coupling rows (each with an
    artificial slack at a high cost, so the LP is feasible from the first column on)."""

    def __init__(self, d: Decomposition) -> None:
        self.d = d
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        inf = self.solver.infinity()
        lm = d.lm
        top = max(1.0, float(np.abs(d.cost).max(initial=0.0)))
        self.objective = self.solver.Objective()
        self.columns: list[tuple[int, IntArray, pywraplp.Variable]] = []
        self.convexity = [self.solver.RowConstraint(1, 1, "") for _ in d.blocks]
        self.rows = []
        for ci in d.rows:
            con = lm.constraints[ci]
            row = self.solver.RowConstraint(
                -inf if con.lo is None else con.lo, inf if con.hi is None else con.hi, ""
            )
            for sign in (1, -1):
                artificial = self.solver.NumVar(0, inf, "")
                row.SetCoefficient(artificial, sign)
                self.objective.SetCoefficient(artificial, ARTIFICIAL * top)
            self.rows.append(row)
        index = {v: j for j, v in enumerate(d.free.tolist())}
        self.free = [self.solver.NumVar(lm.lower[v], lm.upper[v], "") for v in d.free.tolist()]
        for v, var in zip(d.free.tolist(), self.free, strict=True):
            self.objective.SetCoefficient(var, float(d.cost[v]))
        for j, ci in enumerate(d.rows):
            con = lm.constraints[ci]
            for c, v in zip(con.coefs, con.vars, strict=True):
                if v in index:
                    self.rows[j].SetCoefficient(self.free[index[v]], c)
        self.objective.SetMinimization()

    def add(self, k: int, values: IntArray) -> bool:
        block = self.d.blocks[k]
        key = values.tobytes()
        if key in block.seen:
            return False
        block.seen.add(key)
        var = self.solver.NumVar(0, 1, "")
        self.columns.append((k, values, var))
        self.objective.SetCoefficient(var, float(self.d.cost[block.variables] @ values))
        self.convexity[k].SetCoefficient(var, 1)
        entries: dict[int, int] = {}
        for i in np.flatnonzero(values).tolist():
            for j, c in block.rows.get(i, ()):
                entries[j] = entries.get(j, 0) + c * int(values[i])
        for j, a in entries.items():
            self.rows[j].SetCoefficient(var, a)
        return True

    def mean(self, n: int) -> FloatArray:
        """Each variable's value in the last LP optimum (its rotas mixed by their weights)."""
        out = np.zeros(n)
        for k, values, var in self.columns:
            out[self.d.blocks[k].variables] += var.solution_value() * values
        return out

    def solve(self) -> tuple[float, FloatArray, FloatArray] | None:
        """The LP value, the coupling rows' duals and the convexity rows'."""
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        duals = np.fromiter((r.dual_value() for r in self.rows), np.float64, len(self.rows))
        mu = np.fromiter((r.dual_value() for r in self.convexity), np.float64, len(self.convexity))
        return self.objective.Value(), duals, mu


def _signed(d: Decomposition, duals: FloatArray) -> tuple[FloatArray, float]:
    """Duals with the sign each row's side allows, and pi.b over the sides they price."""
    pi = duals.copy()
    pib = 0.0
    for j, ci in enumerate(d.rows):
        con = d.lm.constraints[ci]
        if con.hi is not None and (con.lo is None or pi[j] < 0):
            pi[j] = min(pi[j], 0.0)
            pib += pi[j] * con.hi
        elif con.lo is not None:
            pi[j] = max(pi[j], 0.0)
            pib += pi[j] * con.lo
    return pi, pib


def _reduced(d: Decomposition, pi: FloatArray) -> FloatArray:
    reduced = d.cost.copy()
    for j, ci in enumerate(d.rows):
        if pi[j]:
            con = d.lm.constraints[ci]
            reduced[con.vars] -= pi[j] * np.asarray(con.coefs, dtype=np.float64)
    return reduced


def generate(
    lm: LinearModel,
    people: Sequence[IntArray],
    budget: Budget,
    *,
    target: int | None = None,
    workers: int = 2,
    pricing_seconds: float = 1.0,
    columns: Sequence[Column] = (),
) -> Generation | None:
    """Column generation until the budget's deadline or stop (or once the bound reaches
    `target`, a known objective value); None when the model does not decompose, or no round
    was completed. `pricing_seconds`: per person and round, after her first rota (a slower
    pricing gives its proven bound instead). `columns` (an earlier generation's pool, over a
    model of the same constraints) start the master: those within this model's bounds."""
    stop = budget.stop
    started = time.monotonic()
    deadline = budget.deadline
    d = dantzig_wolfe(lm, people)
    if d is None:
        return None
    master = _Master(d)
    lower = np.asarray(lm.lower, dtype=np.float64)[d.free]  # the free variables' boxes
    upper = np.asarray(lm.upper, dtype=np.float64)[d.free]
    best = -math.inf
    lp = math.nan
    rounds = 0
    converged = infeasible = False
    pi = np.zeros(len(d.rows))
    mu = np.full(len(d.blocks), math.inf)  # before the first LP every rota enters
    pib = 0.0
    mean = np.zeros(lm.num_vars)
    boxes = [(np.asarray(b.model.lower), np.asarray(b.model.upper)) for b in d.blocks]
    for k, values in columns:
        lo, hi = boxes[k]
        if np.all(values >= lo) and np.all(values <= hi):
            master.add(k, values)
    if all(b.seen for b in d.blocks) and (solved := master.solve()) is not None:
        lp, duals, mu = solved  # priced against these duals from the first round on
        pi, pib = _signed(d, duals)
        mean = master.mean(lm.num_vars)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while time.monotonic() < deadline and not stop.is_set():
            reduced = _reduced(d, pi)
            costs = [reduced[b.variables] for b in d.blocks]
            # a block's first rota may take long (a nurse-year); later ones are capped
            caps = [pricing_seconds if b.seen else math.inf for b in d.blocks]
            priced = list(pool.map(_price, d.blocks, costs, caps, repeat(deadline), repeat(stop)))
            if any(p.infeasible for p in priced):
                infeasible = True  # a block without any rota: so is the whole model
                break
            rounds += 1
            free = np.minimum(reduced[d.free] * lower, reduced[d.free] * upper).sum()
            best = max(best, pib + float(free) + sum(p.minimum for p in priced))
            added = 0
            for k, p in enumerate(priced):
                for rota in p.rotas:
                    if costs[k] @ rota - mu[k] < -TOLERANCE:
                        added += master.add(k, rota)
            if target is not None and _rounded(best) * d.unit >= target:
                break
            if not all(b.seen for b in d.blocks):
                break  # out of time before a block's first rota: no master to solve
            if added == 0:
                converged = all(p.proven for p in priced)
                break
            solved = master.solve()
            if solved is None:
                break
            lp, duals, mu = solved
            pi, pib = _signed(d, duals)
            mean = master.mean(lm.num_vars)
    if best == -math.inf and not infeasible:
        return None
    return Generation(
        bound=None if infeasible else _rounded(best) * d.unit,
        lp=lp * d.unit,
        mean=mean,
        rounds=rounds,
        columns=len(master.columns),
        converged=converged,
        seconds=time.monotonic() - started,
        pool=[(k, values) for k, values, _ in master.columns],
    )


def _rounded(bound: float) -> int:
    """A bound in units on an objective that counts whole units (costs are multiples of the
    unit), rounded up, float noise tolerated."""
    return math.ceil(bound - 1e-6)
