"""Locked assignments (`staff[].fixed`) appear in the rota as given."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule

NAME = "fixed_assignments"


def encode(build: Build) -> None:
    for person in build.instance.staff:
        for fixed in person.fixed:
            day = build.facts.day_index(fixed.date)
            var = None if day is None else build.x.get((person.id, day, fixed.shift, fixed.site))
            if var is None:  # no such possibility: the rota cannot honour it
                build.lm.add([], lo=1, tag=Tag(NAME, staff=person.id, date=fixed.date))
            else:
                build.lm.fix(var, 1)


def check(rota: RotaView) -> Iterator[Finding]:
    given = {(a.staff, a.date, a.shift, a.site) for a in rota.assignments}
    for person in rota.instance.staff:
        for fixed in person.fixed:
            if (person.id, fixed.date, fixed.shift, fixed.site) not in given:
                yield Finding(
                    NAME,
                    f"{person.name} is locked on {fixed.shift} at {fixed.site} on "
                    f"{fixed.date} but the rota does not have it",
                    staff=person.id,
                    date=fixed.date,
                    site=fixed.site,
                )


def explain(tag: Tag, facts: Facts) -> str:
    person, date = facts.staff[known(tag.staff)], known(tag.date)
    locks = [f"{x.shift} at {x.site}" for x in person.fixed if x.date == date]
    return f"{person.name} is locked on {' and '.join(locks) or 'a session'} on {date}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
