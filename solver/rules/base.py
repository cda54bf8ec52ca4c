"""What a rule is: a name, hard or soft, an encoding for the model and a check for the checker.

`encode` writes constraints and penalties against the backend-neutral model (`Build`);
`check` re-derives violations from a rota alone (`RotaView`), sharing nothing with the model.
Rules restricting who may take which slot also give `allows`, applied when variables are made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maillage.models.facts import Facts, Slot
    from maillage.models.instance import Staff
    from maillage.solver.check.rota import Finding, RotaView
    from maillage.solver.model.build import Build
    from maillage.solver.model.tags import Tag


@dataclass(frozen=True)
class Rule:
    name: str
    hard: bool
    summary: str
    encode: Callable[[Build], None]
    check: Callable[[RotaView], Iterable[Finding]]
    allows: Callable[[Build, Staff, Slot, str], bool] | None = None
    evaluate: Callable[[RotaView], float] | None = None  # a gain term's value (coverage)
    weight: str | None = None  # the `weights` field scaling the term; None for hard rules
    # A hard rule instance in words, from its model tag (the fields the rule's encode fills);
    # used to explain conflicts.
    explain: Callable[[Tag, Facts], str] | None = None


def no_encoding(build: Build) -> None:
    """For rules enforced entirely by `allows` when variables are made."""


# -- helpers for `explain` ----------------------------------------------------------------------
def who(facts: Facts, pid: str) -> str:
    person = facts.staff.get(pid)
    return person.name if person is not None else pid


def hours(minutes: int | float) -> str:
    return f"{minutes / 60:g} h"


def date_of_day(facts: Facts, day: str | int) -> dt.date:
    """The date of a day index; a negative one is a day of the history, before the horizon."""
    return facts.instance.horizon.start + dt.timedelta(days=int(day))


def date_of_minute(facts: Facts, minute: str | int) -> dt.date:
    return date_of_day(facts, int(minute) // 1440)


def clock(minute: str | int) -> str:
    h, m = divmod(int(minute) % 1440, 60)
    return f"{h:02d}:{m:02d}"


def week_of(facts: Facts, week: str | int) -> str:
    days = facts.weeks[int(week)]
    return f"the week of {facts.dates[days[0]]}"
