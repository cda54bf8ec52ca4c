import pytest
from factory import make, person
from verify import verify

from maillage.models.facts import Facts


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_half_time_on_three_days_holds() -> None:
    inst = make(staff=[person("d1", fte=0.5)])  # default limit ceil(2.5) = 3 days
    verify("max_days_per_week").given(inst, _rota([3, 4, 5])).holds()


def test_half_time_on_four_days_breaks() -> None:
    inst = make(staff=[person("d1", fte=0.5)])
    found = verify("max_days_per_week").given(inst, _rota([3, 4, 5, 6])).breaks()
    assert "works 4 days in the week of 2025-03-03, more than 3" in found[0]


# Worked out by hand from the rule's text: part-time staff default to ceil(5 x fte) days a
# week; full-time staff have no limit unless one is set, and a set limit wins.
@pytest.mark.parametrize(
    ("fte", "rules", "limit"),
    [
        (0.5, {}, 3),
        (0.2, {}, 1),
        (0.4, {}, 2),
        (0.6, {}, 3),
        (0.8, {}, 4),
        (0.81, {}, 5),
        (1.0, {}, 5),
        (1.0, {"max_days_per_week": 6}, 6),
        (1.0, {"profile": "hospital"}, 5),
        (0.5, {"max_days_per_week": 5}, 5),
        (1.0, {"max_days_per_week": 4}, 4),
    ],
)
def test_limit_table(fte: float, rules: dict[str, int], limit: int | None) -> None:
    inst = make(staff=[person("d1", fte=fte, rules=rules)])
    assert Facts(inst).rules_for(inst.staff[0]).max_days_per_week == limit


# -- the week that straddles the horizon's start (history) ------------------------------------
from history_cases import history  # noqa: E402


def _from_thursday():  # type: ignore[no-untyped-def]
    """Half time (3 days a week) from Thursday 6 March 2025; Monday and Tuesday worked."""
    rows = [("d1", "2025-03-03", "am"), ("d1", "2025-03-04", "pm")]
    return make(start="2025-03-06", staff=[person("d1", fte=0.5)], history=history(*rows))


def test_days_of_the_history_count_in_the_straddling_week() -> None:
    rota = [("d1", "2025-03-06", "am", "A"), ("d1", "2025-03-07", "am", "A")]
    found = verify("max_days_per_week").given(_from_thursday(), rota).breaks()
    assert "works 4 days (2 before the horizon) in the week of 2025-03-06" in found[0]


def test_a_third_day_after_two_in_the_history_holds() -> None:
    rota = [("d1", "2025-03-06", "am", "A"), ("d1", "2025-03-10", "am", "A")]
    verify("max_days_per_week").given(_from_thursday(), rota).holds()


def test_explain_says_where_the_limit_comes_from() -> None:
    from maillage.solver.model.tags import Tag
    from maillage.solver.rules.max_days_per_week import explain

    inst = _from_thursday()
    text = explain(Tag("max_days_per_week", staff="d1", week=0), Facts(inst))
    assert text == (
        "D1 works at most 3 days in the week of 2025-03-06 (the default: ceil(5 x fte 0.5), "
        "within the legal 6), 2 of them worked before the horizon"
    )
    full = make(staff=[person("d1", rules={"max_days_per_week": 4})])
    text = explain(Tag("max_days_per_week", staff="d1", week=0), Facts(full))
    assert text == "D1 works at most 4 days in the week of 2025-03-03"
