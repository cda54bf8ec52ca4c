"""At most `max_weekly_hours` (48 h, L3121-20) worked in any calendar week, the days of the
history in the week that straddles the horizon's start included; a stand-by slot's
intervention allowance counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.facts import DAY, Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, week_of, who

NAME = "max_weekly_hours"


def _past_minutes(facts: Facts, pid: str, week: int) -> int:
    """Minutes worked in the history on the week's days before the horizon (a stand-by's
    intervention allowance included)."""
    monday = facts.week_window(week)[0] // DAY
    return sum(p.work for p in facts.past.get(pid, []) if monday <= p.day < monday + 7)


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        limit = round((f.rules_for(person).max_weekly_hours or 168) * 60)
        for week, days in enumerate(f.weeks):
            terms = build.hour_terms(person.id, set(days))
            # hours of the history count; beyond the limit already, the rota adds none
            cap = max(0, limit - _past_minutes(f, person.id, week))
            if sum(c for c, _ in terms) > cap:
                build.lm.add(terms, hi=cap, tag=Tag(NAME, staff=person.id, week=week))


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid in rota.placed:
        person = rota.person(pid)
        limit = round((f.rules_for(person).max_weekly_hours or 168) * 60)
        for days in f.weeks:
            minutes = rota.minutes(pid, set(days))
            monday = f.dates[days[0]] - dt.timedelta(days=f.dates[days[0]].weekday())
            before = sum(p.work for p in rota.past(pid) if monday <= p.date)
            if minutes > 0 and minutes + before > limit:
                earlier = f" ({rota.hours(before)} before the horizon)" if before else ""
                yield Finding(
                    NAME,
                    f"{person.name} works {rota.hours(minutes + before)}{earlier} in the week "
                    f"of {f.dates[days[0]]}, more than {rota.hours(limit)}",
                    staff=pid,
                    date=f.dates[days[0]],
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    limit = facts.rules_for(facts.staff[pid]).max_weekly_hours
    return f"{who(facts, pid)} works at most {limit:g} h in {week_of(facts, known(tag.week))}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
