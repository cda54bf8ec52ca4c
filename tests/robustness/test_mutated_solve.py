"""Plausible edits of a real instance (a number, a date, an id, a list entry changed) either
load and solve to a rota the independent checker accepts, or are an InputError.

Why: the mutations of `test_bad_input` are random JSON, so nearly none load (29 of 400): they
test the loader. These keep each value's type, so most still load (90 of 150 on Millas)
and reach the model, the rules and the checker with values no hand-written test chose.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from factory import json_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import ROOT

from maillage.models import InputError, load_instance
from maillage.solver import SolveParams, check, solve
from maillage.solver.apps.nrp import format as nrp
from maillage.solver.apps.nrp.solve import solve_nrp

BASE: dict[str, Any] = json.loads(
    (ROOT / "instances" / "millas-2025-03.json").read_text(encoding="utf-8")
)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


STRINGS = sorted(set(_strings(BASE)))  # ids, shift names, weekdays... of the instance itself


def _edited(rng: random.Random, value: Any) -> Any:
    """A value of the same type, near the old one or taken from elsewhere in the instance."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return rng.choice([0, 1, -1, value + 1, value - 1, 2 * value, rng.randint(-3, 9)])
    if isinstance(value, float):
        return rng.choice([0.0, 2 * value, value / 2, rng.uniform(-1.0, 2 * abs(value) + 1)])
    if isinstance(value, str):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return (date + dt.timedelta(days=rng.randint(-40, 40))).isoformat()
        if len(value) == 5 and value[2] == ":":
            return f"{rng.randint(0, 24):02d}:{rng.choice([0, 30, 59]):02d}"
        return rng.choice(STRINGS)
    if isinstance(value, list) and value:
        if rng.random() < 0.5:
            return value[: (k := rng.randrange(len(value)))] + value[k + 1 :]
        return [*value, copy.deepcopy(rng.choice(value))]
    return value


def edited(seed: int) -> dict[str, Any]:
    """One to three edits of the base instance, drawn from `seed` (printed on a failure)."""
    rng = random.Random(seed)
    data = copy.deepcopy(BASE)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice([p for p in json_paths(data) if p])
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = _edited(rng, parent[path[-1]])
    return data


@pytest.mark.slow
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_edited_instance_solves_to_a_checked_rota_or_is_input_error(
    tmp_path: Path, seed: int
) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(edited(seed)), encoding="utf-8")
    try:
        instance = load_instance(path)
        solution = solve(instance, SolveParams(time_limit=1.5, progress=False))
    except InputError:
        return
    if solution.objective is None:  # no rota in the time (or none at all): nothing to check
        assert not solution.assignments
        return
    report = check(instance, solution)
    assert report.ok, (report.mismatches, [v.rule for v in report.evaluation.hard])


def test_the_edits_keep_most_instances_loadable(tmp_path: Path) -> None:
    """The point of the property above: a fair share of the edited instances reach the
    solver (were it none, the property would hold without testing anything)."""
    loaded = 0
    for seed in range(30):
        path = tmp_path / f"{seed}.json"
        path.write_text(json.dumps(edited(seed)), encoding="utf-8")
        try:
            load_instance(path)
        except InputError:
            continue
        loaded += 1
    assert loaded >= 10, loaded


NRP1 = (ROOT / "benchmarks" / "nrp" / "data" / "Instance1.txt").read_text().splitlines()
NUMBER = re.compile(r"-?\d+")


def edited_nrp(seed: int) -> str:
    """NRP 1 with one to three lines deleted, repeated or with a number or field changed (a
    cover weight of 10^20 and an employee's run of 0 days were internal errors)."""
    rng = random.Random(seed)
    lines = list(NRP1)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        line, kind = lines[at], rng.random()
        if kind < 0.2:
            del lines[at]
        elif kind < 0.3:
            lines.insert(at, line)
        elif numbers := list(NUMBER.finditer(line)):
            m = rng.choice(numbers)
            value = rng.choice(["0", "-1", "1", "", "x", str(int(m.group()) + 1), str(10**20)])
            lines[at] = line[: m.start()] + value + line[m.end() :]
        else:
            fields = line.split(",")
            fields[rng.randrange(len(fields))] = rng.choice(["", "E", "ZZ", "D|E"])
            lines[at] = ",".join(fields)
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_edited_nrp_file_gives_a_clean_roster_or_is_input_error(seed: int) -> None:
    try:
        problem = nrp.parse(edited_nrp(seed))
        result = solve_nrp(problem, SolveParams(time_limit=1.5, progress=False))
    except InputError:
        return
    assert result.violations == []  # the benchmark's hard rules, judged by the checker
    assert (result.penalty is None) == (result.status in ("infeasible", "unknown"))
