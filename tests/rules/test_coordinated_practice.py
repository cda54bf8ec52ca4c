from factory import make, person, site
from verify import verify

STAFF = [person("d1"), person("i1", role="ipa", sites=["A", "P"])]
SITES = [site("A"), site("P", kind="permanence", parent="A")]


def test_ipa_on_a_doctor_day_holds() -> None:
    inst = make(sites=SITES, staff=STAFF)
    verify("coordinated_practice").given(
        inst, [("i1", "2025-03-03", "am", "P"), ("d1", "2025-03-03", "pm", "A")]
    ).holds()


def test_ipa_without_doctor_breaks() -> None:
    inst = make(sites=SITES, staff=STAFF)
    found = (
        verify("coordinated_practice")
        .given(inst, [("i1", "2025-03-03", "am", "P"), ("d1", "2025-03-04", "am", "A")])
        .breaks()
    )
    assert "no doctor of the centre" in found[0]
