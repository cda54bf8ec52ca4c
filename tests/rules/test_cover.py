from typing import Any

import pytest
from factory import make, person, site
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


# Worked out by hand from the rule's text: who counts is who takes the shift that date, at
# the line's site if it names one, of its role if it names one; d1, d2 doctors, m1 midwife.
STAFF_ROLES = [("d1", "doctor"), ("d2", "doctor"), ("m1", "midwife")]


def _line(**kw: Any) -> dict[str, Any]:
    return {"date": "2025-03-04", "shift": "am", "under_weight": 10, "over_weight": 3} | kw


@pytest.mark.parametrize(
    ("line", "rota", "amount"),
    [
        (_line(required=1, site="B"), [("d1", "am", "A")], 10),  # none at B
        (_line(required=1, site="B"), [("d1", "am", "B")], 0),
        (_line(required=1, role="midwife"), [("d1", "am", "A"), ("m1", "am", "A")], 0),
        (_line(required=1), [("d1", "am", "A"), ("m1", "am", "B")], 3),  # 2, one over
        (_line(required=1, shift="pm"), [("d1", "am", "A")], 10),  # another shift
        (_line(required=1, date="2025-03-05"), [("d1", "am", "A")], 10),  # another date
        (
            _line(required=0, site="B", role="doctor"),
            [("d1", "am", "B"), ("d2", "am", "B"), ("m1", "am", "B")],
            6,  # two doctors at B, each over
        ),
        (_line(required=2, under_weight=0), [("d1", "am", "A")], 0),  # shortfall free
    ],
)
def test_cover_table(line: dict[str, Any], rota: list[tuple[str, str, str]], amount: int) -> None:
    staff = [person(p, role=r, sites=["A", "B"]) for p, r in STAFF_ROLES]
    inst = make(sites=[site("A"), site("B")], staff=staff, cover=[line])
    pinned = [(p, "2025-03-04", shift, place) for p, shift, place in rota]
    if amount:
        verify("cover").given(inst, pinned).penalizes_by(amount)
    else:
        verify("cover").given(inst, pinned).holds()
