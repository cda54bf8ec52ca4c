"""A dated cover line's `minimum`, when set, is a hard floor: at least that many people take
its shift that date (at its site if it names one, of its role if it names one). What lies
between the minimum and `required` is the soft rule `cover`'s."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day

NAME = "cover_minimum"


def encode(build: Build) -> None:
    for cover in build.instance.cover:
        day = build.facts.day_index(cover.date)
        if not cover.minimum or day is None:
            continue
        there = [
            v
            for (d, shift, place), entries in build.by_session.items()
            if d == day and shift == cover.shift and cover.site in (None, place)
            for person, v in entries
            if cover.role in (None, person.role)
        ]
        tag = Tag(NAME, day=day, shift=cover.shift, site=cover.site, role=cover.role)
        build.lm.add([(1, v) for v in there], lo=cover.minimum, tag=tag)


def check(rota: RotaView) -> Iterator[Finding]:
    present: Counter[tuple[object, str, str | None, str | None]] = Counter()
    for pid, entries in rota.placed.items():
        role = rota.person(pid).role
        for p in entries:
            for site in (None, p.place):
                for r in (None, role):
                    present[(p.slot.date, p.slot.shift.id, site, r)] += 1
    for cover in rota.instance.cover:
        if not cover.minimum:
            continue
        n = present[(cover.date, cover.shift, cover.site, cover.role)]
        if n < cover.minimum:
            where = f" at {cover.site}" if cover.site else ""
            yield Finding(
                NAME,
                f"{cover.shift} on {cover.date}{where}: {n}, at least {cover.minimum} required",
                date=cover.date,
                site=cover.site,
            )


def explain(tag: Tag, facts: Facts) -> str:
    where = f" at {tag.site}" if tag.site else ""
    return f"the minimum cover of {tag.shift} on {date_of_day(facts, known(tag.day))}{where}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
