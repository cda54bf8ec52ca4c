"""Soft bounds on the days (`days_worked`) and the weekends (`weekends_worked`) a person works
over the horizon: each day or weekend below the band's `min` or above its `max` costs its
weight. A weekend is worked when its Saturday or its Sunday is; the weekends counted are those
whose Saturday or Sunday lies in the horizon (totals of earlier periods are the caller's, as
bounds narrowed by what was worked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.instance import SoftBand
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "worked_totals"


def weekend_days(dates: list[dt.date]) -> dict[tuple[int, int], list[int]]:
    """weekend (ISO year and week) -> its Saturday and Sunday inside the horizon."""
    out: dict[tuple[int, int], list[int]] = {}
    for d, date in enumerate(dates):
        if date.weekday() >= 5:
            out.setdefault(date.isocalendar()[:2], []).append(d)
    return out


def _band(build: Build, pid: str, band: SoftBand, items: list[int], label: str) -> None:
    terms = [(1, v) for v in items]
    if band.min is not None and band.min > 0:
        under = build.lm.new_var(0, band.min, f"under_{label}[{pid}]")
        build.lm.add([(1, under), *terms], lo=band.min)
        build.penalise(NAME, under, band.weight)
    if band.max is not None and len(items) > band.max:
        over = build.lm.new_var(0, len(items) - band.max, f"over_{label}[{pid}]")
        build.lm.add([(-1, over), *terms], hi=band.max)
        build.penalise(NAME, over, band.weight)


def encode(build: Build) -> None:
    n = len(build.facts.dates)
    for person in build.instance.staff:
        rules = build.facts.rules_for(person)
        if rules.days_worked is not None:
            days = [build.worked_day(person.id, d) for d in range(n)]
            _band(build, person.id, rules.days_worked, [v for v in days if v is not None], "days")
        if rules.weekends_worked is not None:
            worked = []
            for number, pair in weekend_days(build.facts.dates).items():
                present = [v for d in pair if (v := build.worked_day(person.id, d)) is not None]
                if len(present) == 1:
                    worked.append(present[0])
                elif present:
                    w = build.lm.new_bool(f"weekend_worked[{person.id},{number[0]}-{number[1]}]")
                    for v in present:
                        build.lm.add([(1, w), (-1, v)], lo=0)
                    build.lm.add([(1, w)] + [(-1, v) for v in present], hi=0)
                    worked.append(w)
            _band(build, person.id, rules.weekends_worked, worked, "weekends")


def _judge(rota: RotaView, pid: str, band: SoftBand, count: int, what: str) -> Iterator[Finding]:
    person = rota.person(pid)
    short = max(0, (band.min or 0) - count)
    over = max(0, count - band.max) if band.max is not None else 0
    if short or over:
        bound = f"at least {band.min}" if short else f"at most {band.max}"
        yield Finding(
            NAME,
            f"{person.name} works {count} {what}, {bound} wanted",
            amount=(short + over) * band.weight,
            staff=pid,
        )


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for person in rota.instance.staff:
        rules = f.rules_for(person)
        worked = rota.worked_days(person.id)
        if rules.days_worked is not None:
            yield from _judge(rota, person.id, rules.days_worked, len(worked), "days")
        if rules.weekends_worked is not None:
            # a weekend is known by its Monday-based week: the ISO year and week of its days
            weeks = {f.dates[d].isocalendar()[:2] for d in worked if f.dates[d].weekday() >= 5}
            yield from _judge(rota, person.id, rules.weekends_worked, len(weeks), "weekends")


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
