from factory import make, person
from history_cases import history
from verify import verify

# Friday 7 to Tuesday 11 March 2025: two calendar weeks, one 7-day window.
SPAN = [
    ("d1", "2025-03-07", "am", "A"),
    ("d1", "2025-03-07", "pm", "A"),
    ("d1", "2025-03-08", "am", "A"),
    ("d1", "2025-03-10", "am", "A"),
    ("d1", "2025-03-10", "pm", "A"),
]  # 20 h


def _inst(**rules: object):  # type: ignore[no-untyped-def]
    return make(days=14, staff=[person("d1", rules={"max_hours_per_7_days": 20, **rules})])


def test_twenty_hours_in_seven_days_hold() -> None:
    verify("max_hours_per_7_days").given(_inst(), SPAN).holds()


def test_the_window_slides_across_the_calendar_weeks() -> None:
    # 12 h in each calendar week, 24 h from Friday to Thursday
    rota = [*SPAN, ("d1", "2025-03-11", "am", "A")]
    found = verify("max_hours_per_7_days").given(_inst(), rota).breaks()
    assert found == ["D1 works 24 h from 2025-03-05 to 2025-03-11, more than 20 h in 7 days"]


def test_the_hospital_profile_sets_48_hours() -> None:
    inst = make(days=14, staff=[person("d1", rules={"profile": "hospital"})])
    verify("max_hours_per_7_days").given(inst, SPAN).holds()
    assert make().rules.max_hours_per_7_days is None  # not a Code du travail rule


def _straddling():  # type: ignore[no-untyped-def]
    """From Thursday 6 March 2025; 24 h worked on Monday to Wednesday before it."""
    rows = [("d1", f"2025-03-0{d}", s) for d in (3, 4, 5) for s in ("am", "pm")]
    return make(
        start="2025-03-06",
        staff=[person("d1", rules={"max_hours_per_7_days": 30})],
        history=history(*rows),
    )


def test_the_history_counts() -> None:
    rota = [("d1", "2025-03-06", "am", "A"), ("d1", "2025-03-06", "pm", "A")]
    found = verify("max_hours_per_7_days").given(_straddling(), rota).breaks()
    assert "works 32 h (history included) from 2025-02-28 to 2025-03-06" in found[0]
    verify("max_hours_per_7_days").given(_straddling(), rota[:1]).holds()


def test_explain() -> None:
    from maillage.models.facts import Facts
    from maillage.solver.model.tags import Tag
    from maillage.solver.rules.max_hours_per_7_days import explain

    text = explain(Tag("max_hours_per_7_days", staff="d1", day=-2), Facts(_straddling()))
    assert text == "D1 works at most 30 h from 2025-03-04 to 2025-03-10"
