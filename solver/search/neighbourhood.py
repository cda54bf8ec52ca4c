"""Cut a small model out of a large one: free some variables, fix the rest at their values.

A neighbourhood frees a set of variables (say, every shift of three people). The restriction
keeps the constraints that touch a free variable; the auxiliary variables those constraints
hold (run indicators, slacks of soft rules, flows) are freed too, and so on through them, while
fixed decisions stop the spread, and so do auxiliary variables that fixed decisions define
alone (a worked-day indicator, equal to the sum of that day's shifts): they cannot change.
The fixed part of each kept constraint moves into its bounds.

The result is exact: any solution of the small model, put back into the current values, is a
solution of the whole model whenever the current values were one, and the objectives differ
by the same constant. Everything is done on numpy arrays, so cutting a neighbourhood out of a
model of a million variables costs milliseconds, not a pass over every constraint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from maillage.solver.model.linear import Constraint, LinearModel

IntArray = npt.NDArray[np.int64]

_NO_ENFORCE = -1
_INF = np.iinfo(np.int64).max // 4


def gather(ptr: IntArray, data: IntArray, rows: IntArray) -> tuple[IntArray, IntArray]:
    """The concatenated rows `data[ptr[r]:ptr[r+1]]` of a CSR table, and the row of each."""
    starts = ptr[rows]
    lengths = ptr[rows + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return data[offsets + np.arange(total)], np.repeat(rows, lengths)


def _csr(rows: IntArray, cols: IntArray, n_rows: int) -> tuple[IntArray, IntArray, IntArray]:
    """Group `cols` by `rows`: (ptr, cols in row order, the permutation that sorted them)."""
    order = np.argsort(rows, kind="stable")
    ptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=ptr[1:])
    return ptr, cols[order], order


class ModelIndex:
    """The constraint matrix of a LinearModel both ways (by constraint and by variable), built
    once; the base of every restriction of that model."""

    def __init__(self, lm: LinearModel) -> None:
        self.lm = lm
        cons = lm.constraints
        self.n_vars = n = lm.num_vars
        self.n_cons = m = len(cons)
        sizes = np.fromiter((len(c.vars) for c in cons), dtype=np.int64, count=m)
        self.c_ptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.c_ptr[1:])
        nnz = int(self.c_ptr[-1])
        self.c_var = np.fromiter(chain.from_iterable(c.vars for c in cons), np.int64, count=nnz)
        self.c_coef = np.fromiter(chain.from_iterable(c.coefs for c in cons), np.int64, count=nnz)
        c_row = np.repeat(np.arange(m, dtype=np.int64), sizes)
        self.v_ptr, self.v_con, order = _csr(self.c_var, c_row, n)
        self.v_coef = self.c_coef[order]
        self.enforce = np.fromiter(
            (_NO_ENFORCE if c.enforce is None else c.enforce for c in cons), dtype=np.int64, count=m
        )
        enforced = np.flatnonzero(self.enforce != _NO_ENFORCE)
        self.e_ptr, self.e_con, _ = _csr(self.enforce[enforced], enforced, n)
        self.lo = np.fromiter((-_INF if c.lo is None else c.lo for c in cons), np.int64, count=m)
        self.hi = np.fromiter((_INF if c.hi is None else c.hi for c in cons), np.int64, count=m)
        self.lower = np.asarray(lm.lower, dtype=np.int64)
        self.upper = np.asarray(lm.upper, dtype=np.int64)
        self.is_decision = np.zeros(n, dtype=np.bool_)
        self.is_decision[np.asarray(lm.decisions, dtype=np.int64)] = True
        # Per constraint, its auxiliary (non-decision) variables, enforcement literal included:
        # the ones a kept constraint frees.
        aux_entry = ~self.is_decision[self.c_var]
        literals = self.enforce[enforced]
        aux_literal = ~self.is_decision[literals]
        aux_rows = np.concatenate([c_row[aux_entry], enforced[aux_literal]])
        aux_vars = np.concatenate([self.c_var[aux_entry], literals[aux_literal]])
        self.a_ptr, self.a_var, _ = _csr(aux_rows, aux_vars, m)
        # An auxiliary variable defined by decisions alone (an unenforced equality whose only
        # other terms are decisions: a worked-day indicator) keeps its value while those
        # decisions stay fixed. Without this, freeing everyone's shifts on one day frees every
        # worked-day indicator of the horizon through the sequence rules' windows: a cut many
        # times the size of its decisions.
        rows_aux = c_row[aux_entry]
        n_aux = np.bincount(rows_aux, minlength=m)
        is_defining = (self.lo == self.hi) & (self.enforce == _NO_ENFORCE) & (n_aux == 1)
        chosen = is_defining[rows_aux]
        self.defined_by = np.full(n, -1, dtype=np.int64)  # aux var -> its defining constraint
        self.defined_by[self.c_var[aux_entry][chosen]] = rows_aux[chosen]
        self.objective = np.zeros(n, dtype=np.int64)
        for terms in lm.objective.values():
            for coef, var in terms:
                self.objective[var] += coef

    def activity(self, values: IntArray) -> IntArray:
        """Each constraint's left-hand side at these values."""
        rows = np.repeat(np.arange(self.n_cons, dtype=np.int64), np.diff(self.c_ptr))
        return (
            np.bincount(
                rows,
                weights=(self.c_coef * values[self.c_var]).astype(np.float64),
                minlength=self.n_cons,
            )
            .round()
            .astype(np.int64)
        )

    def violated(self, values: IntArray) -> list[int]:
        """Constraints (and bounds) these values break: empty for a solution of the model."""
        act = self.activity(values)
        on = (self.enforce == _NO_ENFORCE) | (values[np.maximum(self.enforce, 0)] == 1)
        broken = np.flatnonzero(on & ((act < self.lo) | (act > self.hi)))
        out = [int(c) for c in broken]
        if np.any(values < self.lower) or np.any(values > self.upper):
            out.append(-1)
        return out

    def value(self, values: IntArray) -> int:
        return int(self.objective @ values)


@dataclass
class Restriction:
    """The small model of a neighbourhood, and how its variables map back."""

    lm: LinearModel
    vars: IntArray  # the full model's index of each of the small model's variables
    current: int  # the small model's objective at the current values

    def put_back(self, values: IntArray, sub_values: Sequence[int]) -> IntArray:
        out = values.copy()
        out[self.vars] = np.asarray(sub_values, dtype=np.int64)
        return out

    def hold(self, variables: IntArray, values: IntArray) -> None:
        """Keep these variables (free in the cut) at their current values: a move that frees
        every decision can still hold some of what they define (a person's worked days)."""
        at = np.searchsorted(self.vars, variables)
        inside = at < self.vars.size
        inside[inside] = self.vars[at[inside]] == variables[inside]
        for i, v in zip(at[inside].tolist(), variables[inside].tolist(), strict=True):
            self.lm.lower[i] = self.lm.upper[i] = int(values[v])


def restrict(
    index: ModelIndex, values: IntArray, activity: IntArray, seeds: IntArray
) -> Restriction:
    """The model left when `seeds` (and the auxiliary variables their constraints reach) are
    free and every other variable keeps its value in `values`; `activity` is
    `index.activity(values)` (kept up to date by the caller, so that nothing here scans the
    whole model)."""
    free = np.zeros(index.n_vars, dtype=np.bool_)
    active = np.zeros(index.n_cons, dtype=np.bool_)
    seeds = np.unique(seeds)
    free[seeds] = True
    frontier = seeds
    while frontier.size:
        touched, _ = gather(index.v_ptr, index.v_con, frontier)
        enforced, _ = gather(index.e_ptr, index.e_con, frontier)
        cons = np.unique(np.concatenate([touched, enforced]))
        cons = cons[~active[cons]]
        active[cons] = True
        reached, _ = gather(index.a_ptr, index.a_var, cons)
        reached = np.unique(reached)
        reached = reached[~free[reached]]
        frontier = reached[~_pinned(index, free, reached)]
        free[frontier] = True
    free_vars = np.flatnonzero(free)  # sorted: a free variable's place in it is its index
    kept = np.flatnonzero(active)

    # The free entries of every kept constraint, grouped by constraint. Nothing below is the
    # size of the whole model: on a model of a million variables arrays that size cost more
    # than the cut itself.
    entry_con, entry_var = gather(index.v_ptr, index.v_con, free_vars)
    entry_coef, _ = gather(index.v_ptr, index.v_coef, free_vars)
    order = np.argsort(entry_con, kind="stable")
    entry_con, entry_var, entry_coef = entry_con[order], entry_var[order], entry_coef[order]
    # every constraint of a free variable is kept, so each entry's constraint is in `kept`
    position = np.searchsorted(kept, entry_con)
    free_part = (
        np.bincount(
            position,
            weights=(entry_coef * values[entry_var]).astype(np.float64),
            minlength=kept.size,
        )
        .round()
        .astype(np.int64)
    )
    fixed = activity[kept] - free_part
    bounds = np.searchsorted(entry_con, kept), np.searchsorted(entry_con, kept, side="right")

    lm = index.lm
    sub = LinearModel(
        names=[lm.names[v] for v in free_vars.tolist()],
        lower=index.lower[free_vars].tolist(),
        upper=index.upper[free_vars].tolist(),
    )
    sub.decisions = np.flatnonzero(index.is_decision[free_vars]).tolist()
    sub_vars = np.searchsorted(free_vars, entry_var).tolist()
    coefs = entry_coef.tolist()
    enforce = index.enforce[kept].tolist()
    los, his, fixed_kept = index.lo[kept].tolist(), index.hi[kept].tolist(), fixed.tolist()
    for c, start, end, e, lo, hi, k in zip(
        kept.tolist(),
        bounds[0].tolist(),
        bounds[1].tolist(),
        enforce,
        los,
        his,
        fixed_kept,
        strict=True,
    ):
        literal: int | None = None
        if e != _NO_ENFORCE:
            if free[e]:
                literal = int(np.searchsorted(free_vars, e))
            elif values[e] == 0:
                continue  # not enforced: no constraint
        sub.constraints.append(
            Constraint(
                sub_vars[start:end],
                coefs[start:end],
                None if lo == -_INF else lo - k,
                None if hi == _INF else hi - k,
                lm.constraints[c].tag,
                literal,
            )
        )
    weights = index.objective[free_vars]
    nonzero = np.flatnonzero(weights)
    sub.objective["neighbourhood"] = list(
        zip(weights[nonzero].tolist(), nonzero.tolist(), strict=True)
    )
    sub.hints = dict(enumerate(values[free_vars].tolist()))
    return Restriction(sub, free_vars, int(weights @ values[free_vars]))


def _pinned(index: ModelIndex, free: npt.NDArray[np.bool_], aux: IntArray) -> npt.NDArray[np.bool_]:
    """Which of these auxiliary variables are defined by decisions that all stay fixed: their
    value cannot change, so freeing them (and spreading through them) only adds size."""
    out = np.zeros(aux.size, dtype=np.bool_)
    has = np.flatnonzero(index.defined_by[aux] >= 0)
    if has.size == 0:
        return out
    defining = index.defined_by[aux[has]]
    members, _ = gather(index.c_ptr, index.c_var, defining)
    # only these rows' lengths: a diff over every constraint would cost O(model) per step
    lengths = index.c_ptr[defining + 1] - index.c_ptr[defining]
    position = np.repeat(np.arange(has.size), lengths)
    is_free_decision = free[members] & index.is_decision[members]
    out[has] = np.bincount(position, weights=is_free_decision, minlength=has.size) == 0
    return out


def update_activity(
    index: ModelIndex, activity: IntArray, changed: IntArray, delta: IntArray
) -> None:
    """Bring `activity` up to date after the variables `changed` moved by `delta`."""
    if changed.size == 0:
        return
    cons, change = _entry_changes(index, changed, delta)
    np.add.at(activity, cons, change)


def _entry_changes(
    index: ModelIndex, changed: IntArray, delta: IntArray
) -> tuple[IntArray, IntArray]:
    """Each constraint entry of the variables `changed`, and how much moving them by `delta`
    changes that entry's term."""
    cons, _ = gather(index.v_ptr, index.v_con, changed)
    coefs, _ = gather(index.v_ptr, index.v_coef, changed)
    lengths = index.v_ptr[changed + 1] - index.v_ptr[changed]
    return cons, coefs * np.repeat(delta, lengths)


def move_keeps_feasible(
    index: ModelIndex, activity: IntArray, values: IntArray, changed: IntArray, new: IntArray
) -> bool:
    """Whether setting the variables `changed` (sorted) to `new` keeps every constraint they
    touch satisfied: a neighbourhood solved while another move changed its fixed part (two
    searches at once) is checked this way before it is put back. Only the constraints of the
    changed variables (as terms or as enforcement literals) can break."""
    if changed.size == 0:
        return True
    cons, change = _entry_changes(index, changed, new - values[changed])
    enforced, _ = gather(index.e_ptr, index.e_con, changed)
    touched = np.unique(np.concatenate([cons, enforced]))
    act = activity[touched] + np.bincount(
        np.searchsorted(touched, cons),
        weights=change.astype(np.float64),
        minlength=touched.size,
    ).round().astype(np.int64)
    literal = index.enforce[touched]
    on = values[np.maximum(literal, 0)] == 1
    place = np.searchsorted(changed, literal)
    moved = (literal >= 0) & (place < changed.size)
    moved[moved] = changed[place[moved]] == literal[moved]
    on[moved] = new[place[moved]] == 1
    on |= literal == _NO_ENFORCE
    return bool(np.all(~on | ((act >= index.lo[touched]) & (act <= index.hi[touched]))))
