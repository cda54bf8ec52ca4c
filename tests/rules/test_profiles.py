"""Rule profiles, per instance and per person: the hospital one (décret 2002-9) asks 12 h of
daily rest where the Code du travail asks 11 h."""

from typing import Any

from factory import make, person, site
from verify import verify

SHIFTS = [
    {"id": "late", "start": "16:00", "end": "20:30", "kind": "consultation"},
    {"id": "am", "start": "08:00", "end": "12:00", "kind": "consultation"},
]
ROTA = [("d1", "2025-03-03", "late", "A"), ("d1", "2025-03-04", "am", "A")]  # 11.5 h between


def _inst(instance_rules: dict[str, Any], **d1: Any):  # type: ignore[no-untyped-def]
    return make(
        shifts=SHIFTS,
        sites=[site(opening={"mon": ["late"], "tue": ["am"]})],
        staff=[person("d1", **d1), person("d2")],
        rules={"hours_tolerance": 1.0, **instance_rules},
    )


def test_eleven_and_a_half_hours_of_rest_meet_the_code_du_travail() -> None:
    verify("daily_rest").given(_inst({}), ROTA).holds()
    verify("daily_rest").given(_inst({"profile": "code_du_travail"}), ROTA).holds()


def test_the_hospital_profile_of_an_instance_asks_twelve() -> None:
    found = verify("daily_rest").given(_inst({"profile": "hospital"}), ROTA).breaks()
    assert "only 11.5 h of rest (rest of 12 h required)" in found[0]


def test_a_persons_profile() -> None:
    hospital = _inst({}, rules={"profile": "hospital"})
    verify("daily_rest").given(hospital, ROTA).breaks()
    # and back: a person under the Code du travail in a hospital instance
    labour = _inst({"profile": "hospital"}, rules={"profile": "code_du_travail"})
    verify("daily_rest").given(labour, ROTA).holds()


def test_an_instance_value_overrides_the_profile() -> None:
    verify("daily_rest").given(
        _inst({"profile": "hospital", "min_daily_rest_hours": 11}), ROTA
    ).holds()
