from factory import SECTOR, doctor_on_call, make
from verify import verify

ONE = {"max_weekends": 1, "max_daily_hours": 12}  # the Sunday on-call lasts 12 h


def test_saturday_and_sunday_of_one_weekend_count_once() -> None:
    inst = make(days=14, staff=[doctor_on_call("d1", rules=ONE)], sectors=[SECTOR])
    rota = [("d1", "2025-03-08", "am", "A"), ("d1", "2025-03-09", "sun", "S")]
    verify("max_weekends").given(inst, rota).holds()


def test_two_weekends_break_a_cap_of_one() -> None:
    inst = make(days=14, staff=[doctor_on_call("d1", rules=ONE)], sectors=[SECTOR])
    rota = [("d1", "2025-03-08", "am", "A"), ("d1", "2025-03-15", "am", "A")]
    found = verify("max_weekends").given(inst, rota).breaks()
    assert found == ["D1 works 2 weekends, at most 1 allowed"]
