"""Astreinte (home stand-by): its intervention allowance counts toward hours, the slot itself
stays rest (Code du travail L3121-9, L3121-10)."""

from typing import Any

from factory import SHIFTS, doctor_on_call, make
from history_cases import history, past
from verify import verify


def _standby(hours: float | None = 2) -> list[dict[str, Any]]:
    """The factory's shifts, the evening on call (20:00-24:00) a stand-by with `hours` of
    interventions."""
    out = [dict(s) for s in SHIFTS]
    out[2] = out[2] | {"counts_as_work": False, "intervention_hours": hours}
    return out


SECTOR = {"id": "S", "sites": ["A"], "slots": ["eve"]}
MONDAY = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "pm", "A")]
EVENING = ("d1", "2025-03-03", "eve", "S")


def _inst(days: int = 7, hours: float | None = 2, **rules: Any):  # type: ignore[no-untyped-def]
    return make(
        days=days,
        shifts=_standby(hours),
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules=rules)],
    )


def test_the_allowance_counts_toward_weekly_hours() -> None:
    inst = _inst(max_weekly_hours=10)
    verify("max_weekly_hours").given(inst, [*MONDAY, EVENING]).holds()
    rota = [*MONDAY, EVENING, ("d1", "2025-03-04", "eve", "S")]
    found = verify("max_weekly_hours").given(inst, rota).breaks()
    assert "works 12 h in the week of 2025-03-03" in found[0]


def test_without_an_allowance_a_standby_counts_no_hours() -> None:
    rota = [*MONDAY, EVENING, ("d1", "2025-03-04", "eve", "S")]
    verify("max_weekly_hours").given(_inst(hours=None, max_weekly_hours=8), rota).holds()


def test_the_allowance_counts_toward_the_contract_hours() -> None:
    # one Monday at full time: a target of 7 h
    inst = _inst(days=1, hours=3, max_average_weekly_hours=168)
    verify("contract_hours").given(inst, [MONDAY[0], EVENING]).holds()
    assert verify("contract_hours").given(inst, [MONDAY[0]]).penalizes_by(3)


def test_the_allowance_counts_toward_total_and_seven_day_hours() -> None:
    inst = _inst(min_total_minutes=600, max_hours_per_7_days=10)
    verify("total_minutes").given(inst, [*MONDAY, EVENING]).holds()
    verify("total_minutes").given(inst, MONDAY).breaks()
    rota = [*MONDAY, EVENING, ("d1", "2025-03-04", "eve", "S")]
    verify("max_hours_per_7_days").given(inst, rota).breaks()


def test_the_allowance_of_the_history_counts() -> None:
    row = past("d1", "2025-03-03", "eve") | {"counts_as_work": False, "work_minutes": 120}
    inst = make(
        start="2025-03-04",
        shifts=_standby(),
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules={"max_weekly_hours": 9})],
        history=history(start="2025-02-24") | {"assignments": [row]},
    )
    rota = [("d1", "2025-03-04", "am", "A"), ("d1", "2025-03-04", "pm", "A")]
    assert (
        "works 10 h (2 h before the horizon)"
        in verify("max_weekly_hours").given(inst, rota).breaks()[0]
    )


def test_a_standby_is_rest_for_daily_rest() -> None:
    # stand-by until midnight, then a morning at 08:00: 8 h, rest all the same
    rota = [EVENING, ("d1", "2025-03-04", "am", "A")]
    verify("daily_rest").given(_inst(), rota).holds()
    worked = [dict(s) for s in SHIFTS]  # the same evening counting as work
    inst = make(shifts=worked, sectors=[SECTOR], staff=[doctor_on_call("d1")])
    verify("daily_rest").given(inst, rota).breaks()


def test_a_standby_is_no_worked_day() -> None:
    # four mornings and, on the fifth day, the stand-by only
    rota = [("d1", f"2025-03-0{d}", "am", "A") for d in range(3, 7)]
    inst = _inst(max_days_per_week=4)
    verify("max_days_per_week").given(inst, [*rota, ("d1", "2025-03-07", "eve", "S")]).holds()
    verify("max_days_per_week").given(inst, [*rota, ("d1", "2025-03-07", "am", "A")]).breaks()
