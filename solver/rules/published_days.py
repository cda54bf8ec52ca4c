"""A re-plan keeps the published rota on the days before `replan.from_date`: each
published assignment of those days is in the rota, and nothing else is."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, who

NAME = "published_days"


def encode(build: Build) -> None:
    replan = build.instance.replan
    if replan is None:
        return
    facts = build.facts
    first = facts.day_index(replan.from_date)
    if first is None:
        return  # validation refuses a from_date outside the horizon
    kept: set[tuple[str, int, str, str]] = set()
    for a in replan.published:
        day = facts.day_index(a.date)
        if day is None or day >= first or a.staff not in facts.staff:
            continue  # (another part's people, when a network is solved part by part)
        key = (a.staff, day, a.shift, a.site)
        kept.add(key)
        var = build.x.get(key)
        tag = Tag(NAME, staff=a.staff, date=a.date, shift=a.shift, site=a.site)
        # a tagged row, not a fixed bound: a published day that cannot hold any more (a
        # leave dated back) is then a conflict in words, and --relax can break it
        build.lm.add([] if var is None else [(1, var)], lo=1, tag=tag)
    for key, var in build.x.items():
        if key[1] < first and key not in kept:
            build.lm.fix(var, 0)


def check(rota: RotaView) -> Iterator[Finding]:
    replan = rota.instance.replan
    if replan is None:
        return
    before = replan.from_date

    def by_slot(
        rows: Iterator[tuple[str, dt.date, str, str]],
    ) -> dict[tuple[str, dt.date, str], set[str]]:
        out: dict[tuple[str, dt.date, str], set[str]] = defaultdict(set)
        for staff, date, shift, site in rows:
            if date < before:
                out[(staff, date, shift)].add(site)
        return out

    published = by_slot((a.staff, a.date, a.shift, a.site) for a in replan.published)
    now = by_slot((a.staff, a.date, a.shift, a.site) for a in rota.assignments)
    for key in sorted(published.keys() | now.keys()):
        was, became = published.get(key, set()), now.get(key, set())
        if was != became:
            staff, date, shift = key
            name = rota.facts.staff[staff].name if staff in rota.facts.staff else staff
            yield Finding(
                NAME,
                f"{name}, {shift} on {date}: published {_at(was)}, now {_at(became)} "
                f"(the days before {before} are kept as published)",
                staff=staff,
                date=date,
            )


def _at(places: set[str]) -> str:
    return f"at {', '.join(sorted(places))}" if places else "off"


def explain(tag: Tag, facts: Facts) -> str:
    return (
        f"{who(facts, known(tag.staff))} was published on {known(tag.shift)} at "
        f"{known(tag.site)} on {known(tag.date)}, before the re-plan's first date"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
