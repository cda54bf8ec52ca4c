"""What-if analysis (tracker issue 5): solve a baseline once, then each scenario (a recruit,
a departure, a leave, a new permanence, a closure...) warm-started from the baseline rota, and
rank the scenarios by objective, in the managers' terms: need put within reach, population
newly within reach, uncovered on-call slots, on-call burden per doctor, and each solve's gap.

    from maillage.solver.apps.whatif import Recruit, Scenario, whatif
    result = whatif(instance, [Scenario(name="doctor@A", changes=[Recruit(...)])], params)
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from maillage.models.errors import InputError, Issue
from maillage.models.instance import (
    WEEKDAYS,
    Instance,
    Role,
    ShiftKind,
    Site,
    Staff,
    Unavailability,
    Weekday,
)
from maillage.models.solution import Assignment, Solution, Status
from maillage.models.validate import cross_check
from maillage.solver.budget import Stop
from maillage.solver.params import SolveParams
from maillage.solver.solve import solve

SOURCE = "command line"
OPTION = {
    "recruit": "--recruit",
    "remove": "--remove",
    "fte": "--fte",
    "leave": "--leave",
    "open_permanence": "--open-permanence",
    "close": "--close",
}


class _Change(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def _fail(self, message: str) -> InputError:
        kind = getattr(self, "kind", "change")
        return InputError([Issue(OPTION.get(kind, kind), message)], SOURCE)

    def _person(self, instance: Instance, staff_id: str) -> Staff:
        for person in instance.staff:
            if person.id == staff_id:
                return person
        known = ", ".join(p.id for p in instance.staff)
        raise self._fail(f"unknown staff id {staff_id!r} (known: {known})")

    def _site(self, instance: Instance, site_id: str) -> Site:
        for site in instance.sites:
            if site.id == site_id:
                return site
        known = ", ".join(s.id for s in instance.sites)
        raise self._fail(f"unknown site {site_id!r} (known: {known})")

    def _replace_staff(self, instance: Instance, new: Staff) -> Instance:
        staff = [new if p.id == new.id else p for p in instance.staff]
        return instance.model_copy(update={"staff": staff})

    def describe(self) -> str:
        raise NotImplementedError

    def apply(self, instance: Instance) -> Instance:
        raise NotImplementedError


def related_sites(instance: Instance, home: str) -> list[str]:
    """A site with its parent centre (for a permanence) and its permanences (for a centre)."""
    out = [home]
    site = next(s for s in instance.sites if s.id == home)
    if site.parent:
        out.append(site.parent)
    out += [s.id for s in instance.sites if s.parent == home]
    return out


class Recruit(_Change):
    """A new person based at `home_site`, working there and at its parent or permanences."""

    kind: Literal["recruit"] = "recruit"
    role: Role
    fte: float = Field(gt=0, le=1)
    home_site: str
    start_date: dt.date | None = None
    sites: list[str] | None = Field(
        default=None,
        description="Sites the recruit may work at; default the home site with "
        "its parent centre or its permanences.",
    )
    staff_id: str | None = None

    def describe(self) -> str:
        start = f" from {self.start_date}" if self.start_date else ""
        return f"recruit {self.role.value} {self.fte:g} FTE at {self.home_site}{start}"

    def apply(self, instance: Instance) -> Instance:
        self._site(instance, self.home_site)
        sites = self.sites or related_sites(instance, self.home_site)
        for sid in sites:
            self._site(instance, sid)
        if self.home_site not in sites:
            raise self._fail(f"home site {self.home_site!r} is not among the sites")
        taken = {p.id for p in instance.staff}
        pid = self.staff_id or f"new-{self.role.value}"
        n = 1
        while pid in taken:
            n += 1
            pid = f"{self.staff_id or 'new-' + self.role.value}-{n}"
        oncall = self.role == Role.doctor and any(
            set(k.sites) & set(sites) for k in instance.sectors
        )
        person = Staff(
            id=pid,
            name=f"New {self.role.value} ({self.fte:g} FTE, {self.home_site})",
            role=self.role,
            fte=self.fte,
            sites=sites,
            home_site=self.home_site,
            oncall=oncall,
            start_date=self.start_date,
        )
        if self.start_date is not None and not (
            instance.horizon.start <= self.start_date <= instance.horizon.end
        ):
            raise self._fail(
                f"start date {self.start_date} is outside the horizon "
                f"{instance.horizon.start}..{instance.horizon.end}"
            )
        return instance.model_copy(update={"staff": [*instance.staff, person]})


class RemoveStaff(_Change):
    kind: Literal["remove"] = "remove"
    staff: str

    def describe(self) -> str:
        return f"remove {self.staff}"

    def apply(self, instance: Instance) -> Instance:
        self._person(instance, self.staff)
        staff = [p for p in instance.staff if p.id != self.staff]
        if not staff:
            raise self._fail("cannot remove the only person")
        return instance.model_copy(update={"staff": staff})


class ChangeFte(_Change):
    kind: Literal["fte"] = "fte"
    staff: str
    fte: float = Field(gt=0, le=1)

    def describe(self) -> str:
        return f"{self.staff} at {self.fte:g} FTE"

    def apply(self, instance: Instance) -> Instance:
        person = self._person(instance, self.staff)
        return self._replace_staff(instance, person.model_copy(update={"fte": self.fte}))


class Leave(_Change):
    kind: Literal["leave"] = "leave"
    staff: str
    start: dt.date
    end: dt.date
    reason: str = Field(
        default="what-if leave", min_length=1, description="As the report shows it."
    )

    def describe(self) -> str:
        return f"{self.staff} on leave {self.start}..{self.end}"

    def apply(self, instance: Instance) -> Instance:
        person = self._person(instance, self.staff)
        if self.end < self.start:
            raise self._fail(f"leave ends ({self.end}) before it starts ({self.start})")
        leave = Unavailability.model_validate(
            {"from": self.start, "to": self.end, "reason": self.reason}
        )
        return self._replace_staff(
            instance, person.model_copy(update={"unavailable": [*person.unavailable, leave]})
        )


class OpenPermanence(_Change):
    """A new permanence at a commune's coordinates, open for the consultation shifts that
    exist on the given weekdays, with a remote secretary; the clinicians of its parent
    centre may work there."""

    kind: Literal["open_permanence"] = "open_permanence"
    insee: str
    parent: str
    weekdays: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]))

    @property
    def site_id(self) -> str:
        return f"perm-{self.insee}"

    def describe(self) -> str:
        return f"open permanence {self.site_id} ({'/'.join(self.weekdays)}) under {self.parent}"

    def apply(self, instance: Instance) -> Instance:
        parent = self._site(instance, self.parent)
        if parent.kind != "centre":
            raise self._fail(f"{self.parent!r} is not a centre")
        commune = next((c for c in instance.communes if c.insee == self.insee), None)
        if commune is None:
            raise self._fail(f"unknown commune INSEE code {self.insee!r} (not in the instance)")
        if any(s.id == self.site_id for s in instance.sites):
            raise self._fail(f"site {self.site_id!r} already exists")
        consultation = [s for s in instance.shifts if s.kind == ShiftKind.consultation]
        opening = {day: [s.id for s in consultation if day in s.weekdays] for day in self.weekdays}
        opening = {day: ids for day, ids in opening.items() if ids}
        if not opening:
            raise self._fail("no consultation shift exists on the weekdays given")
        site = Site(
            id=self.site_id,
            name=f"Permanence {commune.name}",
            kind="permanence",
            parent=self.parent,
            insee=commune.insee,
            lat=commune.lat,
            lon=commune.lon,
            rooms=1,
            opening=opening,
            secretary="remote",
        )
        staff = [
            p.model_copy(update={"sites": [*p.sites, site.id]})
            if self.parent in p.sites and p.role != Role.secretary
            else p
            for p in instance.staff
        ]
        return instance.model_copy(update={"sites": [*instance.sites, site], "staff": staff})


class CloseSite(_Change):
    """Close a site (and, for a centre, its permanences): its people move to their other
    sites; a person left with no site is an error."""

    kind: Literal["close"] = "close"
    site: str

    def describe(self) -> str:
        return f"close {self.site}"

    def apply(self, instance: Instance) -> Instance:
        self._site(instance, self.site)
        closed = {self.site} | {s.id for s in instance.sites if s.parent == self.site}
        sites = [s for s in instance.sites if s.id not in closed]
        if not sites:
            raise self._fail("cannot close every site")
        staff = []
        for p in instance.staff:
            kept = [s for s in p.sites if s not in closed]
            if not kept:
                raise self._fail(f"{p.id} would have no site left")
            home = p.home_site if p.home_site not in closed else kept[0]
            prefs = p.preferences.model_copy(
                update={"avoid_sites": [s for s in p.preferences.avoid_sites if s not in closed]}
            )
            fixed = [f for f in p.fixed if f.site not in closed]
            staff.append(
                p.model_copy(
                    update={"sites": kept, "home_site": home, "preferences": prefs, "fixed": fixed}
                )
            )
        sectors = [
            k.model_copy(update={"sites": [s for s in k.sites if s not in closed]})
            for k in instance.sectors
            if any(s not in closed for s in k.sites)
        ]
        matrix = [
            leg
            for leg in instance.travel.matrix
            if leg.origin not in closed and leg.to not in closed
        ]
        travel = instance.travel.model_copy(update={"matrix": matrix})
        return instance.model_copy(
            update={"sites": sites, "staff": staff, "sectors": sectors, "travel": travel}
        )


Change = Annotated[
    Recruit | RemoveStaff | ChangeFte | Leave | OpenPermanence | CloseSite,
    Field(discriminator="kind"),
]


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    changes: list[Change] = Field(default_factory=list)

    def apply(self, instance: Instance) -> Instance:
        """The modified instance, re-validated; InputError naming the option otherwise."""
        out = instance
        for change in self.changes:
            out = change.apply(out)
        # round-trip so that every validator of the contract runs on the modified instance
        out = Instance.model_validate(out.model_dump(mode="json", by_alias=True))
        issues = cross_check(out)
        if issues:
            option = OPTION.get(self.changes[0].kind, "scenario") if self.changes else "scenario"
            raise InputError(
                [Issue(option, f"scenario {self.name!r}: {i}") for i in issues], SOURCE
            )
        return out


class Outcome(BaseModel):
    """One solve, in the managers' terms."""

    model_config = ConfigDict(extra="forbid")

    name: str
    changes: list[Change] = Field(default_factory=list)
    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    served_need: float = Field(description="Consultations of unmet need within reach per week.")
    served_need_change: float = 0.0
    population_newly_reached: int = 0
    communes_newly_reached: list[str] = Field(default_factory=list)
    uncovered_oncall: int = 0
    oncalls_mean: float = 0.0
    oncalls_max: int = 0
    seconds: float = 0.0
    solution: Solution


class WhatIfResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    baseline: Outcome
    scenarios: list[Outcome] = Field(description="Best first (highest objective).")
    warnings: list[str] = Field(default_factory=list)


# -- solving ---------------------------------------------------------------------------------
def solve_hinted(
    instance: Instance, params: SolveParams, baseline: Sequence[Assignment] = ()
) -> Solution:
    """`solve`, warm-started from a baseline rota, without progress output."""
    return solve(instance, params.model_copy(update={"progress": False}), hint=baseline)


def _task(instance: Instance, params: SolveParams, baseline: list[Assignment]) -> Solution:
    return solve_hinted(instance, params, baseline)


def _reached(solution: Solution) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for row in solution.coverage:
        out[row.insee] += row.served
    return out


def outcome(
    name: str,
    changes: Sequence[Any],
    instance: Instance,
    solution: Solution,
    baseline: Solution | None = None,
) -> Outcome:
    """The figures of one solve; changes against `baseline` when given."""
    eligible = {p.id for p in instance.staff if p.role == Role.doctor and p.oncall}
    doctors = {p.id for p in instance.staff if p.role == Role.doctor}
    counted = eligible or doctors
    oncalls = [s.oncalls for s in solution.staff_summary if s.staff in counted]
    newly: list[str] = []
    population = 0
    if baseline is not None:
        before, after = _reached(baseline), _reached(solution)
        pops = {c.insee: c.population for c in instance.communes}
        for insee, served in sorted(after.items()):
            if served > 0 and before.get(insee, 0.0) <= 0:
                newly.append(insee)
                population += pops.get(insee, 0)
    base_served = baseline.served_need_per_week if baseline is not None else None
    return Outcome(
        name=name,
        changes=list(changes),
        status=solution.status,
        objective=None if solution.objective is None else solution.objective.total,
        bound=solution.bound,
        gap=solution.gap,
        served_need=solution.served_need_per_week,
        served_need_change=0.0
        if base_served is None
        else round(solution.served_need_per_week - base_served, 3),
        population_newly_reached=population,
        communes_newly_reached=newly,
        uncovered_oncall=sum(1 for v in solution.violations if v.rule == "oncall_coverage"),
        oncalls_mean=round(sum(oncalls) / len(oncalls), 2) if oncalls else 0.0,
        oncalls_max=max(oncalls, default=0),
        seconds=solution.stats.seconds if solution.stats else 0.0,
        solution=solution,
    )


def _rank_key(o: Outcome) -> tuple[int, float, str]:
    return (o.objective is None, -(o.objective or 0.0), o.name)


def _abs_gap(o: Outcome) -> float:
    if o.objective is None or o.bound is None:
        return 0.0
    return max(0.0, o.bound - o.objective)


def ranking_warnings(ranked: Sequence[Outcome], baseline: Outcome | None = None) -> list[str]:
    """Where the largest gap (bound - objective) exceeds the objective difference between
    consecutive ranked scenarios, the order of those two is not proven."""
    solved = [o for o in ranked if o.objective is not None]
    everything = [*solved, *([baseline] if baseline else [])]
    largest = max((_abs_gap(o) for o in everything), default=0.0)
    out = []
    for a, b in itertools.pairwise(solved):
        assert a.objective is not None and b.objective is not None
        diff = a.objective - b.objective
        if largest > diff + 1e-6:
            out.append(
                f"{a.name!r} ranks above {b.name!r} by {diff:.3f} but the largest gap is "
                f"{largest:.3f}: their order is not proven"
            )
    unsolved = [o.name for o in ranked if o.objective is None]
    if unsolved:
        out.append(f"no rota found for: {', '.join(unsolved)}")
    return out


def whatif(
    instance: Instance,
    scenarios: Sequence[Scenario],
    params: SolveParams | None = None,
    jobs: int = 1,
    executor: Callable[[int], Executor] | None = None,
) -> WhatIfResult:
    """Solve the baseline, then every scenario warm-started from the baseline rota, `jobs` at
    a time (a ProcessPoolExecutor unless `executor` makes another, e.g. a cluster's:
    `maillage.solver.apps.executors`), each within `params.time_limit`. With jobs > 1 or an
    executor, and `params.workers` not set explicitly, each solve uses one worker, which
    also makes every solve deterministic for `params.seed`. A signal (SIGINT, SIGTERM) in the
    main thread stops the study at once, and its tasks with it: StudyInterrupted."""
    params = (params or SolveParams()).model_copy(update={"progress": False, "relax": False})
    parallel = jobs > 1 or executor is not None
    if parallel and "workers" not in params.model_fields_set:
        params = params.model_copy(update={"workers": 1})
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise InputError([Issue("scenario", "scenario names must differ")], SOURCE)
    modified = [s.apply(instance) for s in scenarios]  # every input error before any solve
    with Stop().on_signals() as signalled:
        base_solution = _unless_interrupted(solve_hinted(instance, params), signalled.is_set())
        hints = base_solution.assignments
        if parallel and len(scenarios) > 1:
            make = executor or (lambda n: ProcessPoolExecutor(max_workers=n))
            with make(min(jobs, len(scenarios))) as pool:
                futures = [pool.submit(_task, inst, params, hints) for inst in modified]
                _wait_unless_signalled(pool, futures, signalled.is_set)
                solutions = [_unless_interrupted(f.result(), False) for f in futures]
        else:
            solutions = [
                _unless_interrupted(solve_hinted(inst, params, hints), signalled.is_set())
                for inst in modified
            ]
    baseline = outcome("baseline", [], instance, base_solution)
    results = [
        outcome(s.name, s.changes, inst, sol, base_solution)
        for s, inst, sol in zip(scenarios, modified, solutions, strict=True)
    ]
    results.sort(key=_rank_key)
    return WhatIfResult(
        baseline=baseline, scenarios=results, warnings=ranking_warnings(results, baseline)
    )


class StudyInterrupted(Exception):
    """A signal stopped the study: a ranking of rotas cut short would compare unlike with
    unlike, so there is no result."""


def _unless_interrupted(solution: Solution, signalled: bool) -> Solution:
    if signalled or solution.interrupted:
        raise StudyInterrupted
    return solution


def _wait_unless_signalled(
    pool: Executor, futures: Sequence[Future[Solution]], signalled: Callable[[], bool]
) -> None:
    """Wait for every scenario; on a signal, cancel those not started and end the worker
    processes (their results would be thrown away, and a worker goes on to the scenarios
    already queued to it: a scenario's whole time limit more), then give up. A cluster's
    executor stops its running tasks in `shutdown(cancel_futures=True)`."""
    pending = set(futures)
    while pending:
        _, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
        if signalled():
            for future in pending:
                future.cancel()
            for process in getattr(pool, "_processes", {}).values():  # ProcessPoolExecutor's
                if process.is_alive():
                    process.kill()
            pool.shutdown(wait=True, cancel_futures=True)
            raise StudyInterrupted


def recruit_scenarios(
    instance: Instance,
    role: Role,
    fte: float,
    start_date: dt.date | None = None,
    candidates: Sequence[str] | None = None,
) -> list[Scenario]:
    """One scenario per candidate home site (default every site)."""
    sites = list(candidates) if candidates else [s.id for s in instance.sites]
    known = {s.id for s in instance.sites}
    for sid in sites:
        if sid not in known:
            raise InputError(
                [
                    Issue(
                        "--candidates", f"unknown site {sid!r} (known: {', '.join(sorted(known))})"
                    )
                ],
                SOURCE,
            )
    return [
        Scenario(
            name=f"+{role.value} {fte:g} @ {sid}",
            changes=[Recruit(role=role, fte=fte, home_site=sid, start_date=start_date)],
        )
        for sid in sites
    ]


def table(result: WhatIfResult) -> str:
    """The ranked table, baseline first, then warnings."""
    head = (
        f"{'#':>3}  {'scenario':<34} {'served/wk':>9} {'Δ base':>8} {'new pop':>8} "
        f"{'no oncall':>9} {'oncall mean/max':>15} {'objective':>11} {'gap':>7}"
    )
    lines = [head, "-" * len(head)]

    def row(rank: str, o: Outcome) -> str:
        obj = "-" if o.objective is None else f"{o.objective:.3f}"
        gap = "-" if o.gap is None else f"{100 * o.gap:.2f}%"
        delta = f"{o.served_need_change:+.1f}" if rank != "-" else ""
        pop = str(o.population_newly_reached) if rank != "-" else ""
        burden = f"{o.oncalls_mean:.2f}/{o.oncalls_max}"
        name = o.name if len(o.name) <= 34 else o.name[:33] + "…"
        return (
            f"{rank:>3}  {name:<34} {o.served_need:>9.1f} {delta:>8} {pop:>8} "
            f"{o.uncovered_oncall:>9} {burden:>15} {obj:>11} {gap:>7}"
        )

    lines.append(row("-", result.baseline))
    lines += [row(str(i), o) for i, o in enumerate(result.scenarios, 1)]
    lines += [f"warning: {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"
