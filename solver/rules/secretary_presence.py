"""At a site whose secretary is `on_site`, every session with clinicians has a secretary on
site, one per `secretary_ratio` clinicians (rounded up)."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import CLINICAL_ROLES, Role, ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day

NAME = "secretary_presence"


def encode(build: Build) -> None:
    ratio = build.instance.rules.secretary_ratio
    for (day, shift, place), people in build.by_session.items():
        site = build.facts.sites.get(place)
        if site is None or site.secretary != "on_site":
            continue
        if build.facts.slot_by_key[(day, shift)].kind != ShiftKind.consultation:
            continue
        clinicians = [v for p, v in people if p.role in CLINICAL_ROLES]
        secretaries = [v for p, v in people if p.role == Role.secretary]
        if clinicians:  # ratio * secretaries >= clinicians
            build.lm.add(
                [(1, v) for v in clinicians] + [(-ratio, v) for v in secretaries],
                hi=0,
                tag=Tag(NAME, site=place, day=day, shift=shift),
            )


def check(rota: RotaView) -> Iterator[Finding]:
    ratio = rota.instance.rules.secretary_ratio
    for (day, shift, place), there in sorted(rota.sessions.items()):
        site = rota.facts.sites.get(place)
        slot = rota.facts.slot_by_key[(day, shift)]
        if site is None or site.secretary != "on_site" or slot.kind != ShiftKind.consultation:
            continue
        roles = [rota.person(pid).role for pid in there]
        clinicians = sum(1 for r in roles if r in CLINICAL_ROLES)
        secretaries = roles.count(Role.secretary)
        if clinicians > ratio * secretaries:
            yield Finding(
                NAME,
                f"{clinicians} clinician(s) at {site.name} on {slot.date} {shift} "
                f"with {secretaries} secretary(ies) on site (one per {ratio} needed)",
                date=slot.date,
                site=place,
            )


def explain(tag: Tag, facts: Facts) -> str:
    ratio = facts.instance.rules.secretary_ratio
    site, day, shift = known(tag.site), date_of_day(facts, known(tag.day)), known(tag.shift)
    return f"at {site}, {shift} on {day}: one secretary on site per {ratio} clinicians"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
