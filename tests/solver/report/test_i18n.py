"""Report labels: every objective term has a title in French."""

from maillage.solver.report.i18n import RULE_NAMES
from maillage.solver.rules import SOFT_RULES


def test_every_objective_term_has_a_french_title() -> None:
    missing = [r.name for r in SOFT_RULES if r.name not in RULE_NAMES["fr"]]
    assert missing == []
