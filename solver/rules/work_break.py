"""No run of work without a break reaches `break_after_hours` (6 h; L3121-16: 20 consecutive
minutes once daily work reaches 6 h). A run is a person's worked shifts joined when the gap
between one's end and the next's start is shorter than `min_break_minutes`; a shift whose
duration minus its work minutes is at least `min_break_minutes` holds its own break and
ends a run (08:00-18:00 with work_hours 9 holds a 1 h break). A shift whose work alone
reaches the limit without a break can never be assigned. Overlapping shifts do not join
(they are `no_overlap`'s)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from maillage.models.facts import Facts, Slot
from maillage.models.instance import Shift
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, clock, date_of_minute, who

NAME = "work_break"


def limits(facts: Facts, pid: str) -> tuple[int, int] | None:
    """(work minutes that call for a break, the break's minutes), or None when off."""
    params = facts.rules_for(facts.staff[pid])
    if params.break_after_hours is None or not params.min_break_minutes:
        return None
    return round(params.break_after_hours * 60), params.min_break_minutes


def holds_break(shift: Shift, pause: int) -> bool:
    return shift.duration_minutes - shift.work_minutes >= pause


def encode(build: Build) -> None:
    for person in build.instance.staff:
        found = limits(build.facts, person.id)
        if found is None:
            continue
        after, pause = found
        slots = build.worked_slots(person.id)
        plain = sorted(
            (s for s in slots if not holds_break(s.shift, pause)), key=lambda s: (s.start, s.end)
        )
        # Every minimal chain of plain shifts, each starting within `pause` after the previous
        # one's end, whose work reaches the limit: not all of it may be taken.
        chains: list[tuple[list[Slot], int]] = [([s], s.work) for s in plain]
        while chains:
            grown: list[tuple[list[Slot], int]] = []
            for chain, work in chains:
                if work >= after:
                    first = chain[0]
                    build.lm.add(
                        [(1, v) for s in chain for v in slots[s]],
                        hi=len(chain) - 1,
                        tag=Tag(NAME, staff=person.id, minute=first.start, shift=first.shift.id),
                    )
                    continue
                last = chain[-1]
                for s in plain:
                    if 0 <= s.start - last.end < pause:
                        grown.append(([*chain, s], work + s.work))
            chains = grown


def check(rota: RotaView) -> Iterator[Finding]:
    for pid in rota.placed:
        found = limits(rota.facts, pid)
        if found is None:
            continue
        after, pause = found
        run: list[tuple[dt.datetime, dt.datetime, int, str]] = []
        for p in rota.worked(pid):
            shift = p.slot.shift
            start = dt.datetime.combine(p.slot.date, dt.time()) + dt.timedelta(
                minutes=shift.start_minute
            )
            end = start + dt.timedelta(minutes=shift.duration_minutes)
            with_break = dt.timedelta(minutes=shift.duration_minutes - shift.work_minutes)
            if with_break >= dt.timedelta(minutes=pause):
                yield from _judge(rota, pid, run, after, pause)
                run = []
                continue
            gap = start - run[-1][1] if run else dt.timedelta(0)
            if run and not dt.timedelta(0) <= gap < dt.timedelta(minutes=pause):
                yield from _judge(rota, pid, run, after, pause)
                run = []
            run.append((start, end, shift.work_minutes, shift.id))
        yield from _judge(rota, pid, run, after, pause)


def _judge(
    rota: RotaView,
    pid: str,
    run: list[tuple[dt.datetime, dt.datetime, int, str]],
    after: int,
    pause: int,
) -> Iterator[Finding]:
    work = sum(minutes for _, _, minutes, _ in run)
    if run and work >= after:
        begin, end = run[0][0], max(e for _, e, _, _ in run)
        yield Finding(
            NAME,
            f"{rota.name(pid)} works {rota.hours(work)} from {begin:%Y-%m-%d %H:%M} to "
            f"{end:%H:%M} ({', '.join(s for *_, s in run)}) with no break of {pause} min, "
            f"one being due from {rota.hours(after)}",
            staff=pid,
            date=begin.date(),
        )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    found = limits(facts, pid)
    after, pause = found if found is not None else (0, 0)
    minute = known(tag.minute)
    return (
        f"{who(facts, pid)} takes a {pause}-min break within {after / 60:g} h of work from "
        f"the shift {known(tag.shift)} starting {date_of_minute(facts, minute)} {clock(minute)}"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
