"""Why the hard rules cannot all hold, in words; and `--relax`, which lets them break at a price.

Every hard constraint of the model carries a `Tag` (its rule, and the person, place and time
it is about); the constraints sharing a tag are one *rule instance*. Each instance gets a 0-1
literal that enforces it (`Constraint.enforce`). To explain an infeasible model the literals
are solved as assumptions on a copy of the model: CP-SAT returns a set of them that cannot all
be true, which a deletion filter shrinks to a small one. To relax the model, each literal's
falsity is penalised instead, in the model itself, before the search.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from dataclasses import replace

from ortools.sat.python import cp_model

from maillage.models.facts import Facts
from maillage.models.solution import Conflict, ConflictItem
from maillage.solver.backends import cpsat
from maillage.solver.conflicts.prechecks import absences
from maillage.solver.model.build import Build
from maillage.solver.model.linear import OBJ_SCALE, LinearModel
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules import RULES_BY_NAME
from maillage.solver.rules.base import date_of_day, date_of_minute

RELAX_WEIGHT = 1_000_000  # per broken rule instance, in objective units (weighted consultations)
RELAX_TERM = "relaxed"

# The tag field that dates an instance of these rules (the later shift's, for daily rest).
_WHEN: dict[str, str] = {
    "daily_rest": "next_minute",
    "no_overlap": "minute",
    "rooms": "minute",
    "max_daily_hours": "day",
    "max_consecutive_days": "day",
    "site_changes": "day",
    "max_staffing": "day",
    "secretary_presence": "day",
    "oncall_one_doctor": "day",
    "coordinated_practice": "day",
    "max_weekly_hours": "week",
    "max_days_per_week": "week",
    "weekly_rest": "week",
    "fixed_assignments": "date",
}


def _date(tag: Tag, facts: Facts) -> dt.date | None:
    match _WHEN.get(tag.rule):
        case "minute":
            return date_of_minute(facts, known(tag.minute))
        case "next_minute":
            return date_of_minute(facts, known(tag.next_minute))
        case "day":
            return date_of_day(facts, known(tag.day))
        case "week":
            return facts.dates[facts.weeks[known(tag.week)][0]]
        case "date":
            return known(tag.date)
    return None


def _working_copy(lm: LinearModel) -> LinearModel:
    """A copy of the model with no objective or hints, whose variables and list of constraints
    explanation may extend; `enforce_groups` replaces the constraints it enforces rather than
    changing them, so the caller's model stays as it was."""
    return replace(
        lm,
        names=list(lm.names),
        lower=list(lm.lower),
        upper=list(lm.upper),
        constraints=list(lm.constraints),
        objective={},
        decisions=list(lm.decisions),
        hints={},
    )


def enforce_groups(build: Build, lm: LinearModel) -> dict[Tag, int]:
    """Give every hard rule instance of `lm` (the build's model, or a working copy of it) an
    enforcing 0-1 literal; returns tag -> literal. Locked assignments, which the model fixes
    by bounds, become tagged constraints. Each enforced constraint is replaced by a copy
    carrying its literal: a working copy's changes do not reach the original."""
    for person in build.instance.staff:
        if not build.facts.rule_enabled("fixed_assignments"):
            break
        for fixed in person.fixed:
            day = build.facts.day_index(fixed.date)
            var = None if day is None else build.x.get((person.id, day, fixed.shift, fixed.site))
            if var is not None:
                lm.lower[var] = 0
                tag = Tag("fixed_assignments", staff=person.id, date=fixed.date)
                lm.add([(1, var)], lo=1, tag=tag)
    groups: dict[Tag, int] = {}
    constraints = lm.constraints
    for k, con in enumerate(constraints):
        if con.tag is None:
            continue
        rule = RULES_BY_NAME.get(con.tag.rule)
        if rule is None or not rule.hard:
            continue
        literal = groups.get(con.tag)
        if literal is None:
            literal = groups[con.tag] = lm.new_bool(f"holds[{con.tag}]")
        constraints[k] = replace(con, enforce=literal)
    return groups


def relax(build: Build) -> dict[Tag, int]:
    """Turn the hard rule instances of the build's model into soft ones costing RELAX_WEIGHT
    each when broken (a preparation step: it changes the model it is given)."""
    lm = build.lm
    groups = enforce_groups(build, lm)
    for tag, lit in groups.items():
        broken = lm.new_bool(f"broken[{tag}]")
        lm.add([(1, lit), (1, broken)], lo=1, hi=1)
        lm.minimise(RELAX_TERM, RELAX_WEIGHT * OBJ_SCALE, broken)
        lm.hints[lit] = 1
    return groups


def describe(tag: Tag, facts: Facts) -> ConflictItem:
    """One rule instance in words, with the person, date and site (or sector) it is about."""
    name = tag.rule
    rule = RULES_BY_NAME.get(name)
    staff = tag.staff if tag.staff in facts.staff else None
    places = (tag.site, tag.sector)
    site = next((p for p in places if p in facts.sites or p in facts.sectors), None)
    date = None
    with contextlib.suppress(LookupError, ValueError):
        date = _date(tag, facts)
    message = ""
    if rule is not None and rule.explain is not None:
        with contextlib.suppress(LookupError, ValueError, TypeError):
            message = rule.explain(tag, facts)
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


def minimal_core(build: Build, seconds: float) -> list[Tag] | None:
    """Tags of a small set of hard rule instances that cannot hold together (irreducible when
    time allows), in the order of their text, or None if none was found within `seconds`.
    Searches a working copy of the build's model, which it leaves as it was."""
    deadline = time.monotonic() + seconds
    lm = _working_copy(build.lm)
    groups = enforce_groups(build, lm)
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
    return sorted((tag_of[lit] for lit in kept + pending), key=str)


def explain(build: Build, seconds: float) -> list[Conflict]:
    """The conflict behind an infeasible model, in words; the build's model is left as it
    was."""
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
