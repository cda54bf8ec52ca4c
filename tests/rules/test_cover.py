from factory import make, person
from verify import verify

COVER = [
    {"date": "2025-03-04", "shift": "am", "required": 2, "under_weight": 100, "over_weight": 1},
    {"date": "2025-03-05", "shift": "am", "required": 0, "under_weight": 100, "over_weight": 1},
]
STAFF = [person("d1"), person("d2"), person("d3")]


def test_exact_cover_holds() -> None:
    inst = make(staff=STAFF, cover=COVER)
    rota = [("d1", "2025-03-04", "am", "A"), ("d2", "2025-03-04", "am", "A")]
    verify("cover").given(inst, rota).holds()


def test_one_short_and_one_over_cost_their_weights() -> None:
    inst = make(staff=STAFF, cover=COVER)
    rota = [("d1", "2025-03-04", "am", "A"), ("d3", "2025-03-05", "am", "A")]
    found = verify("cover").given(inst, rota).penalizes_by(101)
    assert found == [
        "am on 2025-03-04: 1 of 2 needed",
        "am on 2025-03-05: 1, 1 over the 0 needed",
    ]


def test_cover_of_a_role_counts_only_that_role() -> None:
    cover = [{"date": "2025-03-04", "shift": "am", "required": 1, "role": "midwife"}]
    inst = make(staff=[person("d1"), person("m1", role="midwife")], cover=cover)
    verify("cover").given(inst, [("d1", "2025-03-04", "am", "A")]).penalizes_by(1)
    verify("cover").given(inst, [("m1", "2025-03-04", "am", "A")]).holds()
