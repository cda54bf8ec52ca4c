from factory import make, person, site
from verify import verify

STAFF = [person("d1"), person("d2"), person("s1", role="secretary")]


def test_doctor_with_secretary_holds() -> None:
    inst = make(sites=[site("A", secretary="on_site")], staff=STAFF)
    verify("secretary_presence").given(
        inst, [("d1", "2025-03-03", "am", "A"), ("s1", "2025-03-03", "am", "A")]
    ).holds()


def test_doctor_alone_breaks() -> None:
    inst = make(sites=[site("A", secretary="on_site")], staff=STAFF)
    found = verify("secretary_presence").given(inst, [("d1", "2025-03-03", "am", "A")]).breaks()
    assert "with 0 secretary(ies) on site" in found[0]


def test_ratio_of_one_breaks_with_two_doctors() -> None:
    inst = make(
        sites=[site("A", secretary="on_site")],
        staff=STAFF,
        rules={"hours_tolerance": 1.0, "secretary_ratio": 1},
    )
    verify("secretary_presence").given(
        inst,
        [
            ("d1", "2025-03-03", "am", "A"),
            ("d2", "2025-03-03", "am", "A"),
            ("s1", "2025-03-03", "am", "A"),
        ],
    ).breaks()


def test_remote_secretary_site_needs_none() -> None:
    inst = make(sites=[site("A", secretary="remote")], staff=STAFF)
    verify("secretary_presence").given(inst, [("d1", "2025-03-03", "am", "A")]).holds()
