"""Checks run on the built model before any search: cheap proofs that the hard rules cannot
all hold (reported as conflicts, so the search is skipped) and warnings about soft goals that
cannot be met (an on-call sector nobody may hold)."""

from __future__ import annotations

from collections import defaultdict

from maillage.models.facts import DAY, Facts, Slot
from maillage.models.instance import Staff
from maillage.models.solution import Conflict, ConflictItem
from maillage.solver.model.build import Build
from maillage.solver.rules.max_daily_hours import limits


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h" if m == 0 else f"{h} h {m:02d}"


def absences(facts: Facts, person: Staff) -> list[ConflictItem]:
    """Why a person cannot work some days of the horizon: leave and contract dates, in words."""
    first, last = facts.dates[0], facts.dates[-1]
    out = []
    for period in person.unavailable:
        if period.to < first or period.from_ > last:
            continue
        reason = f" ({period.reason})" if period.reason else ""
        out.append(
            ConflictItem(
                rule="availability",
                staff=person.id,
                date=max(period.from_, first),
                message=f"{person.name} is unavailable from {period.from_} to {period.to}{reason}",
            )
        )
    if person.start_date is not None and person.start_date > first:
        out.append(
            ConflictItem(
                rule="availability",
                staff=person.id,
                message=f"{person.name}'s contract starts on {person.start_date}",
            )
        )
    if person.end_date is not None and person.end_date < last:
        out.append(
            ConflictItem(
                rule="availability",
                staff=person.id,
                message=f"{person.name}'s contract ends on {person.end_date}",
            )
        )
    return out


def _best_day(slots: list[Slot], cap: int) -> int:
    """Most work minutes from non-overlapping slots of one day (weighted interval scheduling),
    capped at `cap`."""
    ordered = sorted(slots, key=lambda s: s.end)
    best = [0] * (len(ordered) + 1)
    for i, slot in enumerate(ordered):
        j = i
        while j > 0 and ordered[j - 1].end > slot.start:
            j -= 1
        best[i + 1] = max(best[i], best[j] + slot.work)
    return min(best[-1], cap)


def max_minutes(build: Build, person: Staff) -> int:
    """An upper bound on the minutes the person can work over the horizon."""
    f = build.facts
    per_day: dict[int, list[Slot]] = defaultdict(list)
    standby: dict[int, list[Slot]] = defaultdict(list)
    for slot in build.busy.get(person.id, {}):
        if slot.shift.counts_as_work:
            per_day[slot.day].append(slot)
        elif slot.work > 0:  # an intervention allowance: hours, outside the daily cap
            standby[slot.day].append(slot)
    # the larger of the day and night caps: a bound, whichever kind each day turns out
    cap = max(limits(f.rules_for(person))) if f.rule_enabled("max_daily_hours") else DAY
    worked = sum(_best_day(slots, cap) for slots in per_day.values())
    return worked + sum(_best_day(slots, DAY) for slots in standby.values())


def _hours_band(build: Build) -> list[Conflict]:
    f = build.facts
    if not f.rule_enabled("contract_hours_band"):
        return []
    out = []
    for person in build.instance.staff:
        lo, _ = f.hour_bounds(person)
        most = max_minutes(build, person)
        if most >= lo:
            continue
        band = ConflictItem(
            rule="contract_hours_band",
            staff=person.id,
            message=f"{person.name} must work at least {_hours(lo)} in the horizon but can work "
            f"at most {_hours(most)} in the sessions open to them",
        )
        items = [band, *absences(f, person)]
        out.append(
            Conflict(
                rules=sorted({i.rule for i in items}),
                message="; ".join(i.message for i in items),
                items=items,
            )
        )
    return out


def _fixed(build: Build) -> list[Conflict]:
    f = build.facts
    if not f.rule_enabled("fixed_assignments"):
        return []
    out = []
    for person in build.instance.staff:
        for fixed in person.fixed:
            day = f.day_index(fixed.date)
            if day is not None and (person.id, day, fixed.shift, fixed.site) in build.x:
                continue
            cause, why = "valid_assignment", "that combination does not exist"
            slot = None if day is None else f.slot_by_key.get((day, fixed.shift))
            if day is None:
                why = "the date is outside the horizon"
            elif slot is None:
                why = f"there is no {fixed.shift} shift that day"
            elif not f.available(person, day):
                cause, why = "availability", "they are not available that day"
                reason = f.on_leave(person, day)
                if reason:
                    why = f"they are unavailable that day ({reason})"
            elif fixed.site in f.sites and not f.site_open(f.sites[fixed.site], slot):
                why = f"{fixed.site} is not open for {fixed.shift} that day"
            elif fixed.site in f.sites and fixed.site not in person.sites:
                cause, why = "allowed_sites", f"{fixed.site} is not among their sites"
            items = [
                ConflictItem(
                    rule="fixed_assignments",
                    staff=person.id,
                    date=fixed.date,
                    site=fixed.site,
                    message=f"{person.name} is locked on {fixed.shift} at {fixed.site} on "
                    f"{fixed.date}",
                ),
                ConflictItem(
                    rule=cause,
                    staff=person.id,
                    date=fixed.date,
                    site=fixed.site,
                    message=f"but {why}",
                ),
            ]
            out.append(
                Conflict(
                    rules=sorted({i.rule for i in items}),
                    message=f"{items[0].message}, {items[1].message}",
                    items=items,
                )
            )
    return out


def _sectors(build: Build) -> list[Conflict]:
    if not build.facts.rule_enabled("oncall_coverage"):
        return []
    out = []
    shifts = {slot.shift.id for slot in build.facts.slots}
    for sector in build.instance.sectors:
        if not shifts & set(sector.slots) or any(key[3] == sector.id for key in build.x):
            continue
        message = f"nobody can hold the on-call slots of sector {sector.id}: no eligible doctor"
        out.append(
            Conflict(
                kind="precheck",
                rules=["oncall_coverage"],
                message=message,
                items=[ConflictItem(rule="oncall_coverage", site=sector.id, message=message)],
            )
        )
    return out


def run(build: Build) -> list[Conflict]:
    """Every finding; those of kind `conflict` prove the hard rules cannot all hold."""
    return _fixed(build) + _hours_band(build) + _sectors(build)


def proves_infeasible(conflicts: list[Conflict]) -> bool:
    return any(c.kind == "conflict" for c in conflicts)
