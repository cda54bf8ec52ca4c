from factory import make, person, site
from verify import verify

OPEN = site(opening={d: ["am"] for d in ("mon", "tue", "wed", "thu", "fri", "sat")})


def _inst(**rules: object):  # type: ignore[no-untyped-def]
    staff = [person("d1", rules=rules)]
    return make(sites=[OPEN], staff=staff, rules={"hours_tolerance": 1.0, "max_days_per_week": 7})


def _rota(*days: int) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_days_within_the_band_hold() -> None:
    inst = _inst(days_worked={"min": 2, "max": 3, "weight": 20})
    verify("worked_totals").given(inst, _rota(3, 4, 5)).holds()


def test_days_short_and_over_cost() -> None:
    inst = _inst(days_worked={"min": 2, "max": 3, "weight": 20})
    assert verify("worked_totals").given(inst, _rota(3)).penalizes_by(20) == [
        "D1 works 1 days, at least 2 wanted"
    ]
    verify("worked_totals").given(inst, _rota(3, 4, 5, 6, 7)).penalizes_by(40)


def test_a_weekend_over_the_cap_costs() -> None:
    inst = _inst(weekends_worked={"max": 0, "weight": 30})
    verify("worked_totals").given(inst, _rota(8)).penalizes_by(30)
    verify("worked_totals").given(inst, _rota(7)).holds()
