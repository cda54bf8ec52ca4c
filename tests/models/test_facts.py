"""Instance semantics shared by solver and checker: calendar, targets, travel, reach, need."""

import datetime as dt

import pytest
from factory import commune, make, person

from maillage.models.facts import Facts


def test_french_holidays_are_known_without_listing() -> None:
    facts = Facts(make(start="2025-04-14", days=21))
    assert facts.holidays[dt.date(2025, 4, 21)]  # Easter Monday
    assert dt.date(2025, 5, 1) in facts.holidays
    assert dt.date(2025, 4, 20) not in facts.holidays  # Easter Sunday is not a public holiday


def test_closed_dates_act_as_holidays() -> None:
    facts = Facts(make(horizon={"start": "2025-03-03", "days": 7, "closed_dates": ["2025-03-05"]}))
    wednesday = facts.day_index(dt.date(2025, 3, 5))
    assert wednesday is not None and facts.is_holiday(wednesday)
    assert (wednesday, "am") not in facts.slot_by_key  # consultations closed
    assert facts.slot_by_key[(wednesday, "sun")]  # the Sunday-and-holiday on-call exists


def test_shift_past_midnight() -> None:
    facts = Facts(
        make(
            shifts=[{"id": "night", "start": "22:00", "end": "06:00", "kind": "oncall"}],
            sites=[{"id": "A", "name": "A", "kind": "centre", "lat": 42.7, "lon": 2.7}],
        )
    )
    slot = facts.slot_by_key[(0, "night")]
    assert slot.end - slot.start == 8 * 60 and slot.work == 480


def test_target_is_pro_rata_of_available_working_days() -> None:
    inst = make(
        start="2025-04-14",
        days=14,
        staff=[
            person("d1"),
            person("d2", fte=0.5, unavailable=[{"from": "2025-04-14", "to": "2025-04-16"}]),
            person("d3", start_date="2025-04-22"),
        ],
    )
    facts = Facts(inst)
    # 10 weekdays less Easter Monday = 9 working days.
    assert facts.target_minutes(inst.staff[0]) == 9 * 7 * 60
    assert facts.target_minutes(inst.staff[1]) == round(6 * 7 * 60 * 0.5)
    assert facts.target_minutes(inst.staff[2]) == 4 * 7 * 60


def test_per_person_rules_override_instance_and_law() -> None:
    inst = make(
        rules={"max_weekly_hours": 46, "hours_tolerance": 0.1},
        staff=[person("d1", rules={"max_daily_hours": 12}), person("d2", fte=0.6)],
    )
    facts = Facts(inst)
    r1, r2 = facts.rules_for(inst.staff[0]), facts.rules_for(inst.staff[1])
    assert (r1.max_daily_hours, r1.max_weekly_hours, r1.min_daily_rest_hours) == (12, 46, 11)
    # five days for a full-timer, ceil(5 x fte) part-time, within the law's six (L3132-1)
    assert r1.max_days_per_week == 5 and r2.max_days_per_week == 3
    assert r1.profile == "code_du_travail" and r1.max_consecutive_days is None


def test_a_profile_fills_what_is_unset_and_explicit_values_win() -> None:
    inst = make(
        rules={"profile": "hospital", "min_weekly_rest_hours": 35},
        staff=[person("h1"), person("c1", rules={"profile": "code_du_travail"})],
    )
    facts = Facts(inst)
    hospital, labour = facts.rules_for(inst.staff[0]), facts.rules_for(inst.staff[1])
    # décret 2002-9: 12 h daily rest, 9 h a day, 10 h a night, 4 rest days a fortnight
    assert (hospital.profile, hospital.min_daily_rest_hours, hospital.max_daily_hours) == (
        "hospital",
        12,
        9,
    )
    assert (hospital.max_night_hours, hospital.min_rest_days_per_fortnight) == (10, 4)
    assert hospital.min_weekly_rest_hours == 35  # the instance's own value wins
    # the person's profile wins over the instance's
    assert (labour.profile, labour.min_daily_rest_hours, labour.max_daily_hours) == (
        "code_du_travail",
        11,
        10,
    )
    assert labour.min_rest_days_per_fortnight is None


def test_travel_from_coordinates_and_matrix() -> None:
    inst = make(
        travel={"matrix": [{"from": "66001", "to": "A", "minutes": 25}]},
        communes=[commune("66001"), commune("66002", lat=42.79, lon=2.76)],
    )
    facts = Facts(inst)
    assert facts.travel_minutes("66001", "A") == 25  # given
    assert facts.travel_minutes("A", "66001") == 25  # symmetric unless both given
    assert facts.travel_minutes("66002", "A") == pytest.approx(11.12 * 1.3, rel=0.01)


def test_reach_bands() -> None:
    inst = make(
        travel={
            "matrix": [
                {"from": c, "to": "A", "minutes": m}
                for c, m in (("66001", 9.9), ("66002", 10), ("66003", 19.9), ("66004", 20))
            ]
        },
        communes=[commune(c) for c in ("66001", "66002", "66003", "66004")],
    )
    facts = Facts(inst)
    assert [facts.reach_weight(c, "A") for c in ("66001", "66002", "66003", "66004")] == [
        1.0,
        0.667,
        0.333,
        0.0,
    ]


def test_need_from_population_and_apl() -> None:
    inst = make(
        communes=[
            commune("66001", population=5200, apl=2.0),
            commune("66002", population=5200, apl=3.0),
            commune("66003", population=5200, need={"general": 7.5}),
        ]
    )
    facts = Facts(inst)
    under, served, given = inst.communes
    # 5200 inhabitants x 4 consultations a year x (1 - 2/4) / 52 weeks = 200 a week.
    assert facts.need_per_week(under, "general") == 200.0
    assert facts.need_per_week(under, "womens") == 25.0
    assert facts.commune_weight(under) == 1.5
    assert facts.need_per_week(served, "general") == 0.0  # APL 3.0 is above the 2.5 threshold
    assert (
        facts.need_per_week(given, "general") == 7.5 and facts.need_per_week(given, "womens") == 0
    )


def test_partial_weeks_pro_rata() -> None:
    facts = Facts(make(start="2025-03-01", days=31, communes=[commune(need={"general": 7})]))
    assert [len(w) for w in facts.weeks] == [2, 7, 7, 7, 7, 1]
    assert facts.week_need_milli(facts.instance.communes[0], "general", 0) == 2000


def test_usual_sessions_are_fewer_where_the_day_offers_fewer() -> None:
    # factory shifts: am and pm Monday to Friday, am on Saturday, on-call apart
    inst = make(staff=[person("d1"), person("h1", rules={"sessions_per_day": 1})])
    facts = Facts(inst)
    monday = facts.dates.index(dt.date(2025, 3, 3))
    saturday = facts.dates.index(dt.date(2025, 3, 8))
    assert facts.usual_sessions(inst.staff[0], monday) == 2
    assert facts.usual_sessions(inst.staff[0], saturday) == 1
    assert facts.usual_sessions(inst.staff[1], monday) == 1


def test_a_bridge_day_runs_on_call_as_a_holiday_and_leaves_consultations() -> None:
    # Saturday 8 March 2025 declared a bridge day: the Sunday-and-holiday stand-by replaces
    # the Saturday-afternoon one (R6315-1 3°); the morning consultation stays.
    inst = make(horizon={"start": "2025-03-03", "days": 7, "bridge_days": ["2025-03-08"]})
    facts = Facts(inst)
    saturday = facts.dates.index(dt.date(2025, 3, 8))
    exists = {s.id for s in inst.shifts if facts.shift_exists(s, saturday)}
    assert exists == {"am", "sun"}
    plain = Facts(make(start="2025-03-03", days=7))
    assert {s.id for s in inst.shifts if plain.shift_exists(s, saturday)} == {"am", "sat"}
