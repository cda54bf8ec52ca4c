"""A working day holds the person's usual sessions (`sessions_per_day`, 2: whole days): each
session a day lacks costs, so a half-day alone is the exception coverage has to pay for.
A day offering fewer sessions (a Saturday of mornings only) asks only those; a session is a
consultation or admin shift counting as work, on-call slots are not, and a day holding no
session costs nothing."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from maillage.models.instance import ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "whole_days"


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        per_day: dict[int, list[int]] = defaultdict(list)
        for slot, _, var in build.by_person[person.id]:
            if slot.kind != ShiftKind.oncall and slot.shift.counts_as_work:
                per_day[slot.day].append(var)
        for day, sessions in per_day.items():
            usual = f.usual_sessions(person, day)
            if usual < 2:
                continue  # one session is already the whole of the day
            # held: the day holds a session; short >= usual x held - sessions, so it is the
            # sessions missing (minimised to it), and 0 on a day off
            held = build.lm.new_bool(f"{NAME}_held[{person.id},{day}]")
            for v in sessions:
                build.lm.add([(1, v), (-1, held)], hi=0)
            short = build.lm.new_var(0, usual - 1, f"{NAME}_short[{person.id},{day}]")
            build.lm.add([(1, short), (-usual, held)] + [(1, v) for v in sessions], lo=0)
            build.penalise(NAME, short, 1)


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        held = Counter(
            p.slot.day for p in entries if not p.is_oncall and p.slot.shift.counts_as_work
        )
        for day in sorted(held):
            missing = f.usual_sessions(person, day) - held[day]
            if missing > 0:
                yield Finding(
                    NAME,
                    f"{person.name} works {held[day]} session(s) on {f.dates[day]}, "
                    f"{missing} short of a whole day",
                    amount=missing,
                    staff=pid,
                    date=f.dates[day],
                )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
