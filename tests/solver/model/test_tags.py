"""A constraint's tag keeps its fields apart: ids holding ':' stay distinct, and the text form
is the one people read."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from maillage.models.instance import Role
from maillage.solver.model.tags import Tag, known


def test_the_text_shows_the_rule_then_the_fields_it_fills() -> None:
    assert str(Tag("daily_rest", staff="d1", minute=1920, next_minute=2520)) == (
        "daily_rest:d1:1920:2520"
    )
    assert str(Tag("max_staffing", site="A", day=3, shift="am", role=Role.ipa)) == (
        "max_staffing:A:3:am:ipa"
    )
    assert str(Tag("fixed_assignments", staff="d1", date=dt.date(2025, 3, 4))) == (
        "fixed_assignments:d1:2025-03-04"
    )
    assert str(Tag("max_weekends", staff="d1")) == "max_weekends:d1"


def test_instances_whose_text_coincides_stay_apart() -> None:
    first = Tag("forbidden_successions", staff="a", day=1, shift="b:c", next_shift="d")
    second = Tag("forbidden_successions", staff="a", day=1, shift="b", next_shift="c:d")
    assert str(first) == str(second)
    assert first != second and len({first, second}) == 2
    same = Tag("forbidden_successions", staff="a", day=1, shift="b:c", next_shift="d")
    assert first == same and hash(first) == hash(same) and len({first, same}) == 1


def test_a_tag_cannot_change_and_holds_no_dict() -> None:
    tag = Tag("no_overlap", staff="d1", minute=480)
    with pytest.raises(dataclasses.FrozenInstanceError):
        tag.staff = "d2"  # type: ignore[misc]
    assert not hasattr(tag, "__dict__")


def test_known_refuses_a_field_the_rule_did_not_fill() -> None:
    tag = Tag("weekly_rest", staff="d1", week=2)
    assert known(tag.week) == 2 and known(tag.staff) == "d1"
    with pytest.raises(LookupError):
        known(tag.day)
