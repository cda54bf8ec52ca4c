"""At least `min_daily_rest_hours` (11 h) of rest between working days, so a working day
spans at most 24 h minus that rest from its first start to its last end (amplitude)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.facts import DAY, Facts, Slot
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, clock, date_of_minute, who

NAME = "daily_rest"


def conflict(a: Slot, b: Slot, rest: int) -> str | None:
    """Why a then b (a starting first) breaks the rule, or None."""
    if a.day == b.day:
        span = max(a.end, b.end) - min(a.start, b.start)
        return f"a working day spanning {span / 60:g} h" if span > DAY - rest else None
    gap = b.start - a.end
    return f"only {gap / 60:g} h of rest" if 0 <= gap < rest else None


def encode(build: Build) -> None:
    for person in build.instance.staff:
        rest = round((build.facts.rules_for(person).min_daily_rest_hours or 0) * 60)
        slots = build.worked_slots(person.id)
        ordered = sorted(slots, key=lambda s: (s.start, s.end))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if b.start - a.start > 2 * DAY:
                    break
                if conflict(a, b, rest):
                    build.lm.add(
                        [(1, v) for v in slots[a] + slots[b]],
                        hi=1,
                        tag=Tag(NAME, staff=person.id, minute=a.start, next_minute=b.start),
                    )
        for past in build.facts.past_worked(person.id):
            # a shift of the history is a fixed fact: the slots too close after it are closed
            for b in ordered:
                if b.start - past.end >= rest:
                    break
                build.lm.add(
                    [(1, v) for v in slots[b]],
                    hi=0,
                    tag=Tag(NAME, staff=person.id, minute=past.start, next_minute=b.start),
                )


def _clock_times(slot: Slot) -> tuple[dt.datetime, dt.datetime]:
    """When the shift starts and ends, on the calendar (not minutes from the horizon)."""
    midnight = dt.datetime.combine(slot.date, dt.time())
    start = midnight + dt.timedelta(minutes=slot.shift.start_minute)
    return start, start + dt.timedelta(minutes=slot.shift.duration_minutes)


def _too_little_rest(first: Slot, then: Slot, rest: dt.timedelta) -> str | None:
    """The checker's reading of the rule for two worked shifts, `first` starting no later:
    dated the same day, they belong to one working day, which spans at most a day minus the
    rest from its first start to its last end; dated apart, the rest between the end of one
    and the start of the other is at least `rest` (overlaps are `no_overlap`'s)."""
    (start_a, end_a), (start_b, end_b) = _clock_times(first), _clock_times(then)
    if first.date == then.date:
        span = max(end_a, end_b) - start_a
        if span + rest > dt.timedelta(days=1):
            return f"a working day spanning {span / dt.timedelta(hours=1):g} h"
        return None
    between = start_b - end_a
    if dt.timedelta(0) <= between < rest:
        return f"only {between / dt.timedelta(hours=1):g} h of rest"
    return None


def _after_the_history(rota: RotaView, pid: str, rest: dt.timedelta) -> Iterator[Finding]:
    """Rest between a worked shift of the history and one of the rota: on the calendar, from
    the end of the one to the start of the other (a past shift running into the rota's
    shift leaves no rest at all)."""
    midnight = dt.datetime.combine(rota.instance.horizon.start, dt.time())
    person = rota.person(pid)
    for past in rota.past(pid):
        if not past.counts_as_work:
            continue
        ended = midnight + dt.timedelta(minutes=past.end)
        for b in rota.worked(pid):
            between = _clock_times(b.slot)[0] - ended
            if between < rest:
                yield Finding(
                    NAME,
                    f"{person.name}: {past.shift} on {past.date} (before the horizon) then "
                    f"{b.slot.shift.id} on {b.slot.date}, only "
                    f"{max(between, dt.timedelta(0)) / dt.timedelta(hours=1):g} h of rest "
                    f"(rest of {rest / dt.timedelta(hours=1):g} h required)",
                    staff=pid,
                    date=b.slot.date,
                )


def check(rota: RotaView) -> Iterator[Finding]:
    for pid in rota.placed:
        person = rota.person(pid)
        hours = rota.facts.rules_for(person).min_daily_rest_hours or 0
        rest = dt.timedelta(minutes=round(hours * 60))
        yield from _after_the_history(rota, pid, rest)
        worked = rota.worked(pid)
        for i, a in enumerate(worked):
            for b in worked[i + 1 :]:
                why = _too_little_rest(a.slot, b.slot, rest)
                if why:
                    yield Finding(
                        NAME,
                        f"{person.name}: {a.slot.shift.id} on {a.slot.date} then "
                        f"{b.slot.shift.id} on {b.slot.date}, {why} (rest of "
                        f"{rest / dt.timedelta(hours=1):g} h required)",
                        staff=pid,
                        date=b.slot.date,
                    )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    rest = facts.rules_for(facts.staff[pid]).min_daily_rest_hours
    a, b = known(tag.minute), known(tag.next_minute)
    return (
        f"{who(facts, pid)} cannot work both the shift starting {date_of_minute(facts, a)} "
        f"{clock(a)} and the one starting {date_of_minute(facts, b)} {clock(b)} "
        f"({rest:g} h of daily rest)"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
