import pytest
from factory import make, person
from verify import verify

PREFS = {"days_off": ["wed"], "dates_off": ["2025-03-07"]}


def test_working_other_days_holds() -> None:
    inst = make(staff=[person("d1", preferences=PREFS)])
    verify("day_off_preference").given(inst, [("d1", "2025-03-04", "am", "A")]).holds()


def test_working_wednesday_and_the_date_penalises_two() -> None:
    inst = make(staff=[person("d1", preferences=PREFS)])
    rota = [
        ("d1", "2025-03-05", "am", "A"),
        ("d1", "2025-03-05", "pm", "A"),
        ("d1", "2025-03-07", "am", "A"),
    ]
    found = verify("day_off_preference").given(inst, rota).penalizes_by(2)  # days, not sessions
    assert "2025-03-05" in found[0]


# Worked out by hand from the rule's text: each worked day that is a weekday asked off (here
# Wednesday) or a date asked off (Friday 7th) counts once, however many sessions it holds.
@pytest.mark.parametrize(
    ("rota", "days"),
    [
        ([("2025-03-05", "am")], 1),  # Wednesday
        ([("2025-03-05", "am"), ("2025-03-05", "pm")], 1),
        ([("2025-03-07", "pm")], 1),  # the date
        ([("2025-03-06", "am"), ("2025-03-08", "am")], 0),  # Thursday, Saturday
        ([("2025-03-03", "am"), ("2025-03-05", "pm"), ("2025-03-07", "am")], 2),
    ],
)
def test_days_off_table(rota: list[tuple[str, str]], days: int) -> None:
    inst = make(staff=[person("d1", preferences=PREFS)])
    pinned = [("d1", date, shift, "A") for date, shift in rota]
    if days:
        verify("day_off_preference").given(inst, pinned).penalizes_by(days)
    else:
        verify("day_off_preference").given(inst, pinned).holds()


def test_a_date_off_on_a_weekday_off_counts_once() -> None:
    prefs = {"days_off": ["wed"], "dates_off": ["2025-03-05"]}
    inst = make(staff=[person("d1", preferences=prefs)])
    verify("day_off_preference").given(inst, [("d1", "2025-03-05", "am", "A")]).penalizes_by(1)
