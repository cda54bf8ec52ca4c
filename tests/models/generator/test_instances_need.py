"""The shipped instances' need: the real DREES APL for the general line, the proxy named for
the women's-health line, and the figures the issue quotes."""

import pytest
from paths import INSTANCES

from maillage.models import load_instance
from maillage.models.facts import Facts
from maillage.models.generator.communes import real_apl

WITH_COMMUNES = [
    "millas-2025-03",
    "grand-cahors-2025-03",
    "grand-cahors-2025-04",
    "gip-network-2023-03",
    "occitanie-200-2026-01",
]


@pytest.mark.parametrize("name", WITH_COMMUNES)
def test_general_line_is_the_real_apl_2023(name: str) -> None:
    instance = load_instance(INSTANCES / f"{name}.json")
    model = instance.need_model
    assert not model.illustrative and "APL to general practitioners, 2023" in (model.source or "")
    general, womens = model.lines["general"], model.lines["womens"]
    assert general.indicator == "DREES APL to general practitioners, 2023"
    assert not general.illustrative and "Licence Ouverte / Etalab 2.0" in (general.source or "")
    assert womens.illustrative and "midwives" in womens.indicator
    for commune in instance.communes:
        if commune.apl_illustrative:
            assert real_apl(commune.insee) is None
        else:
            assert commune.apl == real_apl(commune.insee), commune.insee
    assert "ILLUSTRATIVE: the communes' APL" not in instance.description
    assert "DREES, APL 2023" in instance.description or "DREES APL 2023" in instance.description


def test_millas_itself_is_not_under_served_saint_gery_vers_is() -> None:
    millas = load_instance(INSTANCES / "millas-2025-03.json")
    facts = Facts(millas)
    own = next(c for c in millas.communes if c.insee == "66108")
    assert own.apl == 3.789 and facts.need_per_week(own, "general") == 0
    cahors = load_instance(INSTANCES / "grand-cahors-2025-03.json")
    facts = Facts(cahors)
    by_code = {c.insee: c for c in cahors.communes}
    assert by_code["46268"].apl == 0.154 and facts.need_per_week(by_code["46268"], "general") > 0
    assert by_code["46064"].apl == 1.769  # Catus
    assert by_code["46042"].apl == 4.166 and facts.need_per_week(by_code["46042"], "general") == 0
