from factory import make, person, site
from verify import verify

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SHIFT = {"id": "day", "start": "08:00", "end": "12:00", "kind": "consultation", "weekdays": DAYS}


def _inst():  # type: ignore[no-untyped-def]
    return make(
        shifts=[SHIFT],
        sites=[site(opening={d: ["day"] for d in DAYS})],
        staff=[person("d1", rules={"complete_weekends": 30})],
        rules={"hours_tolerance": 1.0},
    )


def _rota(*days: int) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "day", "A") for d in days]


def test_a_whole_weekend_or_none_holds() -> None:
    verify("complete_weekends").given(_inst(), _rota(8, 9)).holds()
    verify("complete_weekends").given(_inst(), _rota(3)).holds()


def test_one_day_of_a_weekend_costs() -> None:
    found = verify("complete_weekends").given(_inst(), _rota(9)).penalizes_by(30)
    assert found == ["D1 works one day only of the weekend of 2025-03-08"]
