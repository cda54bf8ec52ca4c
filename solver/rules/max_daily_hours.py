"""At most `max_daily_hours` worked a day (10 h, L3121-18); on a day holding night work (a
worked shift touching 21:00-06:00, décret 2002-9 art. 7's night) at most `max_night_hours`
when set. A shift counts on its start date; a stand-by's intervention allowance, not placed
in time, does not count here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import DAY, Facts, Slot
from maillage.models.instance import RuleParams
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day, who

NAME = "max_daily_hours"
NIGHT_START, NIGHT_END = 21 * 60, 6 * 60  # décret 2002-9 art. 7: at least 21:00 to 06:00


def limits(params: RuleParams) -> tuple[int, int]:
    """(day, night) limits in minutes; the night one is the day one unless set."""
    day = round((params.max_daily_hours or 24) * 60)
    night = round(params.max_night_hours * 60) if params.max_night_hours is not None else day
    return day, night


def _at_night(slot: Slot) -> bool:
    """Whether the slot meets a night: from its start day's previous 21:00 on, each night
    runs from 21:00 to 06:00 the next morning (minutes from its start day's midnight)."""
    begin = slot.shift.start_minute
    end = begin + slot.shift.duration_minutes
    nights = ((k * DAY - DAY + NIGHT_START, k * DAY + NIGHT_END) for k in range(3))
    return any(begin < stop and end > start for start, stop in nights)


def encode(build: Build) -> None:
    for person in build.instance.staff:
        limit, night = limits(build.facts.rules_for(person))
        per_day: dict[int, list[tuple[Slot, int]]] = defaultdict(list)
        for slot, variables in build.worked_slots(person.id).items():
            per_day[slot.day] += [(slot, v) for v in variables]
        for day, entries in per_day.items():
            terms = [(s.work, v) for s, v in entries]
            nightly = [v for s, v in entries if _at_night(s)]
            tag = Tag(NAME, staff=person.id, day=day)
            if night == limit or not nightly:
                if sum(c for c, _ in terms) > limit:
                    build.lm.add(terms, hi=limit, tag=tag)
                continue
            if len(nightly) == len(entries):  # any work that day is night work
                if sum(c for c, _ in terms) > night:
                    build.lm.add(terms, hi=night, tag=tag)
                continue
            if sum(c for c, _ in terms) <= min(limit, night):
                continue
            # n = 1 exactly when a night shift is taken that day
            n = build.lm.new_bool(f"night[{person.id},{day}]")
            for v in nightly:
                build.lm.add([(1, v), (-1, n)], hi=0)
            build.lm.add([(1, n)] + [(-1, v) for v in nightly], hi=0)
            build.lm.add([*terms, (limit - night, n)], hi=limit, tag=tag)


def _touches_night(start: dt.datetime, end: dt.datetime) -> bool:
    """The checker's reading: some night (21:00 to 06:00) overlaps [start, end)."""
    evening = dt.datetime.combine(start.date() - dt.timedelta(days=1), dt.time(21))
    while evening < end:
        if start < evening + dt.timedelta(hours=9):
            return True
        evening += dt.timedelta(days=1)
    return False


def check(rota: RotaView) -> Iterator[Finding]:
    for pid in rota.placed:
        person = rota.person(pid)
        params = rota.facts.rules_for(person)
        per_day: dict[dt.date, int] = defaultdict(int)
        nights: set[dt.date] = set()
        for p in rota.worked(pid):
            shift = p.slot.shift
            start = dt.datetime.combine(p.slot.date, dt.time()) + dt.timedelta(
                minutes=shift.start_minute
            )
            per_day[p.slot.date] += shift.work_minutes
            if _touches_night(start, start + dt.timedelta(minutes=shift.duration_minutes)):
                nights.add(p.slot.date)
        for date, minutes in sorted(per_day.items()):
            at_night = date in nights and params.max_night_hours is not None
            hours = params.max_night_hours if at_night else params.max_daily_hours
            limit = round((hours or 24) * 60)
            if minutes > limit:
                what = " (night work)" if at_night else ""
                yield Finding(
                    NAME,
                    f"{person.name} works {rota.hours(minutes)} on {date}{what}, "
                    f"more than {rota.hours(limit)}",
                    staff=pid,
                    date=date,
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    params = facts.rules_for(facts.staff[pid])
    day = date_of_day(facts, known(tag.day))
    text = f"{who(facts, pid)} works at most {params.max_daily_hours or 24:g} h on {day}"
    if params.max_night_hours is not None and params.max_night_hours != params.max_daily_hours:
        text += f" ({params.max_night_hours:g} h with night work)"
    return text


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
