from factory import SECTOR, doctor_on_call, make, site
from verify import verify


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
