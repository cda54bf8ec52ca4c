from factory import make, person, site
from verify import verify


def _inst():  # type: ignore[no-untyped-def]
    return make(
        sites=[site("A"), site("B")],
        staff=[person("d1", sites=["A", "B"], preferences={"avoid_sites": ["B"]})],
    )


def test_preferred_site_holds() -> None:
    verify("site_preference").given(_inst(), [("d1", "2025-03-03", "am", "A")]).holds()


def test_avoided_site_penalises_each_session() -> None:
    rota = [("d1", "2025-03-03", "am", "B"), ("d1", "2025-03-04", "am", "B")]
    verify("site_preference").given(_inst(), rota).penalizes_by(2)
