"""The decision variables of a rota and the shared expressions rules are written against.

x[staff, day, shift, place] = 1 when the person takes that shift at that place (a site, or
an on-call sector). Which combinations exist is decided here, from site openings and sector
slots, and by the `allows` of the active rules (availability, allowed sites...).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from maillage.models.facts import Facts, Slot
from maillage.models.instance import CareLine, Instance, ShiftKind, Staff
from maillage.solver.model.linear import OBJ_SCALE, LinearModel
from maillage.solver.rules.base import Rule

Key = tuple[str, int, str, str]  # staff id, day, shift id, place id


@dataclass(frozen=True, slots=True)
class Flow:
    """Consultations of a site in a week allocated to a commune, for one care line."""

    site: str
    insee: str
    week: int
    line: CareLine
    reach_milli: int
    var: int


class Build:
    def __init__(
        self, instance: Instance, rules: Sequence[Rule], facts: Facts | None = None
    ) -> None:
        self.instance = instance
        self.facts = facts or Facts(instance)
        self.rules = [r for r in rules if self.facts.rule_enabled(r.name)]
        self.lm = LinearModel()
        self.x: dict[Key, int] = {}
        self.by_person: dict[str, list[tuple[Slot, str, int]]] = defaultdict(list)
        self.by_session: dict[tuple[int, str, str], list[tuple[Staff, int]]] = defaultdict(list)
        self.flows: list[Flow] = []
        # Indices of the constraints that only cap flows (each commune's need): what links
        # centres that share no staff and no hard rule (`maillage.solver.search.network`).
        # Their terms are flows with positive coefficients, which appear in no other
        # constraint but their site's capacity: at zero, every other constraint still holds.
        self.caps: list[int] = []
        self._make_variables()

    # -- variables ----------------------------------------------------------------------------
    def _places(self, slot: Slot) -> list[str]:
        if slot.kind == ShiftKind.oncall:
            return [k.id for k in self.instance.sectors if slot.shift.id in k.slots]
        return [s.id for s in self.instance.sites if self.facts.site_open(s, slot)]

    def _make_variables(self) -> None:
        gates = [r.allows for r in self.rules if r.allows is not None]
        slots = [
            (slot, places, f"{slot.date},{slot.shift.id}")
            for slot in self.facts.slots
            if (places := self._places(slot))
        ]
        for person in self.instance.staff:
            mine = self.by_person[person.id]
            for slot, places, label in slots:
                for place in places:
                    # a loop, not all() over a generator: it runs for every person, slot and
                    # place, millions of times on a year-long ward
                    for gate in gates:
                        if not gate(self, person, slot, place):
                            break
                    else:
                        var = self.lm.new_bool(f"x[{person.id},{label},{place}]", decision=True)
                        self.x[(person.id, slot.day, slot.shift.id, place)] = var
                        mine.append((slot, place, var))
                        self.by_session[(slot.day, slot.shift.id, place)].append((person, var))

    # -- shared expressions -------------------------------------------------------------------
    @cached_property
    def busy(self) -> dict[str, dict[Slot, list[int]]]:
        """person -> slot -> variables placing the person on that slot (at any place)."""
        out: dict[str, dict[Slot, list[int]]] = {}
        for pid, entries in self.by_person.items():
            mine: dict[Slot, list[int]] = {}
            for slot, _, var in entries:
                if slot in mine:
                    mine[slot].append(var)
                else:
                    mine[slot] = [var]
            out[pid] = mine
        return out

    def worked_slots(self, pid: str) -> dict[Slot, list[int]]:
        """Slots that count as work for the person."""
        return {s: v for s, v in self.busy.get(pid, {}).items() if s.shift.counts_as_work}

    def hour_terms(self, pid: str, days: set[int] | None = None) -> list[tuple[int, int]]:
        """(minutes, variable) of every slot counting toward the person's hours: worked slots
        and stand-by slots with an intervention allowance, which counts as work time but
        leaves the slot rest (L3121-10), so it is not in `worked_slots`."""
        return [
            (s.work, v)
            for s, vs in self.busy.get(pid, {}).items()
            if s.work > 0 and (days is None or s.day in days)
            for v in vs
        ]

    @cached_property
    def _worked_day(self) -> dict[tuple[str, int], int]:
        """worked[p, d] = 1 iff the person works (a shift counting as work starts on day d)."""
        out: dict[tuple[str, int], int] = {}
        exclusive = any(r.name == "no_overlap" for r in self.rules)
        for person in self.instance.staff:
            per_day: dict[int, list[int]] = defaultdict(list)
            spans: dict[int, list[Slot]] = defaultdict(list)
            for slot, variables in self.worked_slots(person.id).items():
                per_day[slot.day].extend(variables)
                spans[slot.day].append(slot)
            for day, variables in per_day.items():
                w = self.lm.new_bool(f"worked[{person.id},{day}]")
                if exclusive and _all_overlap(spans[day]):
                    # at most one of them is taken (no_overlap): worked is their sum
                    self.lm.add([(1, w)] + [(-1, v) for v in variables], lo=0, hi=0)
                else:
                    for v in variables:
                        self.lm.add([(1, v), (-1, w)], hi=0)
                    self.lm.add([(1, w)] + [(-1, v) for v in variables], hi=0)
                out[(person.id, day)] = w
        return out

    def worked_day(self, pid: str, day: int) -> int | None:
        """The worked-day variable, or None when the person cannot work that day."""
        return self._worked_day.get((pid, day))

    def worked_day_variables(self) -> dict[tuple[str, int], int]:
        """The worked-day variables made so far (none unless a rule asked for one); asking
        here makes none, so a built model is left as it is."""
        made: dict[tuple[str, int], int] = self.__dict__.get("_worked_day", {})
        return made

    def weight(self, name: str) -> float:
        return float(getattr(self.instance.weights, name))

    def penalise(self, term: str, var: int, per_unit: float, units_per_var: int = 1) -> None:
        """Add weight(term) * per_unit * var / units_per_var to the minimised objective."""
        coef = round(self.weight(term) * per_unit * OBJ_SCALE / units_per_var)
        self.lm.minimise(term, coef, var)


def _all_overlap(slots: Sequence[Slot]) -> bool:
    """Whether the slots share a common instant (intervals pairwise overlapping do)."""
    return max(s.start for s in slots) < min(s.end for s in slots)
