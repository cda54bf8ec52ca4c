"""Numbers too large for 64-bit integers are bad input, not an internal error.

Each bounded field stops one number; products of weights and what no field bounds are caught
on the built model: the objective before solving, the constraints when CP-SAT refuses them.
"""

from __future__ import annotations

import pytest
from factory import instance_dict

from maillage.models.errors import InputError
from maillage.models.instance import Instance
from maillage.solver import SolveParams, build_model, check, solve
from maillage.solver.backends.cpsat import ModelRejected
from maillage.solver.model.linear import LinearModel
from maillage.solver.model.tags import Tag
from maillage.solver.prepare import numbers_checked


def _with_cover(weight: float, under_weight: float) -> Instance:
    data = instance_dict()
    data["cover"] = [
        {"date": "2025-03-04", "shift": "am", "required": 1, "under_weight": under_weight}
    ]
    data["weights"] = {"cover": weight}
    return Instance.model_validate(data)


def test_weights_whose_product_overflows_are_bad_input_naming_the_term() -> None:
    instance = _with_cover(1e9, 1e9)  # each within its field's bound
    with pytest.raises(InputError) as caught:
        build_model(instance)
    (issue,) = caught.value.issues
    assert issue.path == "$.weights"
    assert issue.message.startswith("the objective term 'cover' can reach 1e+18, more than")


def test_large_weights_that_fit_still_solve() -> None:
    instance = _with_cover(1e3, 1e3)
    solution = solve(instance, SolveParams(time_limit=10, progress=False))
    assert solution.objective is not None and check(instance, solution).ok


def test_a_refused_model_with_a_number_beyond_64_bits_is_bad_input() -> None:
    lm = LinearModel()
    x = lm.new_var(0, 10**6, "x")
    lm.add([(10**14, x)], hi=5, tag=Tag("too_big"))  # 10^20 at most: beyond 2^62
    with pytest.raises(InputError) as caught, numbers_checked(lm):
        raise ModelRejected("CP-SAT did not parse the compiled model")
    (issue,) = caught.value.issues
    assert issue.path == "$" and "the constraint 'too_big' reaches 1e+20" in issue.message


def test_a_refused_model_of_small_numbers_is_still_a_bug() -> None:
    lm = LinearModel()
    x = lm.new_var(0, 10, "x")
    lm.add([(3, x)], hi=5, tag=Tag("small"))
    assert lm.largest() == (30, "small")
    with pytest.raises(ModelRejected), numbers_checked(lm):
        raise ModelRejected("CP-SAT model invalid: a bug")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("communes", 0, "population"), 10**8 + 1),
        (("weights", "coverage"), 1e10),
        (("staff", 0, "rules", "max_total_minutes"), 10**7 + 1),
    ],
)
def test_bounded_fields(path: tuple[str | int, ...], value: float) -> None:
    data = instance_dict()
    target = data
    for key in path[:-1]:
        target = target.setdefault(key, {}) if isinstance(key, str) else target[key]
    target[path[-1]] = value
    with pytest.raises(ValueError, match="less than or equal to"):
        Instance.model_validate(data)
