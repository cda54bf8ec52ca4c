"""The checker's view of a rota: assignments grouped by person, with their times.

Built from the solution's assignment list and the instance alone; nothing here reads the
solver's model.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from maillage.models.facts import Facts, PastShift, Slot
from maillage.models.instance import Instance, ShiftKind, Staff
from maillage.models.solution import Assignment


@dataclass(frozen=True)
class Finding:
    """One broken rule instance; `amount` is in the rule's unit (penalty = weight x amount)."""

    rule: str
    message: str
    amount: float = 1.0
    staff: str | None = None
    date: dt.date | None = None
    site: str | None = None


@dataclass(frozen=True)
class Placed:
    slot: Slot
    place: str

    @property
    def is_oncall(self) -> bool:
        return self.slot.kind == ShiftKind.oncall


class RotaView:
    def __init__(
        self, instance: Instance, assignments: list[Assignment], facts: Facts | None = None
    ):
        self.instance = instance
        self.facts = facts or Facts(instance)
        self.assignments = assignments
        self.unplaceable: list[tuple[Assignment, str]] = []
        self.placed: dict[str, list[Placed]] = defaultdict(list)
        for a in assignments:
            problem = self._problem(a)
            if problem:
                self.unplaceable.append((a, problem))
                continue
            day = self.facts.day_index(a.date)
            assert day is not None
            self.placed[a.staff].append(Placed(self.facts.slot_by_key[(day, a.shift)], a.site))
        for entries in self.placed.values():
            entries.sort(key=lambda p: (p.slot.start, p.slot.end, p.place))

    def _problem(self, a: Assignment) -> str | None:
        f = self.facts
        if a.staff not in f.staff:
            return f"unknown staff {a.staff!r}"
        if a.shift not in f.shifts:
            return f"unknown shift {a.shift!r}"
        day = f.day_index(a.date)
        if day is None:
            return f"{a.date} is outside the horizon"
        if (day, a.shift) not in f.slot_by_key:
            return f"shift {a.shift!r} does not exist on {a.date} ({f.weekday(day)})"
        slot = f.slot_by_key[(day, a.shift)]
        if slot.kind == ShiftKind.oncall:
            sector = f.sectors.get(a.site)
            if sector is None or a.shift not in sector.slots:
                return f"on-call shift {a.shift!r} is not a slot of sector {a.site!r}"
        else:
            site = f.sites.get(a.site)
            if site is None:
                return f"unknown site {a.site!r}"
            if not f.site_open(site, slot):
                return f"site {a.site!r} is not open for {a.shift!r} on {a.date}"
        return None

    # -- helpers rules use --------------------------------------------------------------------
    def person(self, pid: str) -> Staff:
        return self.facts.staff[pid]

    def name(self, pid: str) -> str:
        return self.facts.staff[pid].name

    def worked(self, pid: str) -> list[Placed]:
        """The person's assignments that count as work, in time order."""
        return [p for p in self.placed.get(pid, []) if p.slot.shift.counts_as_work]

    def worked_days(self, pid: str) -> set[int]:
        return {p.slot.day for p in self.worked(pid)}

    def minutes(self, pid: str, days: set[int] | None = None) -> int:
        """Hours worked, in minutes: a stand-by slot's intervention allowance counts (work
        time, L3121-9) though the slot stays rest for `worked` and `worked_days`."""
        return sum(
            p.slot.shift.work_minutes
            for p in self.placed.get(pid, [])
            if days is None or p.slot.day in days
        )

    def past(self, pid: str) -> list[PastShift]:
        """The person's assignments of the history (before the horizon), in time order."""
        return self.facts.past.get(pid, [])

    def past_worked_days(self, pid: str) -> set[int]:
        """The days of the history the person worked (negative: before the horizon)."""
        return {p.day for p in self.past(pid) if p.counts_as_work}

    @property
    def history_days(self) -> int:
        """Days before the horizon the history covers (0 without one)."""
        return self.facts.history_days

    @cached_property
    def sessions(self) -> dict[tuple[int, str, str], list[str]]:
        """(day, shift, place) -> staff ids there."""
        out: dict[tuple[int, str, str], list[str]] = defaultdict(list)
        for pid, entries in self.placed.items():
            for p in entries:
                out[(p.slot.day, p.slot.shift.id, p.place)].append(pid)
        return out

    def weight(self, name: str) -> float:
        return float(getattr(self.instance.weights, name))

    def hours(self, minutes: float) -> str:
        return f"{minutes / 60:g} h"
