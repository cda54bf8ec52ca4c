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
from typing import Any

import pulp
from ortools.sat.python import cp_model

from maillage.models.facts import MILLI, milli
from maillage.models.instance import CARE_LINES, CareLine, ShiftKind
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build, Flow
from maillage.solver.model.linear import OBJ_SCALE
from maillage.solver.model.tags import Tag
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
            build.lm.add(
                out + [(-k, v) for k, v in offered], hi=0, tag=Tag(NAME, site=site, week=week)
            )
    for (insee, week, line), terms in served.items():
        build.caps.append(len(build.lm.constraints))
        build.lm.add(terms, hi=f.week_need_milli(f.communes[insee], line, week))


def supply_of(rota: RotaView) -> dict[SupplyKey, int]:
    f = rota.facts
    out: dict[SupplyKey, int] = defaultdict(int)
    for pid, entries in rota.placed.items():
        person = rota.person(pid)
        for p in entries:
            if p.place in f.sites and p.slot.kind == ShiftKind.consultation:
                for line in CARE_LINES:
                    out[(p.place, f.week_of_day[p.slot.day], line)] += f.consultations(person, line)
    return out


def _pairs(rota: RotaView, site: str, week: int, line: CareLine) -> list[tuple[str, int, int, int]]:
    """(insee, reach, need, weight) for communes the site reaches that need this line,
    reach and weight in thousandths, need in thousandths of a consultation for the week."""
    f = rota.facts
    out = []
    for commune in rota.instance.communes:
        reach = round(f.reach_weight(commune.insee, site) * MILLI)
        need = round(f.need_per_week(commune, line) * MILLI * len(f.weeks[week]) / 7)
        if reach > 0 and need > 0:
            out.append((commune.insee, reach, need, round(f.commune_weight(commune) * MILLI)))
    return out


def allocate(rota: RotaView) -> float:
    """Best weighted allocation of the rota's consultations, recomputed by independent MILPs
    (CP-SAT, on a formulation of its own). Weeks and care lines do not interact, nor do sites
    that reach no commune in common, so each week, line and set of sites linked by shared
    communes is its own small problem (one MILP over a region's unlinked clusters takes far
    longer to prove than each alone); the data are integers (thousandths), so the objective
    is integral."""
    groups: dict[tuple[int, CareLine], dict[str, int]] = defaultdict(dict)
    for (site, week, line), capacity in supply_of(rota).items():
        if capacity > 0:
            groups[(week, line)][site] = capacity
    total = 0
    for (week, line), capacities in sorted(groups.items()):
        pairs = {site: _pairs(rota, site, week, line) for site in capacities}
        for cluster in _clusters(pairs):
            total += _best_allocation(
                f"coverage_{week}_{line}", {s: capacities[s] for s in cluster}, pairs
            )
    return rota.weight(NAME) * total / (MILLI * MILLI)


def _clusters(pairs: dict[str, list[tuple[str, int, int, int]]]) -> list[list[str]]:
    """The sites, grouped by the communes they share (transitively)."""
    by_commune: dict[str, list[str]] = defaultdict(list)
    for site, rows in pairs.items():
        for insee, *_ in rows:
            by_commune[insee].append(site)
    cluster = {site: {site} for site in pairs}
    for sites in by_commune.values():
        merged = set().union(*(cluster[s] for s in sites))
        for s in merged:
            cluster[s] = merged
    seen: set[int] = set()
    out = []
    for group in cluster.values():
        if id(group) not in seen:
            seen.add(id(group))
            out.append(sorted(group))
    return out


def _best_allocation(
    name: str, capacities: dict[str, int], pairs: dict[str, list[tuple[str, int, int, int]]]
) -> int:
    """The best allocation of one cluster's consultations, proven optimal by CP-SAT (CBC
    searched some clusters of a 700-staff region for minutes; CP-SAT proves them in
    milliseconds). Written from the rota's figures here, not from the solver's model."""
    model = cp_model.CpModel()
    gain = []
    served: dict[str, list[tuple[int, int, cp_model.IntVar]]] = defaultdict(list)
    for site, capacity in sorted(capacities.items()):
        outflow = []
        for insee, reach, need, weight in pairs[site]:
            x = model.new_int_var(0, min(capacity, -(-need // reach)), f"f_{site}_{insee}")
            outflow.append(x)
            served[insee].append((reach, need, x))
            gain.append(weight * reach * x)
        if outflow:
            model.add(sum(outflow) <= capacity)
    for terms in served.values():
        model.add(sum(reach * x for reach, _, x in terms) <= terms[0][1])
    if not gain:
        return 0
    model.maximize(sum(gain))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        raise RuntimeError(
            f"{name}: the allocation was not proven optimal ({solver.status_name()})"
        )
    return round(solver.objective_value)


def reachable(rota: RotaView, at_least: dict[tuple[str, CareLine], float]) -> bool:
    """Whether the rota's consultations can serve each commune and line at least the given
    totals over the horizon (an LP: a necessary condition for the integer allocation)."""
    problem = pulp.LpProblem("coverage_reachable", pulp.LpMinimize)
    served: dict[tuple[str, CareLine], list[Any]] = defaultdict(list)
    capped: dict[tuple[str, int, CareLine], tuple[int, list[Any]]] = {}
    for (site, week, line), capacity in sorted(supply_of(rota).items()):
        outflow = []
        for insee, reach, need, _ in _pairs(rota, site, week, line):
            x = _variable(problem, f"f_{site}_{insee}_{week}_{line}")
            outflow.append(x)
            served[(insee, line)].append(reach * x)
            capped.setdefault((insee, week, line), (need, []))[1].append(reach * x)
        if outflow:
            problem += pulp.lpSum(outflow) <= capacity
    for need, terms in capped.values():
        problem += pulp.lpSum(terms) <= need
    for key, amount in at_least.items():
        if amount > 0:
            problem += pulp.lpSum(served.get(key, [])) >= amount * MILLI
    problem += pulp.lpSum([])
    status = problem.solve(_mip_solver())
    return bool(pulp.LpStatus[status] == "Optimal")


def _variable(problem: pulp.LpProblem, name: str) -> pulp.LpVariable:
    """A non-negative flow (continuous: reachability is an LP)."""
    if hasattr(problem, "add_variable"):  # PuLP >= 3.3
        return problem.add_variable(name, 0, None, cat="Continuous")
    return pulp.LpVariable(name, 0, None, cat="Continuous")


def _mip_solver() -> pulp.LpSolver:
    """PuLP's bundled CBC. (highspy is not used: its HiGHS clashes with the copy inside
    OR-Tools when both load in one process.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PuLP 3.3 nudges to COIN_CMD
        return pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0)


def evaluate(rota: RotaView) -> float:
    return allocate(rota)


def check(rota: RotaView) -> Iterator[Finding]:
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
