from factory import SECTOR, doctor_on_call, make
from verify import verify

WEEK = [("d1", f"2025-03-0{d}", "am", "A") for d in range(3, 9)]  # Monday to Saturday mornings


def _inst():  # type: ignore[no-untyped-def]
    return make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", rules={"max_consecutive_days": 7, "max_daily_hours": 12})],
    )


def test_saturday_noon_to_monday_holds() -> None:
    verify("weekly_rest").given(_inst(), WEEK).holds()


def test_sunday_on_call_breaks() -> None:
    found = verify("weekly_rest").given(_inst(), [*WEEK, ("d1", "2025-03-09", "sun", "S")]).breaks()
    assert "rests at most 20 h in a row" in found[0]
