import pytest
from factory import SECTOR, doctor_on_call, make, person, site
from verify import verify

from maillage.models.facts import Facts
from maillage.solver.check.fairness import fairness_pool, team_gaps


def _inst():  # type: ignore[no-untyped-def]
    return make(sectors=[SECTOR], staff=[doctor_on_call("d1"), doctor_on_call("d2")])


def test_one_each_holds() -> None:
    verify("oncall_fairness").given(
        _inst(), [("d1", "2025-03-03", "eve", "S"), ("d2", "2025-03-05", "eve", "S")]
    ).holds()


def test_two_against_none_penalises_the_spread() -> None:
    rota = [("d1", "2025-03-03", "eve", "S"), ("d1", "2025-03-05", "eve", "S")]
    found = verify("oncall_fairness").given(_inst(), rota).penalizes_by(2)
    assert "differs by 2 slot(s)" in found[0]


def test_counts_are_pro_rata_of_days_available() -> None:
    # d2 is away 4 of 7 days: one slot for d2 weighs 7/3; d1's two weigh 2: spread 1/3.
    inst = make(
        sectors=[SECTOR],
        staff=[
            doctor_on_call("d1"),
            doctor_on_call("d2", unavailable=[{"from": "2025-03-03", "to": "2025-03-06"}]),
        ],
    )
    rota = [
        ("d1", "2025-03-03", "eve", "S"),
        ("d1", "2025-03-05", "eve", "S"),
        ("d2", "2025-03-07", "eve", "S"),
    ]
    verify("oncall_fairness").given(inst, rota).penalizes_by(2.333 - 2)


def test_fairness_is_compared_within_a_centre_only() -> None:
    # d1 (centre A) holds both slots; d2 is at another centre B: no team of two, no spread.
    inst = make(
        sites=[site("A"), site("B")],
        sectors=[{"id": "S", "sites": ["A", "B"], "slots": ["eve", "sat", "sun"]}],
        staff=[doctor_on_call("d1"), doctor_on_call("d2", sites=["B"], home_site="B")],
    )
    rota = [("d1", "2025-03-03", "eve", "S"), ("d1", "2025-03-05", "eve", "S")]
    verify("oncall_fairness").given(inst, rota).holds()


# Worked out by hand from the rule's text, for the checker's own reading: d3 is available 3
# of 7 days, so each of its counts weighs round(7000 / 3) / 1000 = 2.333; d4 (an IPA) and
# d5 (not on call) are not compared; d6 is alone at centre B, a team of one.
def _pool() -> Facts:
    return Facts(
        make(
            sites=[site("A"), site("B")],
            sectors=[{"id": "S", "sites": ["A", "B"], "slots": ["eve", "sat", "sun"]}],
            staff=[
                doctor_on_call("d1"),
                doctor_on_call("d2"),
                doctor_on_call("d3", unavailable=[{"from": "2025-03-03", "to": "2025-03-06"}]),
                person("d4", role="ipa", oncall=True),
                person("d5"),
                doctor_on_call("d6", sites=["B"], home_site="B"),
            ],
        )
    )


@pytest.mark.parametrize(
    ("counts", "gaps"),
    [
        ({"d1": 2, "d3": 1}, [(2.333, "d3", "d2")]),
        ({"d1": 1, "d2": 1}, [(1.0, "d1", "d3")]),  # ties: the first listed
        ({"d1": 1, "d2": 1, "d4": 9, "d5": 9, "d6": 9}, [(1.0, "d1", "d3")]),
        ({"d1": 7, "d2": 7, "d3": 3}, [(0.001, "d1", "d3")]),  # 7 against 6.999
        ({}, []),
    ],
)
def test_team_gaps_table(counts: dict[str, int], gaps: list[tuple[float, str, str]]) -> None:
    assert [(g.amount, g.most, g.least) for g in team_gaps(_pool(), counts)] == gaps
    assert [p.id for p in fairness_pool(_pool())] == ["d1", "d2", "d3", "d6"]


# -- totals since the counters' date (history) ------------------------------------------------
def _counted(oncalls: int):  # type: ignore[no-untyped-def]
    """d1 held `oncalls` more on-call slots than d2 before the horizon."""
    counters = [{"staff": "d1", "since": "2025-01-01", "oncalls": oncalls}]
    return make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1"), doctor_on_call("d2")],
        history={"counters": counters},
    )


def test_the_one_with_fewer_so_far_catches_up() -> None:
    rota = [("d2", f"2025-03-0{d}", "eve", "S") for d in (3, 4, 5)]
    verify("oncall_fairness").given(_counted(3), rota).holds()


def test_counters_make_an_even_month_uneven() -> None:
    rota = [("d1", "2025-03-03", "eve", "S"), ("d2", "2025-03-05", "eve", "S")]
    found = verify("oncall_fairness").given(_counted(3), rota).penalizes_by(3)
    assert "since the counters' date" in found[0] and "(4)" in found[0]
