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
