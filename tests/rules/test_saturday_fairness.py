from factory import SECTOR, SHIFTS, doctor_on_call, make, person, site
from verify import verify

# One week from Monday 3 March 2025: its Saturday is the 8th (two weeks: the 8th and 15th).
SAT = "2025-03-08"


def test_both_on_the_saturday_holds() -> None:
    rota = [("d1", SAT, "am", "A"), ("d2", SAT, "am", "A")]
    verify("saturday_fairness").given(make(), rota).holds()


def test_one_saturday_against_none_penalises_one() -> None:
    found = verify("saturday_fairness").given(make(), [("d1", SAT, "am", "A")]).penalizes_by(1)
    assert found == [
        "Saturdays worked differ by 1 between D1 (1) and D2 (0) (doctors of one centre), pro "
        "rata of days available"
    ]


def test_secretaries_share_their_saturdays_too() -> None:
    inst = make(staff=[person("s1", "secretary"), person("s2", "secretary")])
    verify("saturday_fairness").given(inst, [("s1", SAT, "am", "A")]).penalizes_by(1)


def test_people_of_other_roles_are_other_teams() -> None:
    inst = make(staff=[person("d1"), person("s1", "secretary")])
    verify("saturday_fairness").given(inst, [("d1", SAT, "am", "A")]).holds()


def test_people_of_other_centres_are_other_teams() -> None:
    inst = make(
        sites=[site("A"), site("B")],
        staff=[person("d1"), person("d2", sites=["B"], home_site="B")],
    )
    verify("saturday_fairness").given(inst, [("d1", SAT, "am", "A")]).holds()


def test_counts_are_pro_rata_of_days_available() -> None:
    # d2 is away the first week: one Saturday in seven days is worth d1's two in fourteen
    away = [{"from": "2025-03-03", "to": "2025-03-09", "reason": "leave"}]
    inst = make(days=14, staff=[person("d1"), person("d2", unavailable=away)])
    rota = [
        ("d1", SAT, "am", "A"),
        ("d1", "2025-03-15", "am", "A"),
        ("d2", "2025-03-15", "am", "A"),
    ]
    verify("saturday_fairness").given(inst, rota).holds()
    verify("saturday_fairness").given(inst, rota[:2]).penalizes_by(2)


def test_someone_away_on_every_saturday_is_not_compared() -> None:
    away = [{"from": SAT, "to": SAT, "reason": "leave"}]
    inst = make(staff=[person("d1"), person("d2", unavailable=away)])
    verify("saturday_fairness").given(inst, [("d1", SAT, "am", "A")]).holds()


def test_a_stand_by_saturday_is_not_a_saturday_worked() -> None:
    shifts = [s | {"counts_as_work": False} if s["id"] == "sat" else s for s in SHIFTS]
    inst = make(shifts=shifts, sectors=[SECTOR], staff=[doctor_on_call("d1"), doctor_on_call("d2")])
    verify("saturday_fairness").given(inst, [("d1", SAT, "sat", "S")]).holds()


# -- totals since the counters' date (history) ------------------------------------------------
def _counted(saturdays: int):  # type: ignore[no-untyped-def]
    counters = [{"staff": "d2", "since": "2025-01-01", "saturdays": saturdays}]
    return make(history={"counters": counters})


def test_a_saturday_for_the_one_with_fewer_so_far_holds() -> None:
    verify("saturday_fairness").given(_counted(1), [("d1", SAT, "am", "A")]).holds()


def test_counters_count_in_the_spread() -> None:
    found = verify("saturday_fairness").given(_counted(2), []).penalizes_by(2)
    assert "since the counters' date" in found[0] and "D2 (2) and D1 (0)" in found[0]
