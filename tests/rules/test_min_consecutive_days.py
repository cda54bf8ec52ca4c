from factory import make, person
from verify import verify

LEAST_TWO = {"min_consecutive_days": 2}


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_runs_of_two_and_a_border_run_hold() -> None:
    inst = make(staff=[person("d1", rules=LEAST_TWO)])
    # Monday alone touches the first day of the horizon: exempt; then Wed-Thu.
    verify("min_consecutive_days").given(inst, _rota([3, 5, 6])).holds()


def test_a_lone_day_on_the_last_day_is_exempt() -> None:
    inst = make(days=5, staff=[person("d1", rules=LEAST_TWO)])  # Monday 3 to Friday 7
    verify("min_consecutive_days").given(inst, _rota([7])).holds()


def test_a_lone_day_inside_the_horizon_breaks() -> None:
    inst = make(staff=[person("d1", rules=LEAST_TWO)])
    found = verify("min_consecutive_days").given(inst, _rota([5])).breaks()
    assert found == ["D1 works 1 day(s) in a row from 2025-03-05, at least 2 wanted"]


# -- across the horizon's start (history) ---------------------------------------------------
from factory import SECTOR, doctor_on_call  # noqa: E402
from history_cases import history  # noqa: E402


def _after(*rows: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    """Runs of at least 3 worked days; the history covers the two weeks before 3 March."""
    return make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules={"min_consecutive_days": 3, "max_daily_hours": 12})],
        history=history(*rows),
    )


_SUNDAY = ("d1", "2025-03-02", "sun")  # on call the eve of the horizon, Saturday off


def test_a_run_the_history_ends_with_must_go_on() -> None:
    rota = [("d1", f"2025-03-0{d}", "am", "A") for d in (5, 6, 7)]  # Monday off
    found = verify("min_consecutive_days").given(_after(_SUNDAY), rota).breaks()
    assert "1 day(s) in a row from 2025-03-02" in found[0]
    verify("min_consecutive_days").given(_after(), rota).holds()


def test_a_run_the_history_begins_and_the_horizon_ends_holds() -> None:
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-04", "am", "A")]
    verify("min_consecutive_days").given(_after(_SUNDAY), rota).holds()


def test_a_run_on_the_first_day_is_no_longer_exempt() -> None:
    thursday_to_saturday = [("d1", d, "am") for d in ("2025-02-27", "2025-02-28", "2025-03-01")]
    rota = [("d1", "2025-03-03", "am", "A")]  # Monday alone, Sunday 2 March off
    found = verify("min_consecutive_days").given(_after(*thursday_to_saturday), rota).breaks()
    assert "1 day(s) in a row from 2025-03-03" in found[0]
    verify("min_consecutive_days").given(_inst_without_history(), rota).holds()


def _inst_without_history():  # type: ignore[no-untyped-def]
    return make(staff=[person("d1", rules={"min_consecutive_days": 3})])
