"""An IPA consults only on a day when a doctor of the same centre (the site or its parent
centre, or a permanence of it) consults too."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import Role, ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day

NAME = "coordinated_practice"


def encode(build: Build) -> None:
    f = build.facts
    doctors: dict[tuple[str, int], list[int]] = defaultdict(list)
    ipas: dict[tuple[str, int], list[int]] = defaultdict(list)
    for (day, shift, place), people in build.by_session.items():
        if place not in f.sites or f.slot_by_key[(day, shift)].kind != ShiftKind.consultation:
            continue
        key = (f.centre_of(place), day)
        doctors[key] += [v for p, v in people if p.role == Role.doctor]
        ipas[key] += [v for p, v in people if p.role == Role.ipa]
    for key, variables in ipas.items():
        tag = Tag(NAME, site=key[0], day=key[1])
        if not doctors[key]:
            for v in variables:
                build.lm.add([(1, v)], hi=0, tag=tag)
            continue
        present = build.lm.new_bool(f"doctor_present[{key[0]},{key[1]}]")
        build.lm.add([(1, present)] + [(-1, v) for v in doctors[key]], hi=0)
        for v in variables:
            build.lm.add([(1, v), (-1, present)], hi=0, tag=tag)


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    doctor_days: set[tuple[str, int]] = set()
    ipa_sessions = []
    for pid, entries in rota.placed.items():
        role = rota.person(pid).role
        for p in entries:
            if p.place in f.sites and p.slot.kind == ShiftKind.consultation:
                if role == Role.doctor:
                    doctor_days.add((f.centre_of(p.place), p.slot.day))
                elif role == Role.ipa:
                    ipa_sessions.append((pid, p))
    for pid, p in ipa_sessions:
        if (f.centre_of(p.place), p.slot.day) not in doctor_days:
            yield Finding(
                NAME,
                f"{rota.name(pid)} (IPA) consults at {p.place} on {p.slot.date} "
                f"with no doctor of the centre working that day",
                staff=pid,
                date=p.slot.date,
                site=p.place,
            )


def explain(tag: Tag, facts: Facts) -> str:
    day = date_of_day(facts, known(tag.day))
    return f"an IPA consults at {known(tag.site)} on {day} only if a doctor of the centre consults"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
