from factory import SECTOR, doctor_on_call, make
from verify import verify


def _inst():  # type: ignore[no-untyped-def]
    return make(sectors=[SECTOR], staff=[doctor_on_call("d1"), doctor_on_call("d2")])


def test_both_on_saturday_holds() -> None:
    verify("weekend_fairness").given(
        _inst(), [("d1", "2025-03-08", "am", "A"), ("d2", "2025-03-08", "sat", "S")]
    ).holds()


def test_one_weekend_against_none_penalises_one() -> None:
    found = (
        verify("weekend_fairness").given(_inst(), [("d1", "2025-03-08", "am", "A")]).penalizes_by(1)
    )
    assert "worked weekends differ by 1" in found[0]
