"""The gain: unmet need of under-served communes put within reach of a consultation.

Each clinician session offers consultations per care line. A site's consultations in a week
are allocated to communes within reach (a flow: each consultation counted once); a
consultation counts for a commune times the APL distance-decay weight of its travel time;
no commune is served beyond its need for that week; communes weigh by how under-served they
are. The model chooses the allocation; the checker recomputes the best one for the rota.
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from collections.abc import Iterator

import pulp

from maillage.models.facts import MILLI, milli
from maillage.models.instance import CARE_LINES, CareLine, ShiftKind
from maillage.solver.build import Build, Flow
from maillage.solver.linear import OBJ_SCALE
from maillage.solver.review import Finding, Review
from maillage.solver.rules.base import Rule

NAME = "coverage"
SupplyKey = tuple[str, int, CareLine]  # site, week, care line


def encode(build: Build) -> None:
    f = build.facts
    supply: dict[SupplyKey, list[tuple[int, int]]] = defaultdict(list)
    for (day, shift, place), people in build.by_session.items():
        if place not in f.sites or f.slot_by_key[(day, shift)].kind != ShiftKind.consultation:
            continue
        for line in CARE_LINES:
            supply[(place, f.week_of_day[day], line)] += [
                (k, v) for p, v in people if (k := f.consultations(p, line)) > 0
            ]
    scale = build.weight(NAME) * OBJ_SCALE / (MILLI * MILLI)
    served: dict[tuple[str, int, CareLine], list[tuple[int, int]]] = defaultdict(list)
    for (site, week, line), offered in supply.items():
        capacity, out = sum(k for k, _ in offered), []
        for insee, reach in f.reach[site].items():
            commune = f.communes[insee]
            need = f.week_need_milli(commune, line, week)
            if need == 0 or not offered:
                continue
            var = build.lm.new_var(
                0, min(capacity, math.ceil(need / reach)), f"flow[{site},{insee},{week},{line}]"
            )
            build.flows.append(Flow(site, insee, week, line, reach, var))
            out.append((1, var))
            served[(insee, week, line)].append((reach, var))
            weight = milli(f.commune_weight(commune))
            build.lm.minimise(NAME, -round(scale * weight * reach), var)
        if out:
            build.lm.add(out + [(-k, v) for k, v in offered], hi=0, tag=f"{NAME}:{site}:{week}")
    for (insee, week, line), terms in served.items():
        build.lm.add(terms, hi=f.week_need_milli(f.communes[insee], line, week))


def supply_of(review: Review) -> dict[SupplyKey, int]:
    f = review.facts
    out: dict[SupplyKey, int] = defaultdict(int)
    for pid, entries in review.placed.items():
        person = review.person(pid)
        for p in entries:
            if p.place in f.sites and p.slot.kind == ShiftKind.consultation:
                for line in CARE_LINES:
                    out[(p.place, f.week_of_day[p.slot.day], line)] += f.consultations(person, line)
    return out


def allocate(
    review: Review, at_least: dict[tuple[str, CareLine], float] | None = None
) -> tuple[float, dict[tuple[str, CareLine], float]] | None:
    """Best weighted allocation of the rota's consultations, by an independent MILP (CBC).

    Returns (term value, consultations served per commune and line over the horizon), or None
    when `at_least` (served totals to reach) cannot be met.
    """
    f = review.facts
    problem = pulp.LpProblem("coverage_check", pulp.LpMaximize)
    gain, served = [], defaultdict(list)
    for (site, week, line), capacity in supply_of(review).items():
        if capacity <= 0:
            continue
        outflow = []
        for commune in review.instance.communes:
            reach = round(f.reach_weight(commune.insee, site), 3)
            need = round(f.need_per_week(commune, line) * len(f.weeks[week]) / 7, 3)
            if reach <= 0 or need <= 0:
                continue
            x = _variable(problem, f"f_{site}_{commune.insee}_{week}_{line}", capacity)
            outflow.append(x)
            served[(commune.insee, week, line)].append(reach * x)
            gain.append(f.commune_weight(commune) * reach * x)
        if outflow:
            problem += pulp.lpSum(outflow) <= capacity
    for (insee, week, line), terms in served.items():
        need = round(f.need_per_week(f.communes[insee], line) * len(f.weeks[week]) / 7, 3)
        problem += pulp.lpSum(terms) <= need + 1e-9
    if at_least:
        for (insee, line), amount in at_least.items():
            terms = [
                t for (i, _, ln), ts in served.items() if i == insee and ln == line for t in ts
            ]
            problem += pulp.lpSum(terms) >= amount
    problem += review.weight(NAME) * pulp.lpSum(gain)
    if not gain:
        return (0.0, {}) if not at_least or all(v <= 0 for v in at_least.values()) else None
    status = problem.solve(_mip_solver())
    if pulp.LpStatus[status] != "Optimal":
        return None
    totals: dict[tuple[str, CareLine], float] = defaultdict(float)
    for (insee, _, line), terms in served.items():
        totals[(insee, line)] += sum(pulp.value(t) for t in terms)
    return float(pulp.value(problem.objective) or 0.0), dict(totals)


def _variable(problem: pulp.LpProblem, name: str, upper: int) -> pulp.LpVariable:
    if hasattr(problem, "add_variable"):  # PuLP >= 3.3
        return problem.add_variable(name, 0, upper, cat="Integer")
    return pulp.LpVariable(name, 0, upper, cat="Integer")


def _mip_solver() -> pulp.LpSolver:
    """PuLP's bundled CBC. (highspy is not used: its HiGHS clashes with the copy inside
    OR-Tools when both load in one process.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PuLP 3.3 nudges to COIN_CMD
        return pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0)


def evaluate(review: Review) -> float:
    result = allocate(review)
    return 0.0 if result is None else result[0]


def check(review: Review) -> Iterator[Finding]:
    return iter(())


RULE = Rule(
    NAME,
    hard=False,
    summary=__doc__ or "",
    encode=encode,
    check=check,
    evaluate=evaluate,
    weight=NAME,
)
