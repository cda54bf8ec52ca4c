from factory import doctor_on_call, make
from verify import verify

SUNDAY = {"id": "S", "sites": ["A"], "slots": ["sun"]}


def _inst():  # type: ignore[no-untyped-def]
    return make(sectors=[SUNDAY], staff=[doctor_on_call("d1", rules={"max_daily_hours": 12})])


def test_covered_sunday_holds() -> None:
    verify("oncall_coverage").given(_inst(), [("d1", "2025-03-09", "sun", "S")]).holds()


def test_uncovered_sunday_penalises_one_slot() -> None:
    found = (
        verify("oncall_coverage").given(_inst(), [("d1", "2025-03-03", "am", "A")]).penalizes_by(1)
    )
    assert "sun of sector S on 2025-03-09 has no doctor" in found[0]
