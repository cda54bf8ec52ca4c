import pytest
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


# Worked out by hand from the rule's text: am ends at 12:00 at A, pm starts at 14:00 at B,
# a 120 min break; the move fits when the travel time (from the matrix) is at most that.
@pytest.mark.parametrize(
    ("minutes", "verdict"), [(119, "holds"), (120, "holds"), (120.5, "breaks"), (300, "breaks")]
)
def test_travel_table(minutes: float, verdict: str) -> None:
    inst = make(
        sites=[site("A"), site("B")],
        staff=[person("d1", sites=["A", "B"])],
        travel={"matrix": [{"from": "A", "to": "B", "minutes": minutes}]},
    )
    getattr(verify("site_changes").given(inst, TWO), verdict)()


def test_staying_at_one_site_needs_no_travel() -> None:
    inst = make(
        sites=[site("A"), site("B")],
        staff=[person("d1", sites=["A", "B"])],
        travel={"matrix": [{"from": "A", "to": "B", "minutes": 600}]},
    )
    rota = [("d1", "2025-03-03", "am", "B"), ("d1", "2025-03-03", "pm", "B")]
    verify("site_changes").given(inst, rota).holds()
