"""Shared by the fairness rules' encodings: the spread (max - min) of a per-person count among
the members of one team, each count scaled pro rata of the days the person is available. The
checker has its own reading of the same text (`maillage.solver.check.fairness`).

A team is, by default, the on-call eligible doctors whose home site belongs to the same
centre: fairness is compared between colleagues, not between a doctor in Millas and one in
Mazamet, and a network of centres then splits into independent parts
(`maillage.solver.parts.split`). A rule sharing out work every role does (Saturdays) passes
its own pool and splits teams by role as well.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from maillage.models.facts import MILLI, Facts
from maillage.models.instance import Staff
from maillage.solver.model.build import Build


def eligible_doctors(facts: Facts) -> list[Staff]:
    """Doctors eligible for on-call in some sector and available at least one day."""
    return [
        p
        for p in facts.instance.staff
        if any(facts.oncall_eligible(p, k) for k in facts.instance.sectors)
        and any(facts.available(p, d) for d in range(len(facts.dates)))
    ]


def teams(
    facts: Facts, pool: Sequence[Staff] | None = None, by_role: bool = False
) -> dict[str, list[Staff]]:
    """The pool (default: eligible doctors) by the centre of their home site, and by role
    too when `by_role`; teams of one have no spread."""
    out: dict[str, list[Staff]] = defaultdict(list)
    for person in eligible_doctors(facts) if pool is None else pool:
        centre = facts.centre_of(person.home_site)
        out[f"{person.role},{centre}" if by_role else centre].append(person)
    return {team: people for team, people in out.items() if len(people) >= 2}


def scale_milli(facts: Facts, person: Staff) -> int:
    """A count of the person is worth count x days / available days, at 1/1000 resolution."""
    available = sum(1 for d in range(len(facts.dates)) if facts.available(person, d))
    return round(MILLI * len(facts.dates) / available)


def encode_spread(
    build: Build,
    term: str,
    counts: dict[str, list[int]],
    earlier: dict[str, int] | None = None,
    groups: dict[str, list[Staff]] | None = None,
) -> None:
    """Penalise weight x (max - min) of the scaled counts in each team (one unit a variable).
    `earlier`: per person, a count from before the horizon (the history's counters), added
    as it stands, unscaled: the totals since the counters' date are compared. `groups`: the
    teams (default `teams(facts)`, the eligible doctors of each centre)."""
    before = earlier or {}
    for centre, people in (teams(build.facts) if groups is None else groups).items():
        scaled = {
            p.id: [(scale_milli(build.facts, p), v) for v in counts.get(p.id, [])] for p in people
        }
        base = {pid: MILLI * before.get(pid, 0) for pid in scaled}
        top = max(base[pid] + sum(c for c, _ in terms) for pid, terms in scaled.items())
        high = build.lm.new_var(0, top, f"{term}_max[{centre}]")
        low = build.lm.new_var(0, top, f"{term}_min[{centre}]")
        for pid, terms in scaled.items():
            build.lm.add([(1, high)] + [(-c, v) for c, v in terms], lo=base[pid])
            build.lm.add([(1, low)] + [(-c, v) for c, v in terms], hi=base[pid])
        build.penalise(term, high, 1, units_per_var=MILLI)
        build.penalise(term, low, -1, units_per_var=MILLI)
