"""Part 5: broken input is an InputError (exit 2), never a crash or a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from factory import SECTOR, instance_dict, json_paths, person
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.cli.main import main
from maillage.models import InputError, Instance, load_instance

BASE = instance_dict(
    staff=[person("d1", oncall=True, fixed=[{"date": "2025-03-04", "shift": "am", "site": "A"}])],
    sectors=[SECTOR],
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2025-02-30", "9999-12-31", "d1", "A", "zz", "", "mon", "25:00"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in json_paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete"]))
        if action == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return data


def _load(tmp: Path, data: Any) -> Instance | InputError:
    """The instance, or the InputError it raised; anything else raised fails the test."""
    path = tmp / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        return load_instance(path)
    except InputError as error:
        return error


def _names_its_problems(error: InputError) -> bool:
    """At least one issue, each with a JSON path and a message a user can act on."""
    return bool(error.issues) and all(
        issue.path.startswith("$") and issue.message for issue in error.issues
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=mutated())
def test_mutated_instance_loads_or_is_input_error(tmp_path: Path, data: dict[str, Any]) -> None:
    result = _load(tmp_path, data)
    assert isinstance(result, Instance) or _names_its_problems(result), result


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=json_values)
def test_random_json_is_input_error(tmp_path: Path, data: Any) -> None:
    # No value of at most eight leaves holds all an instance's required fields.
    result = _load(tmp_path, data)
    assert isinstance(result, InputError) and _names_its_problems(result), result


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=mutated())
def test_cli_validate_never_shows_a_traceback(
    tmp_path: Path, data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(path)])
        raise SystemExit(0)
    assert exit_info.value.code in (0, 2)
    assert "Traceback" not in capsys.readouterr().err
