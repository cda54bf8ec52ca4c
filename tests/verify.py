"""Per-rule verification in the `verify(rule).given(facts).penalizes_by(n)` spirit.

A rota is pinned in the full model (its assignments fixed to 1, every other to 0), so the
model's verdict on exactly that rota can be compared with the checker's on the same rota.
The rule under test is named once; a hard rule `breaks` only if the model refuses the rota
with the rule and accepts it without, so a test cannot pass because another rule fired.

The pinned model is solved by the backend named in `BACKEND`, which tests/rules/conftest.py
sets to each installed backend in turn: the same rule tests judge every backend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Assignment
from maillage.solver.backends import get_backend
from maillage.solver.budget import Budget
from maillage.solver.check.checker import evaluate
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.params import BackendName, SolveParams
from maillage.solver.rules import RULES_BY_NAME
from maillage.solver.solve import build_model

Rota = list[tuple[str, str, str, str]]  # staff, ISO date, shift, site or sector

BACKEND: BackendName = "cpsat"  # the backend that solves pinned models


def assignments(rota: Rota) -> list[Assignment]:
    return [
        Assignment(staff=s, date=dt.date.fromisoformat(d), shift=sh, site=p) for s, d, sh, p in rota
    ]


@dataclass
class ModelVerdict:
    feasible: bool
    terms: dict[str, float]


def pin(instance: Instance, rota: Rota) -> ModelVerdict:
    """Solve the full model with exactly this rota allowed."""
    build = build_model(instance)
    wanted = set()
    for a in assignments(rota):
        day = build.facts.day_index(a.date)
        key = (a.staff, day, a.shift, a.site)
        if day is None or key not in build.x:
            return ModelVerdict(False, {})  # the model cannot even represent it
        wanted.add(key)
    for key, var in build.x.items():
        build.lm.fix(var, 1 if key in wanted else 0)
    if any(lo > hi for lo, hi in zip(build.lm.lower, build.lm.upper, strict=True)):
        return ModelVerdict(False, {})  # a fixed assignment contradicted
    result = get_backend(BACKEND).solve(
        build.lm,
        SolveParams(time_limit=20, workers=1, polish_seconds=0, backend=BACKEND),
        Budget.of(20),
    )
    if result.values is None:
        assert result.status == "infeasible", result.status
        return ModelVerdict(False, {})
    assert result.status == "optimal", (BACKEND, result.status)
    terms = {k: -v / OBJ_SCALE for k, v in build.lm.term_values(result.values).items()}
    return ModelVerdict(True, terms)


def without(instance: Instance, rule: str) -> Instance:
    rules = instance.rules.model_copy(update={"disabled": [*instance.rules.disabled, rule]})
    return instance.model_copy(update={"rules": rules})


class verify:
    def __init__(self, rule: str) -> None:
        assert rule in RULES_BY_NAME, f"no rule named {rule!r}"
        self.rule = RULES_BY_NAME[rule]
        self.instance: Instance | None = None
        self.rota: Rota = []

    def given(self, instance: Instance, rota: Rota) -> verify:
        self.instance, self.rota = instance, rota
        return self

    def _findings(self, instance: Instance) -> list[str]:
        ev = evaluate(instance, assignments(self.rota), Facts(instance))
        return [v.message for v in ev.hard + ev.soft if v.rule == self.rule.name]

    def holds(self) -> None:
        """The model accepts the rota and the checker finds nothing against the rule."""
        assert self.instance is not None
        verdict = pin(self.instance, self.rota)
        assert verdict.feasible, f"model refuses a rota that satisfies {self.rule.name}"
        if not self.rule.hard:
            assert verdict.terms.get(self.rule.name, 0.0) == 0.0
        assert self._findings(self.instance) == []

    def breaks(self) -> list[str]:
        """Hard rule: the model refuses the rota only because of this rule; the checker says so."""
        assert self.instance is not None and self.rule.hard
        assert not pin(self.instance, self.rota).feasible, (
            f"model accepts a rota breaking {self.rule.name}"
        )
        relaxed = without(self.instance, self.rule.name)
        assert pin(relaxed, self.rota).feasible, "the rota breaks some other rule too"
        findings = self._findings(self.instance)
        assert findings, f"checker misses the breach of {self.rule.name}"
        return findings

    def penalizes_by(self, amount: float) -> list[str]:
        """Soft rule: model and checker both charge weight x amount for the rota."""
        assert self.instance is not None and not self.rule.hard and self.rule.weight
        weight = float(getattr(self.instance.weights, self.rule.weight))
        verdict = pin(self.instance, self.rota)
        assert verdict.feasible
        model_term = verdict.terms.get(self.rule.name, 0.0)
        ev = evaluate(self.instance, assignments(self.rota), Facts(self.instance))
        assert abs(model_term - -weight * amount) < 1e-6, (model_term, -weight * amount)
        assert abs(ev.terms[self.rule.name] - -weight * amount) < 1e-6, ev.terms[self.rule.name]
        return self._findings(self.instance)
