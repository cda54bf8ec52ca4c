"""A person is in one place at a time: no two of their shifts overlap in time."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Slot
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag
from maillage.solver.rules.base import Rule

NAME = "no_overlap"


def encode(build: Build) -> None:
    groups = _sweep(build.facts.slots)
    for pid, slots in build.busy.items():
        for start, starting, running in groups:
            # a person's set at a start where none of hers begins is within her previous one
            if any(s in slots for s in starting):
                active = [v for s in running for v in slots.get(s, ())]
                build.lm.at_most(active, 1, tag=Tag(NAME, staff=pid, minute=start))


def _sweep(slots: list[Slot]) -> list[tuple[int, list[Slot], list[Slot]]]:
    """Each start time of the slots, with the slots starting then and those running then
    (started and not yet ended): swept once for everyone, not once per person."""
    out: list[tuple[int, list[Slot], list[Slot]]] = []
    running: list[Slot] = []
    ordered = sorted(slots, key=lambda s: s.start)
    for i, slot in enumerate(ordered):
        running = [s for s in running if s.end > slot.start] + [slot]
        if i + 1 < len(ordered) and ordered[i + 1].start == slot.start:
            continue  # same start: one set with all of them
        starting = [s for s in running if s.start == slot.start]
        out.append((slot.start, starting, running))
    return out


def check(rota: RotaView) -> Iterator[Finding]:
    for pid, entries in rota.placed.items():
        for i, a in enumerate(entries):
            for b in entries[i + 1 :]:
                if b.slot.start >= a.slot.end:
                    break
                yield Finding(
                    NAME,
                    f"{rota.name(pid)} has {a.slot.shift.id} at {a.place} and "
                    f"{b.slot.shift.id} at {b.place} at the same time on {a.slot.date}",
                    staff=pid,
                    date=a.slot.date,
                    site=b.place,
                )


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check)
