from typing import Any

import pytest
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


# Worked out by hand from the rule's text: sessions only at one's listed sites; on-call only
# for a doctor with `oncall` true one of whose sites is in the sector (S covers site A).
@pytest.mark.parametrize(
    ("who", "shift", "place", "verdict"),
    [
        (person("d1", sites=["A", "B"]), "am", "B", "holds"),  # listed, not home
        (person("d1"), "am", "B", "breaks"),
        (person("d1", oncall=True), "eve", "S", "holds"),
        (person("d1", oncall=False), "eve", "S", "breaks"),
        (person("d1", role="ipa", oncall=True), "eve", "S", "breaks"),
        (person("d1", oncall=True, sites=["B"], home_site="B"), "eve", "S", "breaks"),
        (person("d1", oncall=True, sites=["B", "A"], home_site="B"), "eve", "S", "holds"),
    ],
)
def test_allowed_table(who: dict[str, Any], shift: str, place: str, verdict: str) -> None:
    inst = make(sites=[site("A"), site("B")], sectors=[SECTOR], staff=[who])
    getattr(verify("allowed_sites").given(inst, [("d1", "2025-03-03", shift, place)]), verdict)()
