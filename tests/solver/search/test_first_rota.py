"""The first-rota stage: a rota found without the whole-days term hints the whole model."""

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


def test_it_hands_on_the_model_hinted_with_a_rota_and_its_objective_intact() -> None:
    state, params = _state(), SolveParams(time_limit=10, workers=1)
    stage = FirstRota()
    assert stage.applies(state, params)
    after = stage.run(state, params, Budget.of(10))
    assert after.lm is not state.lm and after.result is None  # no result of its own
    assert after.lm.objective == state.lm.objective  # the whole model, whole days priced
    assert set(after.lm.hints) == set(range(state.lm.num_vars))
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
