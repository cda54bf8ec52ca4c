"""A person is in one place at a time: no two of their shifts overlap in time."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Slot
from maillage.solver.build import Build
from maillage.solver.review import Finding, Review
from maillage.solver.rules.base import Rule

NAME = "no_overlap"


def encode(build: Build) -> None:
    for pid, slots in build.busy.items():
        running: list[Slot] = []  # slots started and not yet ended, swept in start order
        ordered = sorted(slots, key=lambda s: s.start)
        for i, slot in enumerate(ordered):
            running = [s for s in running if s.end > slot.start] + [slot]
            if i + 1 < len(ordered) and ordered[i + 1].start == slot.start:
                continue  # same start: constrain once with all of them
            active = [v for s in running for v in slots[s]]
            build.lm.at_most(active, 1, tag=f"{NAME}:{pid}:{slot.start}")


def check(review: Review) -> Iterator[Finding]:
    for pid, entries in review.placed.items():
        for i, a in enumerate(entries):
            for b in entries[i + 1 :]:
                if b.slot.start >= a.slot.end:
                    break
                yield Finding(
                    NAME,
                    f"{review.name(pid)} has {a.slot.shift.id} at {a.place} and "
                    f"{b.slot.shift.id} at {b.place} at the same time on {a.slot.date}",
                    staff=pid,
                    date=a.slot.date,
                    site=b.place,
                )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check)
