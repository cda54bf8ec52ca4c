"""Dated cover: each person short of a cover line's `required` costs its `under_weight`,
each person beyond it its `over_weight`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from maillage.models.instance import Cover, Staff
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "cover"


def counts(cover: Cover, person: Staff, place: str) -> bool:
    return (cover.site is None or place == cover.site) and (
        cover.role is None or person.role == cover.role
    )


def encode(build: Build) -> None:
    places: dict[tuple[int, str], list[str]] = {}
    for d, shift, place in build.by_session:
        places.setdefault((d, shift), []).append(place)
    for i, cover in enumerate(build.instance.cover):
        day = build.facts.day_index(cover.date)
        if day is None:
            continue
        there = [
            v
            for place in places.get((day, cover.shift), [])
            for person, v in build.by_session[(day, cover.shift, place)]
            if counts(cover, person, place)
        ]
        terms = [(1, v) for v in there]
        if cover.required > 0 and cover.under_weight > 0:
            under = build.lm.new_var(0, cover.required, f"under[{i}]")
            build.lm.add([(1, under), *terms], lo=cover.required)  # under >= required - n
            build.penalise(NAME, under, cover.under_weight)
        if len(there) > cover.required and cover.over_weight > 0:
            over = build.lm.new_var(0, len(there) - cover.required, f"over[{i}]")
            build.lm.add([(-1, over), *terms], hi=cover.required)  # over >= n - required
            build.penalise(NAME, over, cover.over_weight)


def _present(on_shift: list[tuple[Staff, str]], cover: Cover) -> int:
    """The checker's reading: of the people on the cover line's shift that date, those at its
    site if it names one and of its role if it names one."""
    return sum(
        1
        for person, place in on_shift
        if cover.site in (None, place) and cover.role in (None, person.role)
    )


def check(rota: RotaView) -> Iterator[Finding]:
    on_shift: dict[tuple[dt.date, str], list[tuple[Staff, str]]] = defaultdict(list)
    for pid, entries in rota.placed.items():
        for p in entries:
            on_shift[(p.slot.date, p.slot.shift.id)].append((rota.person(pid), p.place))
    for cover in rota.instance.cover:
        n = _present(on_shift.get((cover.date, cover.shift), []), cover)
        where = f" at {cover.site}" if cover.site else ""
        if n < cover.required and cover.under_weight > 0:
            yield Finding(
                NAME,
                f"{cover.shift} on {cover.date}{where}: {n} of {cover.required} needed",
                amount=(cover.required - n) * cover.under_weight,
                date=cover.date,
                site=cover.site,
            )
        if n > cover.required and cover.over_weight > 0:
            yield Finding(
                NAME,
                f"{cover.shift} on {cover.date}{where}: {n}, {n - cover.required} over "
                f"the {cover.required} needed",
                amount=(n - cover.required) * cover.over_weight,
                date=cover.date,
                site=cover.site,
            )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
