"""A person asked not to work at some sites (`preferences.avoid_sites`); each session there is
penalised."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "site_preference"


def encode(build: Build) -> None:
    for person in build.instance.staff:
        avoid = set(person.preferences.avoid_sites)
        for _, place, var in build.by_person[person.id]:
            if place in avoid:
                build.penalise(NAME, var, 1)


def check(rota: RotaView) -> Iterator[Finding]:
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        for p in entries:
            if p.place in person.preferences.avoid_sites:
                yield Finding(
                    NAME,
                    f"{person.name} works at {p.place} on {p.slot.date} "
                    f"({p.slot.shift.id}), a site they asked to avoid",
                    staff=pid,
                    date=p.slot.date,
                    site=p.place,
                )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
