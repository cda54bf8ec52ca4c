"""Everyone works on at most `max_days_per_week` days a calendar week: by default
ceil(5 x fte), five for a full-timer (the service's pattern), within the profile's legal
ceiling (six days a civil week, Code du travail L3132-1); settable per instance and person.
The days worked in the history count in the week that straddles the horizon's start."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.facts import DAY, Facts
from maillage.models.instance import DEFAULT_PROFILE, PROFILES
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, week_of, who

NAME = "max_days_per_week"


def _past_days(facts: Facts, pid: str, week: int) -> int:
    """Days worked in the history on the week's days before the horizon."""
    monday = facts.week_window(week)[0] // DAY
    return len({d for d in facts.past_worked_days(pid) if monday <= d < monday + 7})


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        limit = f.rules_for(person).max_days_per_week
        if limit is None:
            continue
        for week, days in enumerate(f.weeks):
            present = [v for d in days if (v := build.worked_day(person.id, d)) is not None]
            # days of the history count; beyond the limit already, the rota adds none
            cap = max(0, limit - _past_days(f, person.id, week))
            build.lm.at_most(present, cap, tag=Tag(NAME, staff=person.id, week=week))


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid in rota.placed:
        person = rota.person(pid)
        limit = f.rules_for(person).max_days_per_week
        if limit is None:
            continue
        worked = rota.worked_days(pid)
        for days in f.weeks:
            count = len(worked & set(days))
            monday = f.dates[days[0]] - dt.timedelta(days=f.dates[days[0]].weekday())
            before = len({p.date for p in rota.past(pid) if p.counts_as_work and monday <= p.date})
            if count > 0 and count + before > limit:
                earlier = f" ({before} before the horizon)" if before else ""
                yield Finding(
                    NAME,
                    f"{person.name} works {count + before} days{earlier} in the week of "
                    f"{f.dates[days[0]]}, more than {limit}",
                    staff=pid,
                    date=f.dates[days[0]],
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    person = facts.staff[pid]
    limit = facts.rules_for(person).max_days_per_week
    set_here = person.rules.max_days_per_week is not None
    set_here = set_here or facts.instance.rules.max_days_per_week is not None
    legal = PROFILES[facts.rules_for(person).profile or DEFAULT_PROFILE].max_days_per_week
    ceiling = f", within the legal {legal}" if legal is not None else ""
    why = "" if set_here else f" (the default: ceil(5 x fte {person.fte:g}){ceiling})"
    earlier = _past_days(facts, pid, known(tag.week))
    past = f", {earlier} of them worked before the horizon" if earlier else ""
    return (
        f"{who(facts, pid)} works at most {limit} days in "
        f"{week_of(facts, known(tag.week))}{why}{past}"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
