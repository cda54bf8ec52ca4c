from typing import Any

from factory import make, person, site
from history_cases import history
from verify import verify

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
MORNINGS = [
    {"id": "am", "start": "08:00", "end": "12:00", "kind": "consultation", "weekdays": DAYS}
]


def _inst(
    start: str = "2025-03-03", days: int = 14, rules: dict[str, Any] | None = None, **kw: Any
):  # type: ignore[no-untyped-def]
    """Mornings every day; four days off a fortnight; no weekly cap on days."""
    if rules is None:
        rules = {"min_rest_days_per_fortnight": 4, "max_days_per_week": 7}
    return make(
        start=start,
        days=days,
        shifts=MORNINGS,
        sites=[site(opening={d: ["am"] for d in DAYS})],
        staff=[person("d1", rules=rules)],
        **kw,
    )


def mornings(*dates: str) -> list[tuple[str, str, str, str]]:
    return [("d1", d, "am", "A") for d in dates]


WEEK_1 = [f"2025-03-0{d}" for d in range(3, 10)]  # Monday 3 to Sunday 9 March
WEEK_2 = [f"2025-03-{d}" for d in range(10, 17)]  # Monday 10 to Sunday 16 March


def test_weekends_off_hold() -> None:
    verify("rest_days_per_fortnight").given(_inst(), mornings(*WEEK_1[:5], *WEEK_2[:5])).holds()


def test_two_days_off_in_two_weeks_break() -> None:
    rota = mornings(*WEEK_1[:6], *WEEK_2[:6])
    found = verify("rest_days_per_fortnight").given(_inst(), rota).breaks()
    assert found == [
        "D1 has 2 days off in the two weeks from 2025-03-03, 4 days off with two in a row "
        "around a Sunday required"
    ]


def test_four_days_off_without_a_sunday_pair_break() -> None:
    # off: Wednesday to Friday of the first week and the last Sunday (its Saturday worked)
    rota = mornings(*WEEK_1[:2], *WEEK_1[5:], *WEEK_2[:6])
    found = verify("rest_days_per_fortnight").given(_inst(), rota).breaks()
    assert "no two days off in a row with a Sunday" in found[0]


def test_sunday_and_the_next_monday_are_a_pair() -> None:
    rota = mornings(*WEEK_1[:2], *WEEK_1[4:6], *WEEK_2[1:6])  # off: Wed, Thu, Sun, Mon
    verify("rest_days_per_fortnight").given(_inst(), rota).holds()


def test_days_after_the_horizon_are_off() -> None:
    # one week alone: the next week, outside the horizon, holds the rest
    verify("rest_days_per_fortnight").given(_inst(days=7), mornings(*WEEK_1[:6])).holds()


# The history: every morning of the week of 3 March worked; the horizon is the week after.
def _after_a_full_week():  # type: ignore[no-untyped-def]
    return _inst(start="2025-03-10", days=7, history=history(*[("d1", d, "am") for d in WEEK_1]))


def test_the_history_counts_in_the_fortnight_straddling_the_start() -> None:
    found = verify("rest_days_per_fortnight").given(_after_a_full_week(), mornings(*WEEK_2[:4]))
    assert "3 days off in the two weeks from 2025-03-03" in found.breaks()[0]
    verify("rest_days_per_fortnight").given(_after_a_full_week(), mornings(*WEEK_2[:3])).holds()


def test_the_hospital_profile_asks_four() -> None:
    hospital = {"profile": "hospital", "max_days_per_week": 7}
    rota = mornings(*WEEK_1[:6], *WEEK_2[:6])
    verify("rest_days_per_fortnight").given(_inst(rules=hospital), rota).breaks()
    verify("rest_days_per_fortnight").given(_inst(rules={"max_days_per_week": 7}), rota).holds()


def test_explain() -> None:
    from maillage.models.facts import Facts
    from maillage.solver.model.tags import Tag
    from maillage.solver.rules.rest_days_per_fortnight import explain

    text = explain(Tag("rest_days_per_fortnight", staff="d1", day=-7), Facts(_inst()))
    assert text == (
        "D1 has 4 days off, two in a row with a Sunday, in the two weeks from 2025-02-24"
    )
