"""The search stages of one model, in order, folded into one result.

    network (a large network: all the time) | first rota -> price and fix -> weekend
    branching -> neighbourhood search | the two side by side -> the whole model (the
    backend, which polishes its rota)

Each stage says whether it applies to what the earlier ones left (`applies`), and runs from
their rota within its share of the budget (`run`), returning a new `State`: the model it
hands on (a copy hinted with the best rota), never the one it was given, changed. Results
are folded by `in_sequence`: the better rota, the better proven bound, times from the start
of the pipeline. A stage that proves the rota optimal, or a signal, ends the pipeline.

Which stage runs where: the stages after column generation need CP-SAT (its bound, and a
search another thread can stop), as `price_and_fix.wanted` and `side_by_side.wanted` say;
every other stage goes through the backend layer (`get_backend`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from maillage.solver.backends import get_backend
from maillage.solver.backends.common import BackendResult, in_sequence
from maillage.solver.budget import Budget
from maillage.solver.model.build import Build
from maillage.solver.model.linear import LinearModel
from maillage.solver.model.pricing import price
from maillage.solver.params import SolveParams
from maillage.solver.search import lns, network, price_and_fix, side_by_side, weekend_branching
from maillage.solver.search.colgen import Generation
from maillage.solver.search.relaxation import Relaxation


@dataclass(frozen=True)
class State:
    """What the stages so far leave to the next one."""

    build: Build
    lm: LinearModel  # the model the next stage searches, hinted with the best rota
    started: float  # when the pipeline began (monotonic): result times count from it
    result: BackendResult | None = None  # the stages' results so far, folded
    bound: int | None = None  # a bound column generation proved besides its rota's
    layout: lns.Layout | None = None  # where each person's decisions sit, built once
    generation: Generation | None = None
    guide: Relaxation | None = None  # column generation's LP optimum, for guided moves
    searched: bool = False  # a search stage gave a result: the whole model is not needed
    done: bool = False  # proven optimal or interrupted: nothing more to run
    ran: tuple[str, ...] = ()  # the stages run so far, by name

    def with_layout(self) -> State:
        """The layout, built on first use (a million decisions on the largest models)."""
        return self if self.layout is not None else replace(self, layout=lns.layout(self.build))

    def then(self, result: BackendResult, began: float) -> BackendResult:
        """A stage's result (run from `began`) folded after the earlier ones'."""
        if not self.ran:
            return result
        return in_sequence(self.result, result, began - self.started, self.bound)


class Stage(Protocol):
    name: str

    def applies(self, state: State, params: SolveParams) -> bool: ...

    def run(self, state: State, params: SolveParams, budget: Budget) -> State: ...


class NetworkSearch:
    """A large network by groups of centres, the need they share priced: a first rota of the
    whole in seconds where CP-SAT finds none in minutes, and a valid bound; it takes the
    whole budget (`maillage.solver.search.network`)."""

    name = "network"

    def applies(self, state: State, params: SolveParams) -> bool:
        return (
            network.wanted(len(state.build.by_person), params)
            and bool(state.build.caps)
            and state.result is None
        )

    def run(self, state: State, params: SolveParams, budget: Budget) -> State:
        began = time.monotonic()
        groups = network.groups(state.build, state.lm)
        if len(groups) < 2:
            return state
        budget.printer.note(f"{len(groups)} groups of centres, the need they share priced")
        found = network.search(state.build, state.lm, groups, params, budget)
        if found.result is None:
            return state  # no rota of every group in time: the stages go on as without it
        assert found.result.values is not None
        lm = state.lm.fixed({}, hints=dict(enumerate(found.result.values)))
        result = state.then(found.result, began)
        return replace(state, lm=lm, result=result, searched=True, done=True)


class FirstRota:
    """CP-SAT's first rota of the model without the terms that blur its search
    (`stages.first_rota`), within a share of the time: it satisfies every hard rule;
    priced by the whole model (decisions fixed, the rest re-optimised) it is the stage's
    result, and the model handed on is hinted with it."""

    name = "first rota"

    def applies(self, state: State, params: SolveParams) -> bool:
        shares = params.stages.first_rota
        return (
            shares.share > 0
            and params.backend == "cpsat"
            and state.result is None
            and not state.lm.hints
            and any(state.lm.objective.get(term) for term in shares.terms)
        )

    def run(self, state: State, params: SolveParams, budget: Budget) -> State:
        began = time.monotonic()
        shares = params.stages.first_rota
        easier = state.lm.fixed({})
        easier.objective = {
            term: terms for term, terms in easier.objective.items() if term not in shares.terms
        }
        # its first rota only: the whole model improves on it better than this one would
        quick = params.model_copy(update={"polish_seconds": 0, "stop_after_first_solution": True})
        # asked for a first rota only, it may take all the time: the whole model then won't
        share = 1.0 if params.stop_after_first_solution else shares.share
        found = get_backend("cpsat").solve(easier, quick, budget.quiet().share(share))
        if found.values is None:
            return state  # none in time (or none at all): the stages go on as without it
        # that rota priced by the whole model: its decisions fixed, the rest re-optimised
        priced = price(state.lm, found.values, budget.left(), workers=params.workers)
        lm = state.lm.fixed({}, hints=dict(enumerate(priced.values)))
        if priced.unproven:  # terms not proven for that rota: a hint, no result to report
            return replace(state, lm=lm)
        # a rota, not a bound
        result = BackendResult(
            "feasible",
            priced.values,
            priced.objective,
            None,
            found.seconds + priced.seconds,
            found.first_feasible_seconds,
            found.interrupted,
            found.best_seconds,
        )
        # asked for a first rota only: this is one, and the model need not find it again
        done = params.stop_after_first_solution
        return replace(state, lm=lm, result=state.then(result, began), done=done)


class PriceAndFix:
    """Column generation's bound, then CP-SAT on the decisions its LP leaves open."""

    name = "price and fix"

    def applies(self, state: State, params: SolveParams) -> bool:
        build = state.build
        decisions = len(state.lm.decisions)
        return price_and_fix.wanted(params, decisions, len(build.by_person), len(build.flows))

    def run(self, state: State, params: SolveParams, budget: Budget) -> State:
        state = state.with_layout()
        assert state.layout is not None
        start = price_and_fix.start(state.lm, state.layout.people, params, budget)
        result = start.result
        if start.interrupted:  # the user is waiting: the rota so far (none yet: unknown)
            if result is None:
                seconds = budget.elapsed()
                result = BackendResult("unknown", None, None, start.bound, seconds, None, True)
            result.interrupted = True
        return replace(
            state,
            result=result,
            bound=start.bound,
            generation=start.generation,
            guide=start.guide,
            done=start.interrupted or start.proven,
        )


class WeekendBranching:
    """A branch and price over the weekend days each person works, from price and fix's
    rota, for a share of the time left."""

    name = "weekend branching"

    def applies(self, state: State, params: SolveParams) -> bool:
        if state.result is None or state.result.values is None or state.layout is None:
            return False
        return weekend_branching.wanted(params, state.layout.weekend_work, state.generation)

    def run(self, state: State, params: SolveParams, budget: Budget) -> State:
        assert state.result is not None and state.layout is not None
        assert state.generation is not None
        began = time.monotonic()
        weekend = np.concatenate(state.layout.weekend_work)
        branched = weekend_branching.search(
            state.lm,
            state.layout.people,
            weekend,
            state.generation,
            state.result,
            params,
            budget.share(params.stages.branching.share),
        )
        result = state.then(branched, began)
        done = branched.interrupted or result.status == "optimal"
        return replace(state, result=result, done=done)


def _hinted(state: State) -> LinearModel:
    """The model hinted with every value of the best rota so far (the model as it is when
    there is none)."""
    if state.result is None or state.result.values is None:
        return state.lm
    return state.lm.fixed({}, hints=dict(enumerate(state.result.values)))


class NeighbourhoodSearch:
    """The rota built person by person (or the one handed on), improved a few people or days
    at a time, then the whole model: for models too large for the backend alone."""

    name = "neighbourhood search"

    def applies(self, state: State, params: SolveParams) -> bool:
        return lns.wanted(params, len(state.lm.decisions))

    def run(self, state: State, params: SolveParams, budget: Budget) -> State:
        state = state.with_layout()
        assert state.layout is not None
        began = time.monotonic()
        found = lns.solve(_hinted(state), state.layout, params, budget)
        if found is None:  # no rota person by person: the whole model instead
            return state
        return replace(state, result=state.then(found, began), searched=True)


class SideBySide:
    """After column generation: CP-SAT on the whole model and LP-guided moves at once."""

    name = "side by side"

    def applies(self, state: State, params: SolveParams) -> bool:
        if state.result is None or state.result.values is None or state.guide is None:
            return False
        if lns.wanted(params, len(state.lm.decisions)):
            return False  # the neighbourhood search's turn (even when it found no rota)
        return state.layout is not None and side_by_side.wanted(params)

    def run(self, state: State, params: SolveParams, budget: Budget) -> State:
        assert state.layout is not None and state.guide is not None
        began = time.monotonic()
        found = side_by_side.solve(_hinted(state), state.layout, params, budget, state.guide)
        return replace(state, result=state.then(found, began), searched=True)


class WholeModel:
    """The backend on the whole model, hinted with the best rota; it polishes its own rota
    (the rota fixed, coverage and slacks re-optimised) so that every term is exact."""

    name = "whole model"

    def applies(self, state: State, params: SolveParams) -> bool:
        return not state.searched

    def run(self, state: State, params: SolveParams, budget: Budget) -> State:
        began = time.monotonic()
        found = get_backend(params.backend).solve(_hinted(state), params, budget)
        return replace(state, result=state.then(found, began), searched=True)


# `NeighbourhoodSearch` and `SideBySide` exclude each other: the first that applies runs.
STAGES: tuple[Stage, ...] = (
    NetworkSearch(),
    FirstRota(),
    PriceAndFix(),
    WeekendBranching(),
    NeighbourhoodSearch(),
    SideBySide(),
    WholeModel(),
)


def run(
    build: Build, params: SolveParams, budget: Budget, lm: LinearModel | None = None
) -> BackendResult:
    """The stages that apply, in order, within the budget: the folded result. `lm`: the
    build's model as the search starts from it (a hinted or fixed copy), else its own."""
    state = State(build, build.lm if lm is None else lm, time.monotonic())
    for stage in STAGES:
        if state.done:
            break
        if stage.applies(state, params):
            ran = (*state.ran, stage.name)
            state = replace(stage.run(state, params, budget.within(budget.left())), ran=ran)
    assert state.result is not None
    return state.result
