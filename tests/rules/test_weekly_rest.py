from factory import SECTOR, doctor_on_call, make
from verify import verify

WEEK = [("d1", f"2025-03-0{d}", "am", "A") for d in range(3, 9)]  # Monday to Saturday mornings


def _inst():  # type: ignore[no-untyped-def]
    return make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules={"max_days_per_week": 7, "max_daily_hours": 12})],
    )


def test_saturday_noon_to_monday_holds() -> None:
    verify("weekly_rest").given(_inst(), WEEK).holds()


def test_sunday_on_call_breaks() -> None:
    found = verify("weekly_rest").given(_inst(), [*WEEK, ("d1", "2025-03-09", "sun", "S")]).breaks()
    assert "rests at most 20 h in a row" in found[0]


# -- the week that straddles the horizon's start (history) ------------------------------------
# The horizon starts on Thursday 6 March 2025; the history holds Monday to Wednesday afternoons
# (14:00-18:00). With mornings Thursday to Saturday and the Sunday on call (08:00-20:00), the
# longest rest of the week of 3 March is 20 h; without the history it is 80 h (to Thursday).
from history_cases import history  # noqa: E402

_PAST = [("d1", f"2025-03-0{d}", "pm") for d in (3, 4, 5)]
_WEEK = [("d1", f"2025-03-0{d}", "am", "A") for d in (6, 7, 8)]


def _straddling(*rows: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    return make(
        start="2025-03-06",
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules={"max_days_per_week": 7, "max_daily_hours": 12})],
        history=history(*rows, start="2025-02-20"),
    )


def test_the_history_counts_in_the_straddling_week() -> None:
    rota = [*_WEEK, ("d1", "2025-03-09", "sun", "S")]
    found = verify("weekly_rest").given(_straddling(*_PAST), rota).breaks()
    assert "at most 20 h in a row in the week of 2025-03-06" in found[0]
    verify("weekly_rest").given(_straddling(), rota).holds()  # no past work: 80 h


def test_a_free_weekend_after_the_history_holds() -> None:
    verify("weekly_rest").given(_straddling(*_PAST), _WEEK[:2]).holds()
