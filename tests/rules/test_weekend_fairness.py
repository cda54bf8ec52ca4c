from factory import SECTOR, SHIFTS, doctor_on_call, make
from verify import assignments, verify

from maillage.solver.check.rota import RotaView
from maillage.solver.rules.max_weekends import weekends_with_work
from maillage.solver.rules.weekend_fairness import weekends_with_any_assignment


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


def test_a_stand_by_weekend_counts_here_but_not_for_max_weekends() -> None:
    # The Saturday on-call is stand-by only (not work): an assignment on the weekend, which
    # fairness counts, but no work, which max_weekends counts.
    shifts = [s | {"counts_as_work": False} if s["id"] == "sat" else s for s in SHIFTS]
    inst = make(shifts=shifts, sectors=[SECTOR], staff=[doctor_on_call("d1")])
    rota = RotaView(inst, assignments([("d1", "2025-03-08", "sat", "S")]))
    assert weekends_with_any_assignment(rota, "d1") == 1
    assert weekends_with_work(rota, "d1") == 0


# -- totals since the counters' date (history) ------------------------------------------------
def _counted(weekends: int):  # type: ignore[no-untyped-def]
    counters = [{"staff": "d2", "since": "2025-01-01", "weekends": weekends}]
    return make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1"), doctor_on_call("d2")],
        history={"counters": counters},
    )


def test_a_weekend_for_the_one_with_fewer_so_far_holds() -> None:
    verify("weekend_fairness").given(_counted(1), [("d1", "2025-03-08", "am", "A")]).holds()


def test_counters_count_in_the_spread() -> None:
    found = verify("weekend_fairness").given(_counted(2), []).penalizes_by(2)
    assert "since the counters' date" in found[0]
