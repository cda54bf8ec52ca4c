from factory import make, person, site
from verify import verify


def _inst():  # type: ignore[no-untyped-def]
    return make(sites=[site("A"), site("B")], staff=[person("d1", sites=["A", "B"])])


def test_home_site_holds() -> None:
    verify("non_home_site").given(_inst(), [("d1", "2025-03-03", "am", "A")]).holds()


def test_away_sessions_penalise_each() -> None:
    rota = [("d1", "2025-03-03", "am", "B"), ("d1", "2025-03-03", "pm", "B")]
    verify("non_home_site").given(_inst(), rota).penalizes_by(2)
