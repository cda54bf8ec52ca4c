"""The first-rota stage: a rota found without the whole-days term, priced by the whole
model, is the stage's result and hints the model it hands on."""

import time

from factory import make, person
from verify import assignments

from maillage.solver.budget import Budget
from maillage.solver.params import SolveParams, StageParams
from maillage.solver.prepare import build_model, hints_of
from maillage.solver.search.pipeline import FirstRota, State


def _state() -> State:
    build = build_model(make(staff=[person("d1"), person("d2", fte=0.5)]))
    return State(build, build.lm, time.monotonic())


def test_it_hands_on_the_model_hinted_with_a_rota_priced_by_the_whole_model() -> None:
    state, params = _state(), SolveParams(time_limit=10, workers=1)
    stage = FirstRota()
    assert stage.applies(state, params)
    after = stage.run(state, params, Budget.of(10))
    assert after.lm is not state.lm and after.lm.objective == state.lm.objective
    result = after.result
    assert result is not None and result.values is not None and result.objective is not None
    # a rota, no bound: the fixed model's optimum bounds nothing of the whole one
    assert result.status == "feasible" and result.bound is None
    assert after.lm.hints == dict(enumerate(result.values))
    # its objective is the whole model's at that rota, whole days included
    terms = state.lm.term_values(result.values)
    assert sum(terms.values()) == result.objective and "whole_days" in terms
    assert not state.lm.hints  # the model it was given is unchanged


def test_it_stays_out_with_a_hint_without_the_term_or_with_a_zero_share() -> None:
    state, params = _state(), SolveParams(time_limit=10, workers=1)
    stage = FirstRota()
    rota = assignments([("d1", "2025-03-03", "am", "A")])
    hinted = State(state.build, state.lm.fixed({}, hints=hints_of(state.build, rota)), 0.0)
    assert not stage.applies(hinted, params)
    off = params.model_copy(update={"stages": StageParams(first_rota={"share": 0})})
    assert not stage.applies(state, off)
    other = params.model_copy(update={"stages": StageParams(first_rota={"terms": ["cover"]})})
    assert not stage.applies(state, other)  # no cover term in this model


def test_the_rota_is_priced_to_the_end_or_is_no_result() -> None:
    # the terms reported for the stage's rota are exact: those of the whole model with the
    # rota's decisions fixed, solved to its optimum
    from maillage.solver.backends import cpsat

    state = _state()
    params = SolveParams(time_limit=10, workers=1, stop_after_first_solution=True)
    after = FirstRota().run(state, params, Budget.of(10))
    assert after.result is not None and after.done and after.result.values is not None
    decisions = {v: after.result.values[v] for v in state.lm.decisions}
    exact = cpsat.solve(
        state.lm.fixed(decisions), SolveParams(time_limit=10, workers=1), Budget.of(10)
    )
    assert exact.status == "optimal" and exact.objective == after.result.objective
