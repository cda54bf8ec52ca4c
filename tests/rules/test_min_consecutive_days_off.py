from factory import make, person
from verify import verify

REST_TWO = {"min_consecutive_days_off": 2}


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_two_days_off_and_a_border_rest_hold() -> None:
    inst = make(staff=[person("d1", rules=REST_TWO)])
    # Off on Monday (the first day: exempt), worked Tue, off Wed-Thu, worked Fri.
    verify("min_consecutive_days_off").given(inst, _rota([4, 7])).holds()


def test_one_day_off_between_worked_days_breaks() -> None:
    inst = make(staff=[person("d1", rules=REST_TWO)])
    found = verify("min_consecutive_days_off").given(inst, _rota([4, 6])).breaks()
    assert found == ["D1 has 1 day(s) off in a row from 2025-03-05, at least 2 wanted"]


def test_leave_counts_as_days_off() -> None:
    leave = [{"from": "2025-03-05", "to": "2025-03-05"}]
    inst = make(staff=[person("d1", rules=REST_TWO, unavailable=leave)])
    found = verify("min_consecutive_days_off").given(inst, _rota([4, 6])).breaks()
    assert "from 2025-03-05" in found[0]


# -- across the horizon's start (history) ---------------------------------------------------
from factory import SECTOR, doctor_on_call  # noqa: E402
from history_cases import history  # noqa: E402


def _after(*rows: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    """Rests of at least 2 days; the history covers the two weeks before 3 March."""
    return make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules={"min_consecutive_days_off": 2, "max_daily_hours": 12})],
        history=history(*rows),
    )


_SATURDAY = [("d1", f"2025-02-{d}", "am") for d in (24, 25, 26, 27, 28)]
_SATURDAY.append(("d1", "2025-03-01", "am"))  # Monday to Saturday worked, Sunday 2 off


def test_a_rest_the_history_ends_with_must_go_on() -> None:
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-04", "am", "A")]
    found = verify("min_consecutive_days_off").given(_after(*_SATURDAY), rota).breaks()
    assert "1 day(s) off in a row from 2025-03-02" in found[0]
    verify("min_consecutive_days_off").given(_after(), rota).holds()  # a long rest before


def test_a_rest_across_the_start_holds() -> None:
    rota = [("d1", "2025-03-04", "am", "A"), ("d1", "2025-03-05", "am", "A")]
    verify("min_consecutive_days_off").given(_after(*_SATURDAY), rota).holds()


def test_a_rest_on_the_first_day_is_no_longer_exempt() -> None:
    friday_to_sunday = [("d1", "2025-02-28", "am"), ("d1", "2025-03-01", "am")]
    friday_to_sunday.append(("d1", "2025-03-02", "sun"))
    rota = [("d1", "2025-03-04", "am", "A"), ("d1", "2025-03-05", "am", "A")]  # Monday off
    found = verify("min_consecutive_days_off").given(_after(*friday_to_sunday), rota).breaks()
    assert "1 day(s) off in a row from 2025-03-03" in found[0]
    no_history = make(staff=[person("d1", rules={"min_consecutive_days_off": 2})])
    verify("min_consecutive_days_off").given(no_history, rota).holds()
