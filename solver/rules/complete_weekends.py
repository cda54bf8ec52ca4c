"""A person with `complete_weekends` set works both days of a weekend or neither: each
weekend of the horizon worked on its Saturday or its Sunday alone costs that value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "complete_weekends"


def weekends(dates: list[dt.date]) -> list[tuple[int, int]]:
    """(Saturday, Sunday) day indices of the weekends wholly inside the horizon."""
    return [(d, d + 1) for d in range(len(dates) - 1) if dates[d].weekday() == 5]


def encode(build: Build) -> None:
    for person in build.instance.staff:
        cost = build.facts.rules_for(person).complete_weekends
        if not cost:
            continue
        for sat, sun in weekends(build.facts.dates):
            a, b = build.worked_day(person.id, sat), build.worked_day(person.id, sun)
            if a is None and b is None:
                continue
            if a is None or b is None:
                build.penalise(NAME, a if b is None else b, cost)  # type: ignore[arg-type]
                continue
            half = build.lm.new_bool(f"half_weekend[{person.id},{sat}]")
            build.lm.add([(1, half), (-1, a), (1, b)], lo=0)  # half >= a - b
            build.lm.add([(1, half), (1, a), (-1, b)], lo=0)  # half >= b - a
            build.penalise(NAME, half, cost)


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for person in rota.instance.staff:
        cost = f.rules_for(person).complete_weekends
        if not cost:
            continue
        worked = rota.worked_days(person.id)
        for day, date in enumerate(f.dates[:-1]):
            if date.weekday() == 5 and (day in worked) != (day + 1 in worked):
                yield Finding(
                    NAME,
                    f"{person.name} works one day only of the weekend of {date}",
                    amount=cost,
                    staff=person.id,
                    date=date,
                )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
