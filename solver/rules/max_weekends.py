"""A person works at most `max_weekends` weekends; a weekend is worked when the person works
on its Saturday, its Sunday or both."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, who

NAME = "max_weekends"


def encode(build: Build) -> None:
    for person in build.instance.staff:
        cap = build.facts.rules_for(person).max_weekends
        if cap is None:
            continue
        weekends = []
        for k, days in enumerate(build.facts.weekends):
            days_worked = [v for d in days if (v := build.worked_day(person.id, d)) is not None]
            if not days_worked:
                continue
            if len(days_worked) == 1:
                weekends.append(days_worked[0])
                continue
            worked = build.lm.new_bool(f"weekend_worked[{person.id},{k}]")
            for v in days_worked:
                build.lm.add([(1, v), (-1, worked)], hi=0)
            weekends.append(worked)
        build.lm.at_most(weekends, cap, tag=Tag(NAME, staff=person.id))


def weekends_with_work(rota: RotaView, pid: str) -> int:
    """Calendar weekends on whose Saturday or Sunday the person starts a shift counting as
    work (a stand-by on-call slot with `counts_as_work` false does not make one)."""
    worked = rota.worked_days(pid)
    return sum(1 for days in rota.facts.weekends if worked & set(days))


def check(rota: RotaView) -> Iterator[Finding]:
    for person in rota.instance.staff:
        cap = rota.facts.rules_for(person).max_weekends
        count = weekends_with_work(rota, person.id)
        if cap is not None and count > cap:
            yield Finding(
                NAME,
                f"{person.name} works {count} weekends, at most {cap} allowed",
                amount=count - cap,
                staff=person.id,
            )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    cap = facts.rules_for(facts.staff[pid]).max_weekends
    return f"{who(facts, pid)} works at most {cap} weekends"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
