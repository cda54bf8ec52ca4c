import pytest
from factory import make, person
from verify import verify

FULL = [("d1", f"2025-03-0{d}", s, "A") for d in (3, 4, 5) for s in ("am", "pm")]  # 24 h


def test_within_average_holds() -> None:
    inst = make(staff=[person("d1", rules={"max_average_weekly_hours": 20})])
    verify("max_average_weekly_hours").given(inst, FULL[:5]).holds()


def test_over_average_breaks() -> None:
    inst = make(staff=[person("d1", rules={"max_average_weekly_hours": 20})])
    found = verify("max_average_weekly_hours").given(inst, FULL).breaks()
    assert "24 h over the horizon" in found[0]


# Worked out by hand from the rule's text: over d days, at most limit x 60 x d / 7 minutes;
# each session is 240 min.
@pytest.mark.parametrize(
    ("days", "limit", "sessions", "verdict"),
    [
        (7, 20, 5, "holds"),  # 1200 of 1200
        (7, 20, 6, "breaks"),  # 1440 of 1200
        (7, 19.995, 5, "breaks"),  # 1200 of 1199.7
        (10, 14, 5, "holds"),  # 1200 of 1200
        (10, 13.99, 5, "breaks"),  # 1200 of 1199.14
        (10, 20, 7, "holds"),  # 1680 of 1714.29
        (10, 20, 8, "breaks"),  # 1920 of 1714.29
    ],
)
def test_average_table(days: int, limit: float, sessions: int, verdict: str) -> None:
    inst = make(days=days, staff=[person("d1", rules={"max_average_weekly_hours": limit})])
    rota = [("d1", f"2025-03-0{d}", s, "A") for d in (3, 4, 5, 6) for s in ("am", "pm")]
    getattr(verify("max_average_weekly_hours").given(inst, rota[:sessions]), verdict)()
