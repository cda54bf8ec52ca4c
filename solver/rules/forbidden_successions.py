"""A shift's `forbidden_next` shifts are not taken by the same person on the next day (e.g. no
early shift after a late one). Only directly consecutive days are linked; a shift of the
history on the horizon's eve forbids, by its id, what the instance's shift of that id does."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import Shift
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, date_of_day, who

NAME = "forbidden_successions"


def overlapping_groups(shifts: list[Shift]) -> list[list[Shift]]:
    """Split shifts into groups whose members all overlap in time on a day, so that a person
    takes at most one of a group (no_overlap) and one constraint can cover several."""
    groups: list[list[Shift]] = []
    for shift in sorted(shifts, key=lambda s: (s.start_minute, s.id)):
        for group in groups:
            if all(_overlap(shift, other) for other in group):
                group.append(shift)
                break
        else:
            groups.append([shift])
    return groups


def _overlap(a: Shift, b: Shift) -> bool:
    a0, b0 = a.start_minute, b.start_minute
    return a0 < b0 + b.duration_minutes and b0 < a0 + a.duration_minutes


def patterns(shifts: list[Shift]) -> list[tuple[list[str], list[str]]]:
    """(firsts, nexts) pairs: no person takes one of `firsts` then one of `nexts` the next day.

    Within a group of mutually overlapping first shifts and one of mutually overlapping next
    shifts, each distinct forbidden set F yields one constraint over every first shift whose
    forbidden set contains F: fewer and tighter constraints than one per pair (the forbidden
    sets of real rotations are nested, late shifts forbidding more)."""
    out = []
    groups = overlapping_groups(shifts)
    for firsts in groups:
        for nexts in groups:
            ids = {t.id for t in nexts}
            sets = {s.id: frozenset(s.forbidden_next) & ids for s in firsts}
            for forbidden in sorted(set(sets.values()) - {frozenset()}, key=sorted):
                covering = sorted(s for s, f in sets.items() if forbidden <= f)
                out.append((covering, sorted(forbidden)))
    return out


def encode(build: Build) -> None:
    rules = patterns(build.instance.shifts)
    # the patterns each shift starts or ends, so that one pass over a person's variables
    # fills them all: a pass per pattern and day would look up every shift each time, which
    # grows as shifts x patterns x days x people on large instances
    as_first: dict[str, list[int]] = defaultdict(list)
    as_next: dict[str, list[int]] = defaultdict(list)
    for k, (firsts, nexts) in enumerate(rules):
        for s in firsts:
            as_first[s].append(k)
        for t in nexts:
            as_next[t].append(k)
    for pid, entries in build.busy.items():
        first: list[dict[int, list[int]]] = [defaultdict(list) for _ in rules]
        then: list[dict[int, list[int]]] = [defaultdict(list) for _ in rules]
        for slot, variables in entries.items():
            for k in as_first.get(slot.shift.id, ()):
                first[k][slot.day].extend(variables)
            for k in as_next.get(slot.shift.id, ()):
                then[k][slot.day].extend(variables)
        for k, (firsts, nexts) in enumerate(rules):
            for day in sorted(first[k]):
                if day + 1 in then[k]:
                    build.lm.add(
                        [(1, v) for v in first[k][day] + then[k][day + 1]],
                        hi=1,
                        tag=Tag(NAME, staff=pid, day=day, shift=firsts[0], next_shift=nexts[0]),
                    )
    _after_the_history(build)


def _after_the_history(build: Build) -> None:
    """The shifts of the history's last day are fixed: what they forbid on day 0 is closed."""
    for pid, past in build.facts.past.items():
        mine = build.busy.get(pid, {})
        for p in past:
            shift = build.facts.shifts.get(p.shift)
            if p.day != -1 or shift is None:
                continue
            for slot, variables in mine.items():
                if slot.day == 0 and slot.shift.id in shift.forbidden_next:
                    build.lm.add(
                        [(1, v) for v in variables],
                        hi=0,
                        tag=Tag(NAME, staff=pid, day=-1, shift=p.shift, next_shift=slot.shift.id),
                    )


def check(rota: RotaView) -> Iterator[Finding]:
    for pid, entries in rota.placed.items():
        taken = {(p.slot.day, p.slot.shift.id) for p in entries}
        for past in rota.past(pid):
            known_shift = rota.facts.shifts.get(past.shift)
            if past.date + dt.timedelta(days=1) != rota.instance.horizon.start or not known_shift:
                continue
            for nxt in known_shift.forbidden_next:
                if (0, nxt) in taken:
                    yield Finding(
                        NAME,
                        f"{rota.name(pid)} takes {nxt} on {rota.facts.dates[0]} right after "
                        f"{past.shift} (before the horizon)",
                        staff=pid,
                        date=rota.facts.dates[0],
                    )
        for day, shift in sorted(taken):
            forbidden = rota.facts.shifts[shift].forbidden_next
            for nxt in forbidden:
                if (day + 1, nxt) in taken:
                    yield Finding(
                        NAME,
                        f"{rota.name(pid)} takes {nxt} on {rota.facts.dates[day + 1]} "
                        f"right after {shift}",
                        staff=pid,
                        date=rota.facts.dates[day + 1],
                    )


def explain(tag: Tag, facts: Facts) -> str:
    return (
        f"{who(facts, known(tag.staff))} cannot take {known(tag.next_shift)} (or a shift like "
        f"it) the day after {known(tag.shift)} (or a shift like it) on "
        f"{date_of_day(facts, known(tag.day))}"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
