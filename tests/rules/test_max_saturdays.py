from factory import SECTOR, SHIFTS, doctor_on_call, make, person
from history_cases import history
from verify import verify

from maillage.models.facts import Facts
from maillage.solver.model.tags import Tag
from maillage.solver.rules.max_saturdays import explain

# March 2025 has five Saturdays: the 1st, 8th, 15th, 22nd and 29th.


def _march(**kw):  # type: ignore[no-untyped-def]
    return make(start="2025-03-01", days=31, **kw)


def _saturdays(*days: int) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-{d:02d}", "am", "A") for d in days]


def test_two_saturdays_a_month_hold() -> None:
    verify("max_saturdays").given(_march(staff=[person("d1")]), _saturdays(1, 15)).holds()


def test_a_third_saturday_breaks() -> None:
    found = (
        verify("max_saturdays").given(_march(staff=[person("d1")]), _saturdays(1, 15, 29)).breaks()
    )
    assert found == ["D1 works 3 Saturdays in March 2025, more than 2"]


def test_a_person_may_be_allowed_more() -> None:
    inst = _march(staff=[person("d1", rules={"max_saturdays_per_month": 3})])
    verify("max_saturdays").given(inst, _saturdays(1, 15, 29)).holds()


def test_a_saturday_on_call_counts_unless_it_is_stand_by() -> None:
    rota = [*_saturdays(1, 15), ("d1", "2025-03-22", "sat", "S")]
    inst = _march(sectors=[SECTOR], staff=[doctor_on_call("d1")])
    verify("max_saturdays").given(inst, rota).breaks()
    shifts = [s | {"counts_as_work": False} if s["id"] == "sat" else s for s in SHIFTS]
    standby = _march(shifts=shifts, sectors=[SECTOR], staff=[doctor_on_call("d1")])
    verify("max_saturdays").given(standby, rota).holds()


def test_each_calendar_month_has_its_own_limit() -> None:
    # from Saturday 15 March to Friday 11 April: Saturdays 15, 22, 29 March and 5 April
    inst = make(start="2025-03-15", days=28, staff=[person("d1")])
    rota = [*_saturdays(15, 22), ("d1", "2025-04-05", "am", "A")]
    verify("max_saturdays").given(inst, rota).holds()
    verify("max_saturdays").given(inst, _saturdays(15, 22, 29)).breaks()


# -- the month the horizon starts in, begun in the history ------------------------------------
def _after(*rows: tuple[str, str, str], limit: int | None = None):  # type: ignore[no-untyped-def]
    """From Monday 3 March 2025 for two weeks; the history covers 17 February to 2 March."""
    rules = {} if limit is None else {"max_saturdays_per_month": limit}
    return make(days=14, staff=[person("d1", rules=rules)], history=history(*rows))


def test_a_saturday_of_the_history_counts_in_its_month() -> None:
    inst = _after(("d1", "2025-03-01", "am"))
    verify("max_saturdays").given(inst, _saturdays(8)).holds()
    found = verify("max_saturdays").given(inst, _saturdays(8, 15)).breaks()
    assert found == ["D1 works 3 Saturdays (1 before the horizon) in March 2025, more than 2"]


def test_a_saturday_of_the_month_before_does_not_count() -> None:
    inst = _after(("d1", "2025-02-22", "am"))
    verify("max_saturdays").given(inst, _saturdays(8, 15)).holds()


def test_beyond_the_limit_already_the_rota_adds_no_saturday() -> None:
    inst = _after(("d1", "2025-03-01", "am"), limit=0)
    verify("max_saturdays").given(inst, [("d1", "2025-03-03", "am", "A")]).holds()
    verify("max_saturdays").given(inst, _saturdays(8)).breaks()


def test_explain_names_the_month_and_the_history() -> None:
    inst = _after(("d1", "2025-03-01", "am"))
    text = explain(Tag("max_saturdays", staff="d1", month=0), Facts(inst))
    assert text == "D1 works at most 2 Saturdays in March 2025 (1 worked before the horizon)"
