"""`in_sequence`: one result for two stages of a solve (price and fix then the search, the
neighbourhood search then the whole model, the searches then CP-SAT alone)."""

from __future__ import annotations

from maillage.solver.backends.common import BackendResult, in_sequence


def _result(objective: int | None, bound: int | None, *, best: float | None = 2.0) -> BackendResult:
    values = None if objective is None else [0]
    status = "unknown" if objective is None else "feasible"
    return BackendResult(status, values, objective, bound, 10.0, 1.0, best_seconds=best)


def test_a_later_better_rota_is_kept_and_timed_from_the_first_stage() -> None:
    kept = in_sequence(_result(110, 100), _result(105, 95), offset=20.0)
    assert (kept.objective, kept.bound, kept.status) == (105, 100, "feasible")
    assert kept.first_feasible_seconds == 1.0  # the earlier stage's rota came first
    assert kept.best_seconds == 22.0 and kept.seconds == 30.0


def test_an_earlier_better_rota_is_kept_with_the_later_bound_when_higher() -> None:
    kept = in_sequence(_result(110, 100), _result(112, 110), offset=5.0)
    assert (kept.objective, kept.bound, kept.status) == (110, 110, "optimal")
    assert kept.best_seconds == 2.0 and kept.seconds == 15.0


def test_a_tie_keeps_the_later_stage_with_the_earlier_times() -> None:
    later = _result(110, 110)
    later.status = "optimal"
    kept = in_sequence(_result(110, 100), later, offset=5.0)
    assert kept is later and kept.status == "optimal"
    assert kept.best_seconds == 2.0  # found first by the earlier stage


def test_without_an_earlier_rota_the_later_times_are_shifted() -> None:
    kept = in_sequence(_result(None, None), _result(105, 90), offset=5.0, bound=100)
    assert (kept.objective, kept.bound) == (105, 100)  # the earlier stage's proven bound
    assert kept.first_feasible_seconds == 6.0 and kept.best_seconds == 7.0
    nothing = _result(None, None, best=None)
    nothing.first_feasible_seconds = None
    alone = in_sequence(None, nothing, offset=3.0)
    assert alone.first_feasible_seconds is None and alone.seconds == 13.0


def test_an_interruption_of_either_stage_marks_the_result() -> None:
    earlier = _result(110, None)
    earlier.interrupted = True
    assert in_sequence(earlier, _result(105, None), offset=1.0).interrupted
    assert not in_sequence(_result(110, None), _result(105, None), offset=1.0).interrupted


def test_an_improvement_found_at_an_unknown_time_counts_from_the_later_start() -> None:
    kept = in_sequence(_result(110, None), _result(100, None, best=None), offset=8.0)
    assert kept.objective == 100 and kept.best_seconds == 8.0
