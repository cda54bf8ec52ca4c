from factory import SECTOR, make, person, site
from verify import verify


def test_own_site_holds() -> None:
    inst = make(sites=[site("A"), site("B")])
    verify("allowed_sites").given(inst, [("d1", "2025-03-03", "am", "A")]).holds()


def test_other_site_breaks() -> None:
    inst = make(sites=[site("A"), site("B")])
    found = verify("allowed_sites").given(inst, [("d1", "2025-03-03", "am", "B")]).breaks()
    assert "may not work at site B" in found[0]


def test_oncall_by_ineligible_doctor_breaks() -> None:
    inst = make(sectors=[SECTOR], staff=[person("d1", oncall=False)])
    verify("allowed_sites").given(inst, [("d1", "2025-03-03", "eve", "S")]).breaks()
