"""Independent verification of a rota: every hard rule and every objective term, re-derived
from the instance and the solution's assignments alone (no solver model is built or read)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Assignment, Solution, Violation
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.rules import RULES, Rule
from maillage.solver.rules.coverage import reachable

ABS_TOL = 1e-3
REL_TOL = 1e-6


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


@dataclass
class Evaluation:
    """What a rota is worth and what it breaks, by rule."""

    hard: list[Violation] = field(default_factory=list)
    soft: list[Violation] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.terms.values())


@dataclass
class CheckReport:
    evaluation: Evaluation
    mismatches: list[str] = field(default_factory=list)
    # terms the solution declares not proven exact, and the rota reaches at least as said
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.evaluation.hard and not self.mismatches


def _violation(rule: Rule, finding: Finding, weight: float) -> Violation:
    return Violation(
        rule=rule.name,
        staff=finding.staff,
        date=finding.date,
        site=finding.site,
        penalty=round(weight * finding.amount, 6),
        message=finding.message,
    )


def evaluate(
    instance: Instance,
    assignments: Sequence[Assignment],
    facts: Facts | None = None,
    rules: Sequence[Rule] = RULES,
    gains: bool = True,
    rota: RotaView | None = None,
) -> Evaluation:
    """Findings of every active rule; with `gains`, also the gain terms (coverage), which
    need their own optimisation and are skipped where only violations are wanted. `rota`:
    the view of these assignments, when the caller has one already."""
    rota = rota or RotaView(instance, list(assignments), facts)
    out = Evaluation()
    for rule in rules:
        if not rota.facts.rule_enabled(rule.name):
            continue
        weight = rota.weight(rule.weight) if rule.weight else 0.0
        found = [_violation(rule, f, weight) for f in rule.check(rota)]
        if rule.hard:
            out.hard += found
        else:
            out.soft += found
            out.terms[rule.name] = -sum(v.penalty for v in found)
        if rule.evaluate is not None and gains:
            out.terms[rule.name] = rule.evaluate(rota)
    return out


def check(instance: Instance, solution: Solution, facts: Facts | None = None) -> CheckReport:
    """Hard-rule violations, and every place the solution's figures differ from a recomputation."""
    facts = facts or Facts(instance)
    report = CheckReport(evaluate(instance, solution.assignments, facts))
    if solution.instance != instance.name:
        report.mismatches.append(
            f"solution is for instance {solution.instance!r}, not {instance.name!r}"
        )
    if solution.objective is None:
        if solution.assignments:
            report.mismatches.append("solution has assignments but no objective")
        return report
    recomputed = report.evaluation.terms
    unproven = solution.objective.unproven or {}
    for name in sorted(set(recomputed) | set(solution.objective.terms)):
        given, found = solution.objective.terms.get(name, 0.0), recomputed.get(name, 0.0)
        if close(given, found):
            continue
        if name in unproven and found > given:  # said not exact, and the rota does better
            report.notes.append(
                f"term {name}: solution says {given:.6f} (not proven: {unproven[name]}), "
                f"the rota reaches {found:.6f}"
            )
        else:
            report.mismatches.append(
                f"term {name}: solution says {given:.6f}, recomputed {found:.6f}"
            )
    total, found_total = solution.objective.total, report.evaluation.total
    if not close(total, found_total) and not (unproven and found_total > total):
        report.mismatches.append(f"total: solution says {total:.6f}, recomputed {found_total:.6f}")
    _check_coverage(instance, solution, facts, report)
    return report


def _check_coverage(
    instance: Instance, solution: Solution, facts: Facts, report: CheckReport
) -> None:
    """Reported served need per commune never exceeds need and is reachable by the rota."""
    wanted = {}
    for row in solution.coverage:
        commune = facts.communes.get(row.insee)
        if commune is None:
            report.mismatches.append(f"coverage names unknown commune {row.insee}")
            continue
        need = facts.need_per_week(commune, row.line)
        if row.served > need + ABS_TOL:
            report.mismatches.append(
                f"coverage of {row.insee} {row.line}: served {row.served} exceeds need {need}"
            )
        wanted[(row.insee, row.line)] = max(0.0, row.served * facts.horizon_weeks - 0.01)
    if any(v > 0 for v in wanted.values()):
        rota = RotaView(instance, solution.assignments, facts)
        if not reachable(rota, wanted):
            report.mismatches.append(
                "the coverage reported per commune cannot be reached by the rota's consultations"
            )
