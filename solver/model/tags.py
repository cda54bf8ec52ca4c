"""What a constraint is about: its rule and the person, place and time of the rule instance.

Constraints with equal tags form one *rule instance*, the unit that conflicts name and that
`--relax` lets break. The fields are kept apart, not joined into text, so an id holding any
character (a ':' included) is read back as it was written. A year-long model holds hundreds of
thousands of tags: they are slotted, and a rule writing several constraints of one instance
shares one tag between them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Tag:
    """A rule instance. The fields are in the order the text form shows them; a rule fills
    only those it needs, the same ones for all its instances."""

    rule: str
    staff: str | None = None
    site: str | None = None
    sector: str | None = None
    day: int | None = None  # index into the horizon's dates
    minute: int | None = None  # from the horizon's first midnight
    next_minute: int | None = None  # a second shift's start (daily rest between two shifts)
    week: int | None = None  # index into Facts.weeks
    month: int | None = None  # index into Facts.months
    date: dt.date | None = None  # a date that may lie outside the horizon (a locked session)
    shift: str | None = None
    next_shift: str | None = None  # the shift that may not follow `shift`
    role: str | None = None

    def __str__(self) -> str:
        """The rule and the fields it fills, joined by ':' (`daily_rest:d1:1920:2520`): for
        people and for names in a compiled model, never to be parsed back."""
        values = (getattr(self, name) for name in _SHOWN)
        return ":".join([self.rule, *(f"{v}" for v in values if v is not None)])


_SHOWN = tuple(f.name for f in fields(Tag) if f.name != "rule")


def known(value: T | None) -> T:
    """A field the rule always fills; LookupError (as for a missing key) when it is empty."""
    if value is None:
        raise LookupError("the tag lacks a field its rule fills")
    return value


__all__ = ["Tag", "known"]
