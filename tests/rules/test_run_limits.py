from factory import make, person
from history_cases import history
from verify import verify

RULES = {"hours_tolerance": 1.0, "max_days_per_week": 7}


def _inst(limit: dict[str, object], hist: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    return make(staff=[person("d1", rules={"run_limits": [limit]})], rules=RULES, history=hist)


def _rota(*days: int, shift: str = "am") -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", shift, "A") for d in days]


def test_runs_within_their_bounds_hold() -> None:
    # Mon-Tue (touching the first day), off Wed, Thu-Sat: runs of 2 and 3
    inst = _inst({"of": "work", "min": 2, "max": 3, "weight": 5})
    verify("run_limits").given(inst, _rota(3, 4, 6, 7, 8)).holds()


def test_a_day_beyond_the_maximum_and_a_short_run_cost_their_weight() -> None:
    inst = _inst({"of": "work", "min": 2, "max": 2, "weight": 5})
    # Tue alone (1 short), Thu-Sat (1 over): 5 + 5
    found = verify("run_limits").given(inst, _rota(4, 6, 7, 8)).penalizes_by(10)
    assert len(found) == 2 and "at least 2" in found[0] and "at most 2" in found[1]


def test_runs_of_one_shift() -> None:
    inst = _inst({"of": "shift", "shift": "am", "max": 1, "weight": 2})
    verify("run_limits").given(inst, _rota(3, 4)).penalizes_by(2)  # Tuesday is the 2nd am
    verify("run_limits").given(inst, _rota(3) + _rota(4, shift="pm")).holds()


def test_a_rest_the_history_ends_with_is_judged_by_the_first_day() -> None:
    # worked Saturday 1 March, off Sunday 2 March: a rest of one day if Monday is worked
    hist = history(("d1", "2025-03-01", "am"))
    inst = _inst({"of": "off", "min": 2, "weight": 3}, hist)
    verify("run_limits").given(inst, _rota(3)).penalizes_by(3)
    verify("run_limits").given(inst, _rota(4)).holds()


def test_a_run_of_the_history_goes_on_into_the_horizon() -> None:
    # worked 26 February to 2 March (5 days) with at most 5 in a row: Monday is one over
    hist = history(
        *(("d1", f"2025-02-{d}", "pm") for d in (26, 27, 28)), ("d1", "2025-03-01", "am")
    )
    hist["assignments"].append({**hist["assignments"][0], "date": "2025-03-02"})
    inst = _inst({"of": "work", "max": 5, "weight": 4}, hist)
    verify("run_limits").given(inst, _rota(3)).penalizes_by(4)
    verify("run_limits").given(inst, _rota(4)).holds()
