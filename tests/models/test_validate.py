"""Bad input: every problem named with its JSON path, never a traceback."""

import json

import pytest
from factory import instance_dict, person

from maillage.models.errors import InputError
from maillage.models.instance import Instance
from maillage.models.load import load_instance, parse


def _issues(data: dict, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "i.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as caught:
        load_instance(path, known_rules={"daily_rest"})
    return [str(i) for i in caught.value.issues]


def test_wrong_types_and_unknown_fields(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = instance_dict()
    data["staff"][0]["fte"] = 1.5
    data["staff"][1]["colour"] = "red"
    data["horizon"]["days"] = 0
    issues = _issues(data, tmp_path)
    assert "$.staff[0].fte: Input should be less than or equal to 1" in issues
    assert "$.staff[1].colour: unknown field" in issues
    assert "$.horizon.days: Input should be greater than or equal to 1" in issues


def test_horizon_outside_the_supported_years(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = instance_dict()
    for start in ("9999-12-30", "0001-01-01", "2200-01-01"):
        data["horizon"] = {"start": start, "days": 7}
        assert _issues(data, tmp_path) == [
            f"$.horizon.start: {start} is outside the years a rota can start in (1900 to 2199)"
        ]
    data["horizon"] = {"start": "2199-12-31", "days": 371}  # the last start, the longest horizon
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(data))
    assert load_instance(path).horizon.end.isoformat() == "2201-01-05"


def test_unknown_and_duplicate_ids(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = instance_dict(staff=[person("d1", sites=["A", "Z"]), person("d1")])
    data["sites"][0]["opening"]["mon"] = ["am", "brunch"]
    data["rules"]["disabled"] = ["no_such_rule"]
    issues = _issues(data, tmp_path)
    assert "$.staff[0].sites[1]: unknown site 'Z'" in issues
    assert "$.staff[1]: duplicate id 'd1' (2 times)" in issues
    assert "$.sites[0].opening.mon[1]: unknown shift 'brunch'" in issues
    assert "$.rules.disabled[0]: unknown rule 'no_such_rule'" in issues


def test_dates_outside_horizon_and_reversed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = instance_dict(
        staff=[
            person(
                "d1",
                fixed=[{"date": "2025-04-01", "shift": "am", "site": "A"}],
                unavailable=[{"from": "2025-03-05", "to": "2025-03-04"}],
            )
        ]
    )
    issues = _issues(data, tmp_path)
    assert any(
        i.startswith("$.staff[0].unavailable[0]: 'to' (2025-03-04) is before 'from'")
        for i in issues
    )
    data = instance_dict(
        staff=[person("d1", fixed=[{"date": "2025-04-01", "shift": "am", "site": "A"}])]
    )
    assert (
        "$.staff[0].fixed[0].date: 2025-04-01 is outside the horizon 2025-03-03 to 2025-03-09"
        in _issues(data, tmp_path)
    )


def test_home_site_must_be_allowed_and_staff_not_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = instance_dict(staff=[person("d1", home_site="B")])
    assert "$.staff[0].home_site: 'B' is not one of the person's sites" in _issues(data, tmp_path)
    assert any(
        i.startswith("$.staff: List should have at least 1 item")
        for i in _issues(instance_dict(staff=[]), tmp_path)
    )


def test_invalid_json_and_size_limit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="invalid JSON: Expecting"):
        parse(Instance, "{", "x")
    with pytest.raises(InputError, match="expected a JSON object"):
        parse(Instance, "[1]", "x")
    path = tmp_path / "big.json"
    path.write_text(json.dumps(instance_dict()))
    with pytest.raises(InputError, match="larger than the limit of 10 bytes"):
        load_instance(path, max_bytes=10)


def test_rostering_fields_are_cross_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = instance_dict(
        staff=[
            person(
                "d1",
                rules={"max_shifts": {"night": 2}},
                requests=[{"date": "2025-04-01", "shift": "tea", "kind": "on"}],
            )
        ],
        cover=[{"date": "2025-03-04", "shift": "lunch", "required": 1, "site": "Z"}],
    )
    data["shifts"][0]["forbidden_next"] = ["brunch"]
    issues = _issues(data, tmp_path)
    assert "$.shifts[0].forbidden_next[0]: unknown shift 'brunch'" in issues
    assert "$.cover[0].shift: unknown shift 'lunch'" in issues
    assert "$.cover[0].site: unknown site or sector 'Z'" in issues
    assert "$.staff[0].rules.max_shifts.night: unknown shift 'night'" in issues
    assert (
        "$.staff[0].requests[0].date: 2025-04-01 is outside the horizon 2025-03-03 to 2025-03-09"
        in issues
    )
    assert "$.staff[0].requests[0].shift: unknown shift 'tea'" in issues


def test_total_minutes_band_must_be_ordered(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = instance_dict(
        staff=[person("d1", rules={"min_total_minutes": 600, "max_total_minutes": 60})]
    )
    issues = _issues(data, tmp_path)
    assert any("max_total_minutes (60) is below min_total_minutes (600)" in i for i in issues)
