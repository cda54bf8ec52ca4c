"""A small backend-neutral model: integer variables, linear constraints, a named objective.

Rules are written once against this layer; each backend (CP-SAT, and MIP through PuLP) compiles
it. Every coefficient is an integer: the objective is in units of 1/OBJ_SCALE weighted
consultations, so per-hour weights on minute counts and 1/1000 weights stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from maillage.solver.model.tags import Tag

OBJ_SCALE = 60_000_000  # exact for per-minute (1/60 h) and 1/1000 coefficients

Term = tuple[int, int]  # (coefficient, variable index)


@dataclass(slots=True)
class Constraint:
    vars: list[int]
    coefs: list[int]
    lo: int | None
    hi: int | None
    tag: Tag | None  # the rule instance it belongs to; None for the encoding's own links
    enforce: int | None = None  # a 0-1 variable: the constraint holds only when it is 1


@dataclass
class LinearModel:
    names: list[str] = field(default_factory=list)
    lower: list[int] = field(default_factory=list)
    upper: list[int] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    objective: dict[str, list[Term]] = field(default_factory=dict)
    decisions: list[int] = field(default_factory=list)
    hints: dict[int, int] = field(default_factory=dict)

    @property
    def num_vars(self) -> int:
        return len(self.names)

    def fixed(
        self, values: Mapping[int, int], hints: Mapping[int, int] | None = None
    ) -> LinearModel:
        """A copy with the given variables fixed to their values (the rest left free): the
        model of one rota, whose flows and slacks are then re-optimised or completed."""
        out = replace(self, lower=list(self.lower), upper=list(self.upper), hints=dict(hints or {}))
        for var, value in values.items():
            out.lower[var] = out.upper[var] = value
        return out

    def new_var(self, lo: int, hi: int, name: str, *, decision: bool = False) -> int:
        if lo > hi:
            raise ValueError(f"empty domain for {name}: [{lo}, {hi}]")
        index = len(self.names)
        self.names.append(name)
        self.lower.append(lo)
        self.upper.append(hi)
        if decision:
            self.decisions.append(index)
        return index

    def new_bool(self, name: str, *, decision: bool = False) -> int:
        return self.new_var(0, 1, name, decision=decision)

    def add(
        self,
        terms: Iterable[Term],
        lo: int | None = None,
        hi: int | None = None,
        tag: Tag | None = None,
    ) -> None:
        """lo <= sum(coef * var) <= hi; an empty sum with lo > 0 makes the model infeasible."""
        pairs = list(terms)
        variables = [v for _, v in pairs]
        coefs = [c for c, _ in pairs]
        # rules rarely repeat a variable or write a zero: merge only then, as a year-long
        # model adds hundreds of thousands of constraints and a dict for each is slow
        if len(set(variables)) < len(variables) or 0 in coefs:
            merged: dict[int, int] = {}
            for coef, var in pairs:
                merged[var] = merged.get(var, 0) + coef
            variables = [v for v, c in merged.items() if c != 0]
            coefs = [c for c in merged.values() if c != 0]
        self.constraints.append(Constraint(variables, coefs, lo, hi, tag))

    def at_most(self, variables: Sequence[int], bound: int, tag: Tag | None = None) -> None:
        if len(variables) > bound:
            self.add(((1, v) for v in variables), hi=bound, tag=tag)

    def fix(self, var: int, value: int) -> None:
        self.lower[var] = max(self.lower[var], value)
        self.upper[var] = min(self.upper[var], value)

    def minimise(self, term: str, coef: int, var: int) -> None:
        """Add coef * var to the objective (minimised) under the term's name."""
        if coef:
            self.objective.setdefault(term, []).append((coef, var))

    def reach(self, terms: Iterable[Term]) -> int:
        """The most these terms can sum to either way: |coef| x the variable's largest
        absolute value, summed."""
        lo, hi = self.lower, self.upper
        return sum(abs(coef) * max(abs(lo[var]), abs(hi[var])) for coef, var in terms)

    def largest(self) -> tuple[int, str]:
        """The largest number the model holds or a constraint can sum to, with that
        constraint's tag in words."""
        worst = max(map(abs, [*self.lower, *self.upper]), default=0)
        where = "a variable's domain"
        for con in self.constraints:
            size = max(self.reach(zip(con.coefs, con.vars, strict=True)), abs(con.lo or 0))
            size = max(size, abs(con.hi or 0))
            if size > worst:
                worst, where = size, "" if con.tag is None else str(con.tag)
        return worst, where

    def term_reach(self) -> dict[str, int]:
        """Per objective term, the most it can weigh either way."""
        return {name: self.reach(terms) for name, terms in self.objective.items()}

    def term_values(self, values: Sequence[int]) -> dict[str, int]:
        return {
            name: sum(coef * values[var] for coef, var in terms)
            for name, terms in self.objective.items()
        }


def linked(count: int, links: Iterable[Sequence[int]]) -> list[int]:
    """A representative of each of `count` variables, the same for two variables joined
    through `links` (each a set of variables that belong together): the independent pieces
    of a model (union-find with path halving)."""
    parent = list(range(count))

    def root(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for link in links:
        if link:
            first = root(link[0])
            for v in link[1:]:
                other = root(v)
                if other != first:
                    parent[other] = first
    return [root(v) for v in range(count)]
