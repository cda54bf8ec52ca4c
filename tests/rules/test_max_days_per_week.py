import pytest
from factory import make, person
from verify import verify

from maillage.models.facts import Facts


def _rota(days: list[int]) -> list[tuple[str, str, str, str]]:
    return [("d1", f"2025-03-0{d}", "am", "A") for d in days]


def test_half_time_on_three_days_holds() -> None:
    inst = make(staff=[person("d1", fte=0.5)])  # default limit ceil(2.5) = 3 days
    verify("max_days_per_week").given(inst, _rota([3, 4, 5])).holds()


def test_half_time_on_four_days_breaks() -> None:
    inst = make(staff=[person("d1", fte=0.5)])
    found = verify("max_days_per_week").given(inst, _rota([3, 4, 5, 6])).breaks()
    assert "works 4 days in the week of 2025-03-03, more than 3" in found[0]


# Worked out by hand from the rule's text: part-time staff default to ceil(5 x fte) days a
# week; full-time staff have no limit unless one is set, and a set limit wins.
@pytest.mark.parametrize(
    ("fte", "rules", "limit"),
    [
        (0.5, {}, 3),
        (0.2, {}, 1),
        (0.4, {}, 2),
        (0.6, {}, 3),
        (0.8, {}, 4),
        (0.81, {}, 5),
        (1.0, {}, None),
        (0.5, {"max_days_per_week": 5}, 5),
        (1.0, {"max_days_per_week": 4}, 4),
    ],
)
def test_limit_table(fte: float, rules: dict[str, int], limit: int | None) -> None:
    inst = make(staff=[person("d1", fte=fte, rules=rules)])
    assert Facts(inst).rules_for(inst.staff[0]).max_days_per_week == limit
