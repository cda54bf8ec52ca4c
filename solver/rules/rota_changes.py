"""A re-plan changes the published rota as little as it can: every (person, date, shift)
from `replan.from_date` on whose place differs from the published one (an assignment
added, removed or moved) costs, heavier the sooner and heavier for on-call.

The cost of a change k days after `from_date` is, in units of `weights.rota_changes`:

    unit x (1 + urgency x max(0, urgency_days - k) / urgency_days) x (oncall_factor if on-call)

where unit = 1 + the most one session's coverage can gain in the instance (coverage weight
x the most consultations one session offers x the largest commune weight, at reach 1), so
that coverage alone never buys a change; with `replan.reoptimise` the unit is
`reoptimise_share` of that, and coverage may buy changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.models.instance import CARE_LINES, Replan, ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "rota_changes"


def session_gain_bound(facts: Facts) -> float:
    """The most the coverage term can gain from one session more (or lose from one less)."""
    instance = facts.instance
    if not facts.rule_enabled("coverage") or not instance.communes:
        return 0.0
    consultations = max(
        sum(facts.consultations(p, line) for line in CARE_LINES) for p in instance.staff
    )
    heaviest = max(facts.commune_weight(c) for c in instance.communes)
    return float(instance.weights.coverage) * consultations * heaviest


def change_unit(facts: Facts) -> float:
    """What one change costs before the schedule and reoptimise: more than a session gains."""
    return 1.0 + session_gain_bound(facts)


def change_cost(facts: Facts, replan: Replan, days_after: int, oncall: bool) -> float:
    """What one change costs, before `weights.rota_changes` (the schedule of the docstring)."""
    unit = replan.unit if replan.unit is not None else change_unit(facts)
    if replan.reoptimise:
        unit *= replan.reoptimise_share
    soon = max(0, replan.urgency_days - days_after) / replan.urgency_days
    return unit * (1.0 + replan.urgency * soon) * (replan.oncall_factor if oncall else 1.0)


def encode(build: Build) -> None:
    replan = build.instance.replan
    facts = build.facts
    first = None if replan is None else facts.day_index(replan.from_date)
    if replan is None or first is None:
        return
    published: dict[tuple[str, int, str], str] = {}
    for a in replan.published:
        day = facts.day_index(a.date)
        # a network solved part by part: each part charges the changes of its own people
        if day is not None and day >= first and a.staff in facts.staff:
            published[(a.staff, day, a.shift)] = a.site
    taken: dict[tuple[str, int, str], list[tuple[str, int]]] = defaultdict(list)
    for pid, entries in build.by_person.items():
        for slot, place, var in entries:
            if slot.day >= first:
                taken[(pid, slot.day, slot.shift.id)].append((place, var))
    # with no_overlap a person holds at most one place per slot, so a published slot changes
    # exactly when its published place is not taken: cost x (1 - x_published)
    exclusive = any(r.name == "no_overlap" for r in build.rules)
    constant = 0.0
    for key in published.keys() | taken.keys():
        pid, day, shift = key
        oncall = facts.shifts[shift].kind == ShiftKind.oncall
        cost = change_cost(facts, replan, day - first, oncall)
        site = published.get(key)
        options = taken.get(key, [])
        if exclusive or len(options) <= 1:
            for place, var in options:
                if site is None:
                    build.penalise(NAME, var, cost)
                elif place == site:
                    build.penalise(NAME, var, -cost)
            if site is not None:
                constant += cost
            continue
        changed = build.lm.new_bool(f"changed[{pid},{day},{shift}]")
        kept = [var for place, var in options if place == site]
        if kept:
            build.lm.add([(1, changed), (1, kept[0])], lo=1)
        elif site is not None:
            build.lm.fix(changed, 1)
        for place, var in options:
            if place != site:
                build.lm.add([(1, changed), (-1, var)], lo=0)
        build.penalise(NAME, changed, cost)
    if constant:
        one = build.lm.new_var(1, 1, "rota_changes_published")
        build.penalise(NAME, one, constant)


def changes(rota: RotaView) -> Iterator[tuple[str, dt.date, str, set[str], set[str]]]:
    """(staff, date, shift, published places, places now) wherever the two differ, on the
    re-plan's dates."""
    replan = rota.instance.replan
    if replan is None:
        return
    was: dict[tuple[str, dt.date, str], set[str]] = defaultdict(set)
    now: dict[tuple[str, dt.date, str], set[str]] = defaultdict(set)
    for a in replan.published:
        if a.date >= replan.from_date:
            was[(a.staff, a.date, a.shift)].add(a.site)
    for b in rota.assignments:
        if b.date >= replan.from_date:
            now[(b.staff, b.date, b.shift)].add(b.site)
    for key in sorted(was.keys() | now.keys()):
        if was.get(key, set()) != now.get(key, set()):
            yield (*key, was.get(key, set()), now.get(key, set()))


def check(rota: RotaView) -> Iterator[Finding]:
    replan = rota.instance.replan
    if replan is None:
        return
    for staff, date, shift, was, now in changes(rota):
        known = rota.facts.shifts.get(shift)
        oncall = known is not None and known.kind == ShiftKind.oncall
        days_after = (date - replan.from_date).days
        name = rota.facts.staff[staff].name if staff in rota.facts.staff else staff
        what = "added" if not was else "removed" if not now else "moved"
        yield Finding(
            NAME,
            f"{name}, {shift} on {date}: {what} (published {_at(was)}, now {_at(now)})",
            amount=change_cost(rota.facts, replan, days_after, oncall),
            staff=staff,
            date=date,
        )


def _at(places: set[str]) -> str:
    return f"at {', '.join(sorted(places))}" if places else "off"


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
