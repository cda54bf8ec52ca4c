"""At most `max_site_changes_per_day` (1) changes of site a day, never back to a site left
earlier that day, and any two sessions of a day at different sites leave time to travel."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import Facts, Slot
from maillage.models.instance import ShiftKind
from maillage.solver.check.rota import Finding, Placed, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag
from maillage.solver.rules.base import Rule

NAME = "site_changes"


def too_far(facts: Facts, a: Slot, site_a: str, b: Slot, site_b: str) -> bool:
    """Sessions a then b cannot both be worked: not enough time to travel between them."""
    return site_a != site_b and b.start - a.end < facts.travel_minutes(site_a, site_b)


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        limit = f.rules_for(person).max_site_changes_per_day
        per_day: dict[int, list[tuple[Slot, str, int]]] = defaultdict(list)
        for slot, place, var in build.by_person[person.id]:
            if slot.kind != ShiftKind.oncall:
                per_day[slot.day].append((slot, place, var))
        for day, entries in per_day.items():
            tag = Tag(NAME, staff=person.id, day=day)
            entries.sort(key=lambda e: e[0].start)
            sites = sorted({place for _, place, _ in entries})
            if limit is not None and len(sites) > limit + 1:
                used = []
                for site in sites:
                    u = build.lm.new_bool(f"site_used[{person.id},{day},{site}]")
                    for _, place, var in entries:
                        if place == site:
                            build.lm.add([(1, var), (-1, u)], hi=0)
                    used.append(u)
                build.lm.at_most(used, limit + 1, tag=tag)
            for i, (a, pa, va) in enumerate(entries):
                for b, pb, vb in entries[i + 1 :]:
                    if b.start >= a.end and too_far(f, a, pa, b, pb):
                        build.lm.add([(1, va), (1, vb)], hi=1, tag=tag)
                    for c, pc, vc in entries:  # no return to a site left earlier
                        if pc == pa != pb and c.start >= b.end and b.start >= a.end:
                            build.lm.add([(1, va), (1, vb), (1, vc)], hi=2)


def _day_findings(rota: RotaView, pid: str, day: list[Placed], limit: int | None) -> Iterator[str]:
    order = [p.place for p in day]
    distinct = list(dict.fromkeys(order))
    if limit is not None and len(distinct) - 1 > limit:
        yield f"works at {len(distinct)} sites ({', '.join(distinct)}), more than {limit} change(s)"
    changes = [b for a, b in itertools.pairwise(order) if a != b]
    if len(changes) > len(distinct) - 1:
        yield f"goes back to a site left earlier ({' -> '.join(order)})"
    for i, a in enumerate(day):
        for b in day[i + 1 :]:
            if a.place == b.place:
                continue
            minutes = rota.facts.travel_minutes(a.place, b.place)
            if a.slot.end + minutes > b.slot.start:  # leaving at the end, arrives too late
                yield (
                    f"has {(b.slot.start - a.slot.end)} min between {a.place} and {b.place}, "
                    f"{minutes:.0f} min of travel"
                )


def check(rota: RotaView) -> Iterator[Finding]:
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        limit = rota.facts.rules_for(person).max_site_changes_per_day
        per_day: dict[int, list[Placed]] = defaultdict(list)
        for p in entries:
            if not p.is_oncall:
                per_day[p.slot.day].append(p)
        for day, placed in sorted(per_day.items()):
            for why in _day_findings(rota, pid, placed, limit):
                date = rota.facts.dates[day]
                yield Finding(NAME, f"{person.name} on {date} {why}", staff=pid, date=date)


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check)
