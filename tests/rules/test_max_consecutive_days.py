from factory import make, person
from verify import verify


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_break_in_the_run_holds() -> None:
    inst = make(staff=[person("d1", rules={"max_consecutive_days": 3})])
    verify("max_consecutive_days").given(inst, _rota([3, 4, 5, 7])).holds()


def test_four_in_a_row_break_a_limit_of_three() -> None:
    inst = make(staff=[person("d1", rules={"max_consecutive_days": 3})])
    found = verify("max_consecutive_days").given(inst, _rota([3, 4, 5, 6])).breaks()
    assert "more than 3 days in a row up to 2025-03-06" in found[0]


# -- a run the history ends with goes on -----------------------------------------------------
from factory import SECTOR, doctor_on_call  # noqa: E402
from history_cases import history  # noqa: E402

# Wednesday 26 February to Saturday 1 March in the morning, Sunday 2 March on call: 5 days
_FIVE = [("d1", d, "am") for d in ("2025-02-26", "2025-02-27", "2025-02-28", "2025-03-01")]
_FIVE.append(("d1", "2025-03-02", "sun"))


def _after(*rows: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    return make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules={"max_consecutive_days": 6})],
        history=history(*rows),
    )


def test_a_run_from_the_history_continues() -> None:
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-04", "am", "A")]
    found = verify("max_consecutive_days").given(_after(*_FIVE), rota).breaks()
    assert "more than 6 days in a row up to 2025-03-04" in found[0]
    verify("max_consecutive_days").given(_after(), rota).holds()


def test_six_days_across_the_start_hold() -> None:
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-05", "am", "A")]
    verify("max_consecutive_days").given(_after(*_FIVE), rota).holds()


def test_a_run_over_inside_the_history_is_not_reported_again() -> None:
    eight = [("d1", "2025-02-22", "am"), ("d1", "2025-02-23", "sun")]
    eight += [("d1", f"2025-02-{d}", "am") for d in (24, 25, 26, 27, 28)]
    eight.append(("d1", "2025-03-01", "am"))  # Saturday; Sunday 2 March off
    rota = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-04", "am", "A")]
    verify("max_consecutive_days").given(_after(*eight), rota).holds()


def test_a_run_already_too_long_in_the_history_closes_the_first_day() -> None:
    seven = [*_FIVE, ("d1", "2025-02-25", "am"), ("d1", "2025-02-24", "am")]
    rota = [("d1", "2025-03-03", "am", "A")]
    found = verify("max_consecutive_days").given(_after(*seven), rota).breaks()
    assert "up to 2025-03-03" in found[0]
