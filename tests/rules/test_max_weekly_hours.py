from factory import make, person
from verify import verify

FULL = [("d1", f"2025-03-0{d}", s, "A") for d in (3, 4, 5) for s in ("am", "pm")]  # 24 h


def test_twenty_hours_hold() -> None:
    inst = make(staff=[person("d1", rules={"max_weekly_hours": 20})])
    verify("max_weekly_hours").given(inst, FULL[:5]).holds()


def test_twenty_four_hours_break() -> None:
    inst = make(staff=[person("d1", rules={"max_weekly_hours": 20})])
    found = verify("max_weekly_hours").given(inst, FULL).breaks()
    assert "24 h in the week of 2025-03-03" in found[0]


# -- the week that straddles the horizon's start (history) ------------------------------------
from history_cases import history  # noqa: E402


def _straddling():  # type: ignore[no-untyped-def]
    """From Thursday 6 March 2025; 24 h worked on Monday to Wednesday before it."""
    rows = [("d1", f"2025-03-0{d}", s) for d in (3, 4, 5) for s in ("am", "pm")]
    return make(
        start="2025-03-06",
        staff=[person("d1", rules={"max_weekly_hours": 30})],
        history=history(*rows),
    )


def test_hours_of_the_history_count_in_the_straddling_week() -> None:
    rota = [("d1", "2025-03-06", "am", "A"), ("d1", "2025-03-06", "pm", "A")]
    found = verify("max_weekly_hours").given(_straddling(), rota).breaks()
    assert "works 32 h (24 h before the horizon)" in found[0]


def test_within_the_limit_with_the_history_holds() -> None:
    verify("max_weekly_hours").given(_straddling(), [("d1", "2025-03-06", "am", "A")]).holds()
