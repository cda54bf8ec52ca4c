"""No more clinicians consult at a site at once than it has rooms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import Facts, Slot
from maillage.models.instance import CLINICAL_ROLES, ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, clock, date_of_minute

NAME = "rooms"


def encode(build: Build) -> None:
    per_site: dict[str, dict[Slot, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (day, shift, place), people in build.by_session.items():
        slot = build.facts.slot_by_key[(day, shift)]
        if slot.kind == ShiftKind.consultation:
            per_site[place][slot] += [v for p, v in people if p.role in CLINICAL_ROLES]
    for site_id, slots in per_site.items():
        rooms = build.facts.sites[site_id].rooms
        for t in sorted({s.start for s in slots}):
            active = [v for s, vs in slots.items() if s.start <= t < s.end for v in vs]
            build.lm.at_most(active, rooms, tag=Tag(NAME, site=site_id, minute=t))


def check(rota: RotaView) -> Iterator[Finding]:
    per_site: dict[str, list[tuple[Slot, str]]] = defaultdict(list)
    for pid, entries in rota.placed.items():
        if rota.person(pid).role in CLINICAL_ROLES:
            for p in entries:
                if p.slot.kind == ShiftKind.consultation:
                    per_site[p.place].append((p.slot, pid))
    for site_id, sessions in per_site.items():
        rooms = rota.facts.sites[site_id].rooms
        for t in sorted({s.start for s, _ in sessions}):
            there = [pid for s, pid in sessions if s.start <= t < s.end]
            if len(there) > rooms:
                slot = next(s for s, _ in sessions if s.start == t)
                yield Finding(
                    NAME,
                    f"{len(there)} clinicians consult at {site_id} on {slot.date} "
                    f"{slot.shift.id}, which has {rooms} room(s)",
                    date=slot.date,
                    site=site_id,
                )


def explain(tag: Tag, facts: Facts) -> str:
    site, minute = facts.sites[known(tag.site)], known(tag.minute)
    when = f"{date_of_minute(facts, minute)} {clock(minute)}"
    return f"at most {site.rooms} clinicians consult at once at {site.name} ({when})"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
