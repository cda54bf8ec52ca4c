"""In every two consecutive civil weeks (Monday to Sunday, the pair sliding by one week) at
least `min_rest_days_per_fortnight` days off, two of them in a row with a Sunday (décret
2002-9 art. 6: four). A day is off when no worked shift touches it (a night shift ending at
06:00 takes the next morning too; a stand-by slot is rest, L3121-10). The pairs meeting the
horizon are judged, those straddling its start or end included: days outside the horizon
are off unless the history lists work there. A pair the history alone leaves short (every
day of the horizon off) is the previous period's breach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.facts import DAY, Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day, who

NAME = "rest_days_per_fortnight"


def _days_touched(start: int, end: int) -> range:
    """Day offsets an interval of minutes [start, end) meets."""
    return range(start // DAY, (end - 1) // DAY + 1) if end > start else range(0)


def fortnights(facts: Facts) -> list[int]:
    """The first day (a Monday, offset from the horizon start) of each pair of weeks meeting
    the horizon: from the week before the first to the last week."""
    first = -facts.dates[0].weekday()
    last = len(facts.dates) - 1
    return list(range(first - 7, last + 1, 7))


def encode(build: Build) -> None:
    for person in build.instance.staff:
        need = build.facts.rules_for(person).min_rest_days_per_fortnight or 0
        if need > 0 and build.worked_slots(person.id):
            _encode_person(build, person.id, need)


def _encode_person(build: Build, pid: str, need: int) -> None:
    f = build.facts
    slots = build.worked_slots(pid)
    worked_before = {d for p in f.past_worked(pid) for d in _days_touched(p.start, p.end)}
    touching: dict[int, list[int]] = {}
    for slot, variables in slots.items():
        for d in _days_touched(slot.start, slot.end):
            touching.setdefault(d, []).extend(variables)
    busy: dict[int, int] = {}  # day -> a bool at least 1 when the day is worked

    def worked(day: int) -> int | bool:
        """The day's worked bool, or whether it is worked when the rota cannot change it."""
        if day not in touching:  # the rota cannot work it (a slot may run past the end)
            return day in worked_before
        if day in worked_before:
            return True
        if day not in busy:
            w = busy[day] = build.lm.new_bool(f"touched[{pid},{day}]")
            for v in touching[day]:
                build.lm.add([(1, v), (-1, w)], hi=0)
        return busy[day]

    for monday in fortnights(f):
        days = range(monday, monday + 14)
        state = {d: worked(d) for d in days}
        free = [d for d, s in state.items() if s is False]
        open_ = [s for s in state.values() if not isinstance(s, bool)]
        pairs = [
            (d, d + 1)
            for d in range(monday, monday + 13)
            if (f.instance.horizon.start + dt.timedelta(days=d)).weekday() in (5, 6)
        ]
        # the history alone leaves it short: not this rota's to mend
        if len(free) + len(open_) < need or (
            need >= 2 and not any(state[a] is not True and state[b] is not True for a, b in pairs)
        ):
            continue
        tag = Tag(NAME, staff=pid, day=monday)
        if len(free) < need:  # days off: free ones plus open ones left unworked
            build.lm.add([(1, w) for w in open_], hi=len(free) + len(open_) - need, tag=tag)
        if need < 2 or any(state[a] is False and state[b] is False for a, b in pairs):
            continue
        chosen = []
        for a, b in pairs:
            if state[a] is True or state[b] is True:
                continue
            r = build.lm.new_bool(f"sunday_rest[{pid},{a}]")
            chosen.append((1, r))
            for s in (state[a], state[b]):
                if not isinstance(s, bool):
                    build.lm.add([(1, r), (1, s)], hi=1)
        build.lm.add(chosen, lo=1, tag=tag)


def _dates_touched(slot_date: dt.date, start: dt.time, minutes: int) -> set[dt.date]:
    """The checker's reading: the calendar dates a shift of `minutes` from `start` meets."""
    begin = dt.datetime.combine(slot_date, start)
    end = begin + dt.timedelta(minutes=minutes)
    out, day = set(), begin.date()
    while dt.datetime.combine(day, dt.time()) < end:
        out.add(day)
        day += dt.timedelta(days=1)
    return out


def _clock(minute: int) -> dt.time:
    return dt.time(minute // 60 % 24, minute % 60)


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    horizon = rota.instance.horizon
    for pid in rota.placed:
        person = rota.person(pid)
        need = f.rules_for(person).min_rest_days_per_fortnight or 0
        if need == 0:
            continue
        before: set[dt.date] = set()
        for past in rota.past(pid):
            if past.counts_as_work:
                past_start = _clock(past.start % DAY)
                before |= _dates_touched(past.date, past_start, past.end - past.start)
        mine: set[dt.date] = set()
        for p in rota.worked(pid):
            shift = p.slot.shift
            mine |= _dates_touched(p.slot.date, _clock(shift.start_minute), shift.duration_minutes)
        monday = horizon.start - dt.timedelta(days=horizon.start.weekday() + 7)
        while monday <= horizon.end:
            window = [monday + dt.timedelta(days=i) for i in range(14)]
            # judged with the rota, then with the history alone (every horizon day off)
            verdicts = [_short(window, before | mine, need), _short(window, before, need)]
            if verdicts[0] and not verdicts[1]:
                yield Finding(
                    NAME,
                    f"{person.name} has {verdicts[0]} in the two weeks from {monday}, "
                    f"{need} days off with two in a row around a Sunday required",
                    staff=pid,
                    date=max(monday, horizon.start),
                )
            monday += dt.timedelta(days=7)


def _short(window: list[dt.date], worked: set[dt.date], need: int) -> str | None:
    """What the window lacks, or None when it holds."""
    off = [d for d in window if d not in worked]
    if len(off) < need:
        return f"{len(off)} day{'s' if len(off) != 1 else ''} off"
    sundays = [d for d in off if d.weekday() == 6]
    if need >= 2 and not any(
        (s - dt.timedelta(days=1) in off) or (s + dt.timedelta(days=1) in off and s != window[-1])
        for s in sundays
    ):
        return "no two days off in a row with a Sunday"
    return None


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    need = facts.rules_for(facts.staff[pid]).min_rest_days_per_fortnight
    monday = date_of_day(facts, known(tag.day))
    return (
        f"{who(facts, pid)} has {need} days off, two in a row with a Sunday, in the two "
        f"weeks from {monday}"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
