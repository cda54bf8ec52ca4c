"""Small instances to re-plan: two weeks from Monday 3 March 2025, three doctors on call."""

from __future__ import annotations

import datetime as dt
from typing import Any

from factory import SECTOR, commune, doctor_on_call, instance_dict, person, site

from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver import SolveParams, check, solve

PARAMS = SolveParams(time_limit=20, workers=1, progress=False)
MONDAY_10 = dt.date(2025, 3, 10)


def centre(**kw: Any) -> Instance:
    data = instance_dict(
        days=14,
        sectors=[SECTOR],
        staff=[
            doctor_on_call("d1"),
            doctor_on_call("d2"),
            doctor_on_call("d3"),
            person("i1", role="ipa"),
        ],
        rules={"hours_tolerance": 0.3},
    )
    return Instance.model_validate(data | kw)


def far_home() -> Instance:
    """Everyone's home is B, out of reach of the only commune; A is next to it."""
    far = site("B", lat=43.6, lon=1.44)
    staff = [person(p, sites=["A", "B"], home_site="B") for p in ("d1", "d2")]
    return Instance.model_validate(instance_dict(days=14, sites=[site("A"), far], staff=staff))


def published(instance: Instance, **weights: float) -> Solution:
    """The rota solved to optimality, checked; with `weights`, solved under those weights
    but named for `instance` (a rota published under other priorities)."""
    solved = instance.model_copy(update={"weights": instance.weights.model_copy(update=weights)})
    solution = solve(solved, PARAMS)
    assert solution.status.value == "optimal"
    assert check(solved, solution).ok
    return solution


Key = tuple[str, dt.date, str, str]


def rota(
    solution: Solution, since: dt.date | None = None, until: dt.date | None = None
) -> set[Key]:
    return {
        (a.staff, a.date, a.shift, a.site)
        for a in solution.assignments
        if (since is None or a.date >= since) and (until is None or a.date < until)
    }


def changed(a: Solution, b: Solution, since: dt.date) -> int:
    """(person, date, shift) whose place differs, from `since` on."""
    keys = {k[:3] for k in rota(a, since) ^ rota(b, since)}
    return len(keys)


def two_centres() -> Instance:
    """Two centres 90 km apart sharing nobody: solved as two independent parts."""
    far = site("B", lat=43.6, lon=1.44)
    staff = [
        person("d1"),
        person("d2"),
        person("b1", sites=["B"], home_site="B"),
        person("b2", sites=["B"], home_site="B"),
    ]
    communes = [commune("66001"), commune("31555", lat=43.61, lon=1.45, apl=0.2)]
    return Instance.model_validate(
        instance_dict(days=14, sites=[site("A"), far], staff=staff, communes=communes)
    )
