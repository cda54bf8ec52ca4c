"""Why the hard rules cannot all hold, in words; and `--relax`, which lets them break at a price.

Every hard constraint of the model carries a tag such as `daily_rest:d1:1920:2520`; the
constraints sharing a tag are one *rule instance*. Each instance gets a 0-1 literal that
enforces it (`Constraint.enforce`). To explain an infeasible model the literals are solved as
assumptions: CP-SAT returns a set of them that cannot all be true, which a deletion filter
shrinks to a small one. To relax the model, each literal's falsity is penalised instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time

from ortools.sat.python import cp_model

from maillage.models.facts import Facts
from maillage.models.solution import Conflict, ConflictItem
from maillage.solver.backends import cpsat
from maillage.solver.conflicts.prechecks import absences
from maillage.solver.model.build import Build
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.rules import RULES_BY_NAME
from maillage.solver.rules.base import date_of_day, date_of_minute

RELAX_WEIGHT = 1_000_000  # per broken rule instance, in objective units (weighted consultations)
RELAX_TERM = "relaxed"

# Where a tag names a date: (index of the part, unit); parts are those after the rule name.
_WHEN: dict[str, tuple[int, str]] = {
    "daily_rest": (2, "minute"),
    "no_overlap": (1, "minute"),
    "rooms": (1, "minute"),
    "max_daily_hours": (1, "day"),
    "max_consecutive_days": (1, "day"),
    "site_changes": (1, "day"),
    "max_staffing": (1, "day"),
    "secretary_presence": (1, "day"),
    "oncall_one_doctor": (1, "day"),
    "coordinated_practice": (1, "day"),
    "max_weekly_hours": (1, "week"),
    "max_days_per_week": (1, "week"),
    "weekly_rest": (1, "week"),
    "fixed_assignments": (1, "iso"),
}


def enforce_groups(build: Build) -> dict[str, int]:
    """Give every hard rule instance of the model an enforcing 0-1 literal; returns tag ->
    literal. Locked assignments, which the model fixes by bounds, become tagged constraints."""
    lm = build.lm
    for person in build.instance.staff:
        if not build.facts.rule_enabled("fixed_assignments"):
            break
        for fixed in person.fixed:
            day = build.facts.day_index(fixed.date)
            var = None if day is None else build.x.get((person.id, day, fixed.shift, fixed.site))
            if var is not None:
                lm.lower[var] = 0
                lm.add([(1, var)], lo=1, tag=f"fixed_assignments:{person.id}:{fixed.date}")
    groups: dict[str, int] = {}
    for con in lm.constraints:
        rule = RULES_BY_NAME.get(con.tag.split(":", 1)[0]) if con.tag else None
        if rule is None or not rule.hard:
            continue
        if con.tag not in groups:
            groups[con.tag] = lm.new_bool(f"holds[{con.tag}]")
        con.enforce = groups[con.tag]
    return groups


def relax(build: Build) -> dict[str, int]:
    """Turn the hard rule instances into soft ones costing RELAX_WEIGHT each when broken."""
    groups = enforce_groups(build)
    lm = build.lm
    for tag, lit in groups.items():
        broken = lm.new_bool(f"broken[{tag}]")
        lm.add([(1, lit), (1, broken)], lo=1, hi=1)
        lm.minimise(RELAX_TERM, RELAX_WEIGHT * OBJ_SCALE, broken)
        lm.hints[lit] = 1
    return groups


def describe(tag: str, facts: Facts) -> ConflictItem:
    """One rule instance in words, with the person, date and site it is about."""
    name, *parts = tag.split(":")
    rule = RULES_BY_NAME.get(name)
    staff = next((p for p in parts if p in facts.staff), None)
    site = next((p for p in parts if p in facts.sites or p in facts.sectors), None)
    date = None
    with contextlib.suppress(LookupError, ValueError):
        if name in _WHEN:
            index, unit = _WHEN[name]
            if unit == "minute":
                date = date_of_minute(facts, parts[index])
            elif unit == "day":
                date = date_of_day(facts, parts[index])
            elif unit == "week":
                date = facts.dates[facts.weeks[int(parts[index])][0]]
            else:
                date = dt.date.fromisoformat(parts[index])
    message = ""
    if rule is not None and rule.explain is not None:
        with contextlib.suppress(LookupError, ValueError, TypeError):
            message = rule.explain(parts, facts)
    if not message:
        where = [x for x in (staff and facts.staff[staff].name, site, date and str(date)) if x]
        message = f"rule {name}" + (f" for {' on '.join(where)}" if where else "")
    return ConflictItem(rule=name, staff=staff, date=date, site=site, message=message)


def _infeasible(
    model: cp_model.CpModel, literals: list[int], seconds: float
) -> tuple[bool, list[int]]:
    """Whether the model is proven infeasible with these literals assumed true, and a subset
    of them that suffices (CP-SAT's own core)."""
    model.clear_assumptions()
    model.proto.assumptions.extend(literals)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = 1
    code, _ = cpsat.run(solver, model)
    if code != cp_model.INFEASIBLE:
        return False, literals
    core = set(solver.sufficient_assumptions_for_infeasibility())
    return True, [lit for lit in literals if lit in core] or literals


def minimal_core(build: Build, seconds: float) -> list[str] | None:
    """Tags of a small set of hard rule instances that cannot hold together (irreducible when
    time allows), or None if none was found within `seconds`."""
    deadline = time.monotonic() + seconds
    groups = enforce_groups(build)
    lm = build.lm
    lm.objective.clear()
    lm.hints.clear()
    model = cpsat.compile_model(lm)
    tag_of = {lit: tag for tag, lit in groups.items()}
    infeasible, core = _infeasible(model, list(groups.values()), deadline - time.monotonic())
    if not infeasible:
        return None
    # Deletion filter: leave one out; if the rest is still infeasible it was not needed.
    kept: list[int] = []
    pending = list(core)
    while pending and time.monotonic() < deadline:
        candidate, rest = pending[0], pending[1:]
        still, smaller = _infeasible(model, kept + rest, deadline - time.monotonic())
        if still:
            keep = set(smaller)
            pending = [lit for lit in rest if lit in keep]
            kept = [lit for lit in kept if lit in keep]
        else:
            kept.append(candidate)
            pending = rest
    return sorted(tag_of[lit] for lit in kept + pending)


def explain(build: Build, seconds: float) -> list[Conflict]:
    """The conflict behind an infeasible model, in words (modifies build.lm)."""
    if seconds <= 0.05:
        return []
    tags = minimal_core(build, seconds)
    if not tags:
        return []
    facts = build.facts
    items = [describe(tag, facts) for tag in tags]
    for pid in sorted({i.staff for i in items if i.staff is not None}):
        items += absences(facts, facts.staff[pid])
    return [
        Conflict(
            rules=sorted({i.rule for i in items}),
            message="these rules cannot all hold: " + "; ".join(i.message for i in items),
            items=items,
        )
    ]


__all__ = ["describe", "enforce_groups", "explain", "minimal_core", "relax"]
