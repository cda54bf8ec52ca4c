"""Every assignment names a known person, an existing shift on that date, and an open site
(or a sector having that on-call slot). The model only creates such variables."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.rules.base import Rule, no_encoding

NAME = "valid_assignment"


def check(rota: RotaView) -> Iterator[Finding]:
    for a, problem in rota.unplaceable:
        yield Finding(
            NAME,
            f"assignment of {a.staff} on {a.date} {a.shift} at {a.site}: {problem}",
            staff=a.staff,
            date=a.date,
            site=a.site,
        )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=no_encoding, check=check)
