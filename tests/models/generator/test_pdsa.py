"""PDSA periods (Code de la santé publique R6315-1): bridge days, and every on-call slot of the
generator and of the shipped instances inside the periods, within the doctors' reach."""

import datetime as dt
from collections import Counter

import pytest
from paths import INSTANCES

from maillage.models import load_instance
from maillage.models.facts import Facts
from maillage.models.generator.generate import GenerateParams, generate
from maillage.models.generator.pdsa import bridge_days, in_pdsa_periods, public_holidays
from maillage.models.instance import WORK_PATTERNS, Instance, ShiftKind

D = dt.date
SHIPPED = [
    "millas-2025-03",
    "grand-cahors-2025-03",
    "grand-cahors-2025-04",
    "gip-network-2023-03",
    "occitanie-200-2026-01",
    "conflict-example-catus",
]


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # 1 January 2026 a Thursday: the Friday and Saturday after
        (D(2026, 1, 1), 31, [D(2026, 1, 2), D(2026, 1, 3)]),
        # 2025: 1 and 8 May, Ascension (29 May) on Thursdays
        (
            D(2025, 5, 1),
            31,
            [D(2025, 5, d) for d in (2, 3, 9, 10, 30, 31)],
        ),
        # 2026: 1 and 8 May on Fridays (the Saturday after), Ascension on 14 May
        (D(2026, 5, 1), 31, [D(2026, 5, 2), D(2026, 5, 9), D(2026, 5, 15), D(2026, 5, 16)]),
        # Christmas 2029 and 1 January 2030 on Tuesdays: the Mondays before, the second in
        # the month before the holiday's
        (D(2029, 12, 1), 31, [D(2029, 12, 24), D(2029, 12, 31)]),
        (D(2030, 1, 1), 31, []),
        # Easter Monday and Whit Monday make no bridge; March has no holiday
        (D(2025, 4, 1), 30, []),
        (D(2025, 3, 1), 31, []),
        # 11 November 2025 a Tuesday: Monday 10th
        (D(2025, 11, 1), 30, [D(2025, 11, 10)]),
    ],
)
def test_bridge_days(start: dt.date, days: int, expected: list[dt.date]) -> None:
    assert bridge_days(start, days) == expected


def test_a_bridge_day_is_never_a_holiday_or_a_sunday() -> None:
    found = bridge_days(D(2020, 1, 1), 366 * 10)
    public = public_holidays(D(2020, 1, 1), D(2030, 12, 31))
    assert found and not set(found) & public
    assert {day.weekday() for day in found} == {0, 4, 5}  # Mondays, Fridays, Saturdays


@pytest.mark.parametrize(
    ("day", "start", "end", "holiday", "bridge", "inside"),
    [
        (D(2025, 3, 3), 20 * 60, 24 * 60, False, False, True),  # Monday night
        (D(2025, 3, 3), 22 * 60, 32 * 60, False, False, True),  # to 08:00 next day
        (D(2025, 3, 3), 0, 8 * 60, False, False, True),  # early morning
        (D(2025, 3, 3), 18 * 60, 24 * 60, False, False, False),  # from 18:00: no
        (D(2025, 3, 3), 8 * 60, 20 * 60, False, False, False),  # weekday daytime
        (D(2025, 3, 3), 8 * 60, 20 * 60, False, True, True),  # ... unless a bridge day
        (D(2025, 3, 3), 8 * 60, 20 * 60, True, False, True),  # ... or a holiday
        (D(2025, 3, 8), 12 * 60, 20 * 60, False, False, True),  # Saturday from noon
        (D(2025, 3, 8), 8 * 60, 20 * 60, False, False, False),  # not the morning
        (D(2025, 3, 9), 8 * 60, 20 * 60, False, False, True),  # Sunday
        (D(2025, 3, 3), 20 * 60, 33 * 60, False, False, False),  # past 08:00 next day
    ],
)
def test_in_pdsa_periods(
    day: dt.date, start: int, end: int, holiday: bool, bridge: bool, inside: bool
) -> None:
    assert in_pdsa_periods(day, start, end, holiday=holiday, bridge=bridge) is inside


def oncall_outside_periods(instance: Instance) -> list[str]:
    facts = Facts(instance)
    horizon = instance.horizon
    public = public_holidays(horizon.start, horizon.end)
    bridges = set(horizon.bridge_days)
    out = []
    for slot in facts.slots:
        if slot.kind != ShiftKind.oncall:
            continue
        offset = slot.day * 24 * 60
        if not in_pdsa_periods(
            slot.date,
            slot.start - offset,
            slot.end - offset,
            holiday=slot.date in public,
            bridge=slot.date in bridges,
        ):
            out.append(f"{slot.shift.id} on {slot.date}")
    return out


def over_capacity(instance: Instance) -> list[str]:
    """Sector-months with more slots than its roster can hold at the default monthly
    maximum, or a day with more overlapping slots than doctors."""
    facts = Facts(instance)
    most = WORK_PATTERNS.max_oncalls_per_month or 0
    out = []
    for sector in instance.sectors:
        roster = [p for p in instance.staff if facts.oncall_eligible(p, sector)]
        cap = min(most, *(facts.rules_for(p).max_oncalls_per_month or most for p in roster))
        slots = list(facts.sector_slots(sector))
        months = Counter((s.date.year, s.date.month) for s in slots)
        days = Counter(s.day for s in slots)
        out += [f"{sector.id} {m}: {n}" for m, n in months.items() if n > cap * len(roster)]
        out += [f"{sector.id} day {d}: {n}" for d, n in days.items() if n > len(roster)]
    return out


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_instances_hold_on_call_in_the_periods_with_their_bridge_days(name: str) -> None:
    instance = load_instance(INSTANCES / f"{name}.json")
    horizon = instance.horizon
    if instance.sectors:
        assert horizon.bridge_days == bridge_days(horizon.start, horizon.days)
    assert oncall_outside_periods(instance) == []
    assert over_capacity(instance) == []


def test_generated_month_with_bridge_days_declares_them_and_stays_coverable() -> None:
    instance = generate(GenerateParams(staff=40, start=D(2025, 5, 1), seed=2))
    assert instance.horizon.bridge_days == bridge_days(D(2025, 5, 1), 31)
    assert "2025-05-30" in instance.description
    assert oncall_outside_periods(instance) == []
    assert over_capacity(instance) == []
    # May 2025 has 4 Sundays, 3 holidays and 6 bridge days: a roster that cannot hold the 13
    # holds the Sundays only
    facts = Facts(instance)
    sundays_only = [s for s in instance.sectors if s.slots == ["oncall_sunday"]]
    assert sundays_only and "oncall_sunday" in {s.id for s in instance.shifts}
    for sector in sundays_only:
        roster = [p for p in instance.staff if facts.oncall_eligible(p, sector)]
        assert 6 * len(roster) < 13
        assert [s.date.weekday() for s in facts.sector_slots(sector)] == [6] * 4


def test_no_bridge_day_no_bridge_declared() -> None:
    instance = generate(GenerateParams(staff=12, start=D(2025, 3, 1), seed=2))
    assert instance.horizon.bridge_days == []
    assert "oncall_sunday" not in {s.id for s in instance.shifts}
