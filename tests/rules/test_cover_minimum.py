from factory import make, person
from verify import verify

COVER = [{"date": "2025-03-04", "shift": "am", "required": 2, "minimum": 1, "site": "A"}]


def test_the_minimum_met_holds() -> None:
    inst = make(staff=[person("d1"), person("d2")], cover=COVER)
    verify("cover_minimum").given(inst, [("d1", "2025-03-04", "am", "A")]).holds()


def test_below_the_minimum_breaks() -> None:
    inst = make(staff=[person("d1"), person("d2")], cover=COVER)
    found = verify("cover_minimum").given(inst, [("d1", "2025-03-05", "am", "A")]).breaks()
    assert found == ["am on 2025-03-04 at A: 0, at least 1 required"]
