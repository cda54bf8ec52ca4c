"""What a rule is: a name, hard or soft, an encoding for the model and a check for the checker.

`encode` writes constraints and penalties against the backend-neutral model (`Build`);
`check` re-derives violations from a rota alone (`Review`), sharing nothing with the model.
Rules restricting who may take which slot also give `allows`, applied when variables are made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maillage.models.facts import Slot
    from maillage.models.instance import Staff
    from maillage.solver.build import Build
    from maillage.solver.review import Finding, Review


@dataclass(frozen=True)
class Rule:
    name: str
    hard: bool
    summary: str
    encode: Callable[[Build], None]
    check: Callable[[Review], Iterable[Finding]]
    allows: Callable[[Build, Staff, Slot, str], bool] | None = None
    evaluate: Callable[[Review], float] | None = None  # a gain term's value (coverage)
    weight: str | None = None  # the `weights` field scaling the term; None for hard rules


def no_encoding(build: Build) -> None:
    """For rules enforced entirely by `allows` when variables are made."""
