"""Cross-reference checks the schema alone cannot make: ids, dates against the horizon, roles.

Each issue carries the JSON path of the offending field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator

from maillage.models.errors import InputError, Issue
from maillage.models.instance import Instance, Role, ShiftKind
from maillage.models.solution import Solution


def _duplicates(kind: str, ids: list[str]) -> Iterator[Issue]:
    for value, count in Counter(ids).items():
        if count > 1:
            index = ids.index(value, ids.index(value) + 1)
            yield Issue(f"$.{kind}[{index}]", f"duplicate id {value!r} ({count} times)")


def cross_check(instance: Instance, known_rules: Collection[str] | None = None) -> list[Issue]:
    return list(_issues(instance, known_rules))


def rota_issues(instance: Instance, solution: Solution) -> list[Issue]:
    """Why a solution cannot be a rota of this instance: made for another one, or naming a
    person, shift, site, sector or date the instance does not have. A rota that breaks rules
    is still a rota (`maillage check` says what it breaks)."""
    issues: list[Issue] = []
    if solution.instance != instance.name:
        message = f"solution is for instance {solution.instance!r}, not {instance.name!r}"
        issues.append(Issue("$.instance", message))
    h = instance.horizon
    staff = {p.id for p in instance.staff}
    shifts = {s.id: s for s in instance.shifts}
    sites, sectors = {s.id for s in instance.sites}, {k.id for k in instance.sectors}
    for i, a in enumerate(solution.assignments):
        path = f"$.assignments[{i}]"
        if a.staff not in staff:
            issues.append(Issue(f"{path}.staff", f"unknown person {a.staff!r}"))
        shift = shifts.get(a.shift)
        if shift is None:
            issues.append(Issue(f"{path}.shift", f"unknown shift {a.shift!r}"))
        elif shift.kind == ShiftKind.oncall and a.site not in sectors:
            message = f"unknown on-call sector {a.site!r} for shift {a.shift!r}"
            issues.append(Issue(f"{path}.site", message))
        elif shift.kind != ShiftKind.oncall and a.site not in sites:
            issues.append(Issue(f"{path}.site", f"unknown site {a.site!r}"))
        if not h.start <= a.date <= h.end:
            message = f"{a.date} is outside the horizon ({h.start} to {h.end})"
            issues.append(Issue(f"{path}.date", message))
    return issues


def check_rota(instance: Instance, solution: Solution, source: str) -> None:
    """InputError naming `source` and each field when the solution is not a rota of this
    instance (`rota_issues`)."""
    issues = rota_issues(instance, solution)
    if issues:
        raise InputError(issues, source)


def _issues(inst: Instance, known_rules: Collection[str] | None) -> Iterator[Issue]:
    h = inst.horizon
    shifts = {s.id: s for s in inst.shifts}
    sites = {s.id: s for s in inst.sites}
    sectors = {k.id for k in inst.sectors}
    yield from _duplicates("shifts", [s.id for s in inst.shifts])
    yield from _duplicates("sites", [s.id for s in inst.sites])
    yield from _duplicates("staff", [p.id for p in inst.staff])
    yield from _duplicates("sectors", [k.id for k in inst.sectors])
    yield from _duplicates("communes", [c.insee for c in inst.communes])
    clash = sorted(set(sites) & sectors)
    if clash:
        yield Issue("$.sectors", f"sector ids must differ from site ids: {', '.join(clash)}")
    for i, day in enumerate(h.closed_dates):
        if not h.start <= day <= h.end:
            yield Issue(
                f"$.horizon.closed_dates[{i}]", f"{day} is outside the horizon {h.start} to {h.end}"
            )
    for i, site in enumerate(inst.sites):
        at = f"$.sites[{i}]"
        if site.parent is not None:
            parent = sites.get(site.parent)
            if parent is None:
                yield Issue(f"{at}.parent", f"unknown site {site.parent!r}")
            elif parent.kind != "centre":
                yield Issue(f"{at}.parent", f"{site.parent!r} is not a centre")
        for weekday, ids in site.opening.items():
            for j, sid in enumerate(ids):
                shift = shifts.get(sid)
                if shift is None:
                    yield Issue(f"{at}.opening.{weekday}[{j}]", f"unknown shift {sid!r}")
                elif shift.kind == ShiftKind.oncall:
                    yield Issue(
                        f"{at}.opening.{weekday}[{j}]",
                        f"{sid!r} is an on-call shift; on-call slots belong to sectors",
                    )
        for j, req in enumerate(site.requirements):
            for k, sid in enumerate(req.shifts or []):
                if sid not in shifts:
                    yield Issue(f"{at}.requirements[{j}].shifts[{k}]", f"unknown shift {sid!r}")
    for i, shift in enumerate(inst.shifts):
        for j, sid in enumerate(shift.forbidden_next):
            if sid not in shifts:
                yield Issue(f"$.shifts[{i}].forbidden_next[{j}]", f"unknown shift {sid!r}")
    for i, cover in enumerate(inst.cover):
        at = f"$.cover[{i}]"
        if not h.start <= cover.date <= h.end:
            yield Issue(f"{at}.date", f"{cover.date} is outside the horizon {h.start} to {h.end}")
        if cover.shift not in shifts:
            yield Issue(f"{at}.shift", f"unknown shift {cover.shift!r}")
        if cover.site is not None and cover.site not in sites and cover.site not in sectors:
            yield Issue(f"{at}.site", f"unknown site or sector {cover.site!r}")
    yield from _rule_params_issues("$.rules", inst.rules.max_shifts, shifts)
    for i, sector in enumerate(inst.sectors):
        for j, sid in enumerate(sector.sites):
            if sid not in sites:
                yield Issue(f"$.sectors[{i}].sites[{j}]", f"unknown site {sid!r}")
        for j, sid in enumerate(sector.slots):
            shift = shifts.get(sid)
            if shift is None:
                yield Issue(f"$.sectors[{i}].slots[{j}]", f"unknown shift {sid!r}")
            elif shift.kind != ShiftKind.oncall:
                yield Issue(f"$.sectors[{i}].slots[{j}]", f"{sid!r} is not an on-call shift")
    for i, person in enumerate(inst.staff):
        at = f"$.staff[{i}]"
        for j, sid in enumerate(person.sites):
            if sid not in sites:
                yield Issue(f"{at}.sites[{j}]", f"unknown site {sid!r}")
        if person.home_site not in person.sites:
            yield Issue(f"{at}.home_site", f"{person.home_site!r} is not one of the person's sites")
        if person.oncall and person.role != Role.doctor:
            yield Issue(
                f"{at}.oncall", f"only doctors take on-call slots, not a {person.role.value}"
            )
        if (person.end_date and person.end_date < h.start) or (
            person.start_date and person.start_date > h.end
        ):
            yield Issue(f"{at}", "the contract dates do not meet the horizon")
        for j, sid in enumerate(person.preferences.avoid_sites):
            if sid not in sites:
                yield Issue(f"{at}.preferences.avoid_sites[{j}]", f"unknown site {sid!r}")
        for j, fixed in enumerate(person.fixed):
            if not h.start <= fixed.date <= h.end:
                yield Issue(
                    f"{at}.fixed[{j}].date",
                    f"{fixed.date} is outside the horizon {h.start} to {h.end}",
                )
            if fixed.shift not in shifts:
                yield Issue(f"{at}.fixed[{j}].shift", f"unknown shift {fixed.shift!r}")
            if fixed.site not in sites and fixed.site not in sectors:
                yield Issue(f"{at}.fixed[{j}].site", f"unknown site or sector {fixed.site!r}")
        yield from _rule_params_issues(f"{at}.rules", person.rules.max_shifts, shifts)
        for j, request in enumerate(person.requests):
            if not h.start <= request.date <= h.end:
                yield Issue(
                    f"{at}.requests[{j}].date",
                    f"{request.date} is outside the horizon {h.start} to {h.end}",
                )
            if request.shift not in shifts:
                yield Issue(f"{at}.requests[{j}].shift", f"unknown shift {request.shift!r}")
    yield from _replan_issues(inst, shifts, sites, sectors)
    yield from _history_issues(inst)
    places = set(sites) | {c.insee for c in inst.communes}
    for i, leg in enumerate(inst.travel.matrix):
        for field, value in (("from", leg.origin), ("to", leg.to)):
            if value not in places:
                yield Issue(f"$.travel.matrix[{i}].{field}", f"unknown site or commune {value!r}")
    if known_rules is not None:
        for i, name in enumerate(inst.rules.disabled):
            if name not in known_rules:
                yield Issue(f"$.rules.disabled[{i}]", f"unknown rule {name!r}")


def _rule_params_issues(
    at: str, max_shifts: dict[str, int] | None, shifts: Collection[str]
) -> Iterator[Issue]:
    for sid in max_shifts or {}:
        if sid not in shifts:
            yield Issue(f"{at}.max_shifts.{sid}", f"unknown shift {sid!r}")


def _replan_issues(
    inst: Instance, shifts: Collection[str], sites: Collection[str], sectors: Collection[str]
) -> Iterator[Issue]:
    """The published rota of a re-plan names known people, shifts and places, on dates of
    the horizon, at most one place per person, date and shift; it changes from a date of
    the horizon."""
    if inst.replan is None:
        return
    h, at = inst.horizon, "$.replan"
    if not h.start <= inst.replan.from_date <= h.end:
        yield Issue(
            f"{at}.from_date",
            f"{inst.replan.from_date} is outside the horizon {h.start} to {h.end}",
        )
    staff = {p.id for p in inst.staff}
    seen: set[tuple[str, str, str]] = set()
    for i, a in enumerate(inst.replan.published):
        where = f"{at}.published[{i}]"
        if a.staff not in staff:
            yield Issue(f"{where}.staff", f"unknown staff {a.staff!r}")
        if not h.start <= a.date <= h.end:
            yield Issue(f"{where}.date", f"{a.date} is outside the horizon {h.start} to {h.end}")
        if a.shift not in shifts:
            yield Issue(f"{where}.shift", f"unknown shift {a.shift!r}")
        if a.site not in sites and a.site not in sectors:
            yield Issue(f"{where}.site", f"unknown site or sector {a.site!r}")
        key = (a.staff, a.date.isoformat(), a.shift)
        if key in seen:
            yield Issue(where, f"{a.staff} has {a.shift} on {a.date} twice")
        seen.add(key)


def _history_issues(inst: Instance) -> Iterator[Issue]:
    """The history lies before the horizon (one overlapping it would be planned twice) and
    names known people, with one counter each."""
    if inst.history is None:
        return
    h, at = inst.horizon, "$.history"
    staff = {p.id for p in inst.staff}
    start = inst.history.start
    if start is not None and start >= h.start:
        yield Issue(f"{at}.start", f"{start} is not before the horizon's start {h.start}")
    seen: set[tuple[str, str, str]] = set()
    for i, a in enumerate(inst.history.assignments):
        where = f"{at}.assignments[{i}]"
        if a.staff not in staff:
            yield Issue(f"{where}.staff", f"unknown staff {a.staff!r}")
        if a.date >= h.start:
            yield Issue(f"{where}.date", f"{a.date} is not before the horizon's start {h.start}")
        elif start is not None and a.date < start:
            yield Issue(f"{where}.date", f"{a.date} is before the history's start {start}")
        key = (a.staff, a.date.isoformat(), a.shift)
        if key in seen:
            yield Issue(where, f"{a.staff} has {a.shift} on {a.date} twice")
        seen.add(key)
    counted: set[str] = set()
    for i, c in enumerate(inst.history.counters):
        where = f"$.history.counters[{i}]"
        if c.staff not in staff:
            yield Issue(f"{where}.staff", f"unknown staff {c.staff!r}")
        if c.staff in counted:
            yield Issue(f"{where}.staff", f"a second counter for {c.staff!r}")
        counted.add(c.staff)
        if c.since >= h.start:
            yield Issue(f"{where}.since", f"{c.since} is not before the horizon's start {h.start}")
