"""A shift's `forbidden_next` shifts are not taken by the same person on the next day (e.g. no
early shift after a late one). Only directly consecutive days are linked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import Shift
from maillage.solver.build import Build
from maillage.solver.review import Finding, Review
from maillage.solver.rules.base import Rule, date_of_day, who

NAME = "forbidden_successions"


def overlapping_groups(shifts: list[Shift]) -> list[list[str]]:
    """Split shifts into groups whose members all overlap in time on a day, so that a person
    takes at most one of a group (no_overlap) and one constraint can cover the whole group."""
    groups: list[list[Shift]] = []
    for shift in sorted(shifts, key=lambda s: (s.start_minute, s.id)):
        for group in groups:
            if all(_overlap(shift, other) for other in group):
                group.append(shift)
                break
        else:
            groups.append([shift])
    return [[s.id for s in group] for group in groups]


def _overlap(a: Shift, b: Shift) -> bool:
    a0, b0 = a.start_minute, b.start_minute
    return a0 < b0 + b.duration_minutes and b0 < a0 + a.duration_minutes


def encode(build: Build) -> None:
    facts = build.facts
    rules = [s for s in build.instance.shifts if s.forbidden_next]
    groups = {s.id: overlapping_groups([facts.shifts[t] for t in s.forbidden_next]) for s in rules}
    for pid, entries in build.busy.items():
        by_day: dict[tuple[int, str], list[int]] = defaultdict(list)
        for slot, variables in entries.items():
            by_day[(slot.day, slot.shift.id)].extend(variables)
        for (day, shift), first in list(by_day.items()):
            for group in groups.get(shift, []):
                then = [v for t in group for v in by_day.get((day + 1, t), [])]
                if then:
                    build.lm.add(
                        [(1, v) for v in first + then], hi=1, tag=f"{NAME}:{pid}:{day}:{shift}"
                    )


def check(review: Review) -> Iterator[Finding]:
    for pid, entries in review.placed.items():
        taken = {(p.slot.day, p.slot.shift.id) for p in entries}
        for day, shift in sorted(taken):
            forbidden = review.facts.shifts[shift].forbidden_next
            for nxt in forbidden:
                if (day + 1, nxt) in taken:
                    yield Finding(
                        NAME,
                        f"{review.name(pid)} takes {nxt} on {review.facts.dates[day + 1]} "
                        f"right after {shift}",
                        staff=pid,
                        date=review.facts.dates[day + 1],
                    )


def explain(parts: list[str], facts: Facts) -> str:
    shift = facts.shifts[parts[2]]
    return (
        f"{who(facts, parts[0])} cannot take {', '.join(shift.forbidden_next)} the day after "
        f"{shift.id} on {date_of_day(facts, parts[1])}"
    )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
