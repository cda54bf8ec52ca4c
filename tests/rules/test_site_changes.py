from factory import make, person, site
from verify import verify

TWO = [("d1", "2025-03-03", "am", "A"), ("d1", "2025-03-03", "pm", "B")]


def _inst(b_lat: float, **rules: int):  # type: ignore[no-untyped-def]
    return make(
        sites=[site("A"), site("B", lat=b_lat)], staff=[person("d1", sites=["A", "B"], rules=rules)]
    )


def test_move_to_a_near_site_holds() -> None:
    verify("site_changes").given(_inst(42.70), TWO).holds()


def test_move_to_a_far_site_breaks() -> None:
    # B is about 100 km north: some 2 h 10 of travel for a 2 h break.
    found = verify("site_changes").given(_inst(43.60), TWO).breaks()
    assert "120 min between A and B" in found[0]


def test_any_move_breaks_a_limit_of_zero() -> None:
    found = verify("site_changes").given(_inst(42.70, max_site_changes_per_day=0), TWO).breaks()
    assert "more than 0 change(s)" in found[0]
