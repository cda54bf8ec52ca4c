"""Neighbourhood search for large models: a rota built person by person, then improved a few
people (or a few days) at a time, then handed to the backend on the whole model.

Why: on long horizons (half a year to a year, up to a million variables) CP-SAT on the whole
model may find no roster at all within the time limit, while each person alone is a small
model that it solves in seconds (docs/decisions/2026-12-01-cpsat-whole-model-limits.md). So:

1. Construction: each person in turn is solved alone, everyone else fixed (people not yet
   placed work nothing), against what the others already cover: a greedy rota that meets
   every per-person rule. A person's share of the time is a soft limit: past it, her search
   stops at her first rota (or at the time limit, then incomplete). Rules that bind
   several people hard (one on-call doctor a night) can make a person's step infeasible;
   the search then gives up and the backend solves the whole model as usual.
2. Improvement: a neighbourhood (a few people over the whole horizon, everyone over a few
   days, or some people over a few weeks) is freed and solved exactly by the backend,
   hinted with the current rota; the result is kept when it is no worse. Its size adapts:
   larger after a sub-solve proven quickly or proven with nothing better found, smaller
   after one that ran out of time or improved only slowly. A quarter of the moves free
   where the rota and the LP optimum disagree (models small enough for the LP); after a
   stall the moves get a longer time limit. With CP-SAT and two workers, two lanes of moves
   run at once, one worker each: one is cut out while the other is solved. After column
   generation the moves can take its LP optimum as their guide instead, every move then
   guided (`maillage.solver.search.side_by_side` runs them so, next to CP-SAT on the whole model);
   where weekends are capped, half of those free a few people's weekends and every
   decision, the others' weekends held (`maillage.solver.search.weekend_moves`).
3. The whole model: the backend gets the rest of the time, hinted with the rota, for a bound
   and a last improvement, and polishes it as it does any rota.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from maillage.solver.backends import get_backend
from maillage.solver.backends.common import BackendResult, BackendStatus, in_sequence
from maillage.solver.budget import Budget, Stop
from maillage.solver.model import cycle_collector
from maillage.solver.model.build import Build
from maillage.solver.model.linear import LinearModel
from maillage.solver.params import NeighbourhoodParams, SolveParams
from maillage.solver.progress import ProgressPrinter
from maillage.solver.search import weekend_moves
from maillage.solver.search.neighbourhood import (
    IntArray,
    ModelIndex,
    Restriction,
    move_keeps_feasible,
    restrict,
    update_activity,
)
from maillage.solver.search.relaxation import Relaxation, solve_lp

# The time shares and move mix are `params.stages.neighbourhood` (`NeighbourhoodParams`).
START_SIZE = 400  # free decisions in the first neighbourhood
# A proven neighbourhood grows when it found nothing (too small to hold a better rota) or was
# proven fast (`fast_move_seconds`); one proven slower that did improve shrinks, as a
# time-out does: many small proven moves gain more per second than a few that run long.
GROW, SHRINK = 1.15, 0.85
WINDOW_DAYS = (7, 14, 28)  # the windows of a neighbourhood of some people over some days
MAX_LANES = 2  # neighbourhoods solved at once (see `lanes`)


def wanted(params: SolveParams, decisions: int) -> bool:
    """auto: models large enough that CP-SAT alone on the whole model does worse."""
    if params.neighbourhood == "auto":
        least = params.stages.neighbourhood.auto_min_decisions
        return decisions >= least and not params.stop_after_first_solution
    return params.neighbourhood == "on"


def layout(build: Build) -> Layout:
    people = [
        np.asarray([var for _, _, var in entries], dtype=np.int64)
        for entries in build.by_person.values()
    ]
    days = weekend_moves.weekend_days(build)
    return Layout(
        people,
        {var: key[1] for key, var in build.x.items()},
        weekend_work=weekend_moves.weekend_work(build, days),
        weekend_days=days,
    )


@dataclass
class Layout:
    """Where the decisions sit: per person, and the day of each (for day windows)."""

    people: list[IntArray]
    day: dict[int, int]  # decision variable -> day index
    # per person, the worked-day variables of weekend days (empty: no weekend moves)
    weekend_work: list[IntArray] = field(default_factory=list)
    weekend_days: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    by_day: list[IntArray] = field(default_factory=list)
    days_of: list[IntArray] = field(default_factory=list)  # the day of each of people[k]
    owner: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # var -> k
    decisions: int = 0  # in all
    per_person: float = 0.0  # decisions, on average
    per_day: float = 0.0

    def __post_init__(self) -> None:
        days = max(self.day.values(), default=-1) + 1
        buckets: list[list[int]] = [[] for _ in range(days)]
        for var, d in self.day.items():
            buckets[d].append(var)
        self.by_day = [np.asarray(b, dtype=np.int64) for b in buckets]
        self.days_of = [
            np.fromiter((self.day[v] for v in p.tolist()), dtype=np.int64, count=p.size)
            for p in self.people
        ]
        self.decisions = sum(p.size for p in self.people)
        top = max((int(p.max()) for p in self.people if p.size), default=-1)
        self.owner = np.full(top + 1, -1, dtype=np.int64)
        for k, p in enumerate(self.people):
            self.owner[p] = k
        self.per_person = self.decisions / max(1, len(self.people))
        self.per_day = self.decisions / max(1, days)


@dataclass
class Search:
    """The state of one neighbourhood search: the current solution and its bookkeeping."""

    index: ModelIndex
    values: IntArray
    params: SolveParams
    # The search's own: its stop ends the lanes and the moves in flight (a lane that failed
    # or proved the whole model sets it; so does the caller's stop, above it).
    budget: Budget
    deadline: float  # of the moves (the whole model's share comes after)
    rng: random.Random
    activity: IntArray = field(init=False)
    objective: int = field(init=False)  # of the values, kept up to date by each move
    penalties: IntArray = field(init=False)  # the variables the objective charges for
    moves: int = 0
    improving: int = 0
    stale: int = 0  # moves dropped: another move made them infeasible while they were solved
    version: int = 0  # of the rota: one more at each move that changes it
    # Held while a move is cut out or committed (several searches at once).
    lock: threading.Lock = field(default_factory=threading.Lock)
    complete: bool = False  # every person has a rota: the values are a solution
    relaxation: Relaxation | None = None  # the LP optimum, for guided moves
    guided_share: float = 0.0  # of the moves, those guided by it (set from the params)
    weekend_share: float = 0.0  # of the moves, weekend moves (guided by the LP too)
    proven: bool = False  # a neighbourhood of every decision was solved to optimality

    @property
    def interrupted(self) -> bool:
        return self.budget.interrupted

    @property
    def stop(self) -> Stop:
        return self.budget.stop

    def __post_init__(self) -> None:
        self.guided_share = self.params.stages.neighbourhood.guided_share
        self.activity = self.index.activity(self.values)
        self.objective = self.index.value(self.values)
        self.penalties = np.flatnonzero(self.index.objective > 0)

    def hot(self, rng: random.Random) -> IntArray:
        """The decisions next to one penalised term of the rota, drawn in proportion to its
        penalty: those in a constraint with it (everyone who could take an under-covered
        shift), or the decision itself when it is penalised (a shift-off request not
        granted); empty when nothing is penalised."""
        index = self.index
        cost = index.objective[self.penalties] * self.values[self.penalties]
        total = int(cost.sum())
        if total <= 0:
            return _no_decisions()
        at = np.searchsorted(np.cumsum(cost), rng.random() * total, side="right")
        term = int(self.penalties[at])
        if index.is_decision[term]:
            return np.asarray([term], dtype=np.int64)
        rows = index.v_con[index.v_ptr[term] : index.v_ptr[term + 1]].tolist()
        near: IntArray = np.concatenate(
            [index.c_var[index.c_ptr[r] : index.c_ptr[r + 1]] for r in rows] or [_no_decisions()]
        )
        return near[index.is_decision[near]]

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def cut(self, seeds: IntArray) -> tuple[Restriction, int]:
        """The model of a neighbourhood, and the version of the rota it was cut from."""
        return restrict(self.index, self.values, self.activity, seeds), self.version

    def solve_cut(
        self,
        cut: Restriction,
        seconds: float,
        rng: random.Random,
        *,
        soft: float | None = None,
        workers: int | None = None,
    ) -> BackendResult:
        """The backend on a neighbourhood (`soft`: its soft time limit)."""
        sub_params = self.params.model_copy(
            update={
                "polish_seconds": 0.0,
                "progress": False,
                "seed": rng.randrange(1 << 20),
                "stop_after_first_solution": False,
                "quick_presolve": True,
                "workers": workers or self.params.workers,
            }
        )
        budget = self.budget.within(seconds, soft=soft).quiet()
        return get_backend(self.params.backend).solve(cut.lm, sub_params, budget)

    def commit(
        self, cut: Restriction, version: int, result: BackendResult, force: bool = False
    ) -> int | None:
        """Put a neighbourhood's solution into the rota when it is no worse (whenever there
        is one if `force`: the construction's values are not a solution yet, so comparing
        with them means nothing); the change of the objective, None if it was not kept. One
        cut from an older version of the rota (another move came in between) is kept only if
        it still satisfies every constraint it touches."""
        self.moves += 1
        if result.values is None:
            return None
        # in place: a copy of the whole rota would be a pass over every variable per move
        new = np.asarray(result.values, dtype=np.int64)
        old = self.values[cut.vars]
        moved = np.flatnonzero(new != old)
        changed, delta = cut.vars[moved], new[moved] - old[moved]
        gain = int(self.index.objective[changed] @ delta)
        if gain > 0 and not force:
            return None
        if version != self.version and not move_keeps_feasible(
            self.index, self.activity, self.values, changed, new[moved]
        ):
            self.stale += 1
            return None
        update_activity(self.index, self.activity, changed, delta)
        self.values[changed] = new[moved]
        self.objective += gain
        self.version += int(changed.size > 0)
        self.improving += int(gain < 0)
        return gain

    def step(
        self, seeds: IntArray, seconds: float, *, soft: float | None = None, force: bool = False
    ) -> tuple[BackendResult, bool]:
        """Solve one neighbourhood and commit it: the backend's result, and whether it was
        kept."""
        cut, version = self.cut(seeds)
        result = self.solve_cut(cut, seconds, self.rng, soft=soft)
        return result, self.commit(cut, version, result, force) is not None


def _no_decisions() -> IntArray:
    return np.zeros(0, dtype=np.int64)


def whole_model_share(lm: LinearModel, params: SolveParams) -> float:
    """The share of the time kept for the backend on the whole model at the end: none above
    a size whose presolve alone would not end within it (the moves go on instead)."""
    shares = params.stages.neighbourhood
    return shares.whole_model_share if lm.num_vars <= shares.whole_model_max_variables else 0.0


def construct(
    lm: LinearModel,
    layout: Layout,
    params: SolveParams,
    budget: Budget,
    *,
    whole_share: float | None = None,
) -> Search | None:
    """The search's start: the hints when they are a whole solution, else each person solved
    alone in turn, against what the others placed so far cover (people not yet placed work
    nothing). None when a person has no rota alone
    (a hard rule binding several people); the search with `complete` unset when time ran out
    or a signal (`interrupted`) stopped it first."""
    called = time.monotonic()
    deadline = budget.deadline
    time_limit = deadline - called
    shares = params.stages.neighbourhood
    index = ModelIndex(lm)
    values = index.lower.copy()
    for var, value in lm.hints.items():
        values[var] = min(max(value, int(index.lower[var])), int(index.upper[var]))
    if whole_share is None:
        whole_share = whole_model_share(lm, params)
    improve_until = deadline - whole_share * time_limit
    own = budget.apart()
    search = Search(index, values, params, own, improve_until, random.Random(params.seed))
    if len(lm.hints) == lm.num_vars and not index.violated(values):
        search.complete = True  # a whole rota was handed over (price and fix): start from it
        return search
    until = called + shares.construction_share * time_limit
    least = shares.min_step_seconds
    people = [p for p in layout.people if p.size]
    for k, person in enumerate(people):
        # Her share of the construction's time is a soft limit: a first rota can take CP-SAT
        # far longer for one person than for another, and it goes on searching rather than
        # restarting; one found sooner is improved until the share is spent.
        share = max(least, (until - time.monotonic()) / (len(people) - k))
        while True:
            left = deadline - time.monotonic()
            if left < least:
                return search  # out of time, incomplete: no use handing over either
            result, kept = search.step(person, left, soft=min(share, left), force=True)
            if kept or result.status != "unknown" or search.interrupted:
                break
            share *= 2  # a backend that stops at the soft limit, rota or not (MIP)
        if not kept or search.interrupted:
            return search if search.interrupted else None
    if index.violated(search.values):
        return None
    search.complete = True
    return search


def solve(
    lm: LinearModel,
    layout: Layout,
    params: SolveParams,
    budget: Budget,
    *,
    guide: Relaxation | None = None,
    alongside: bool = False,
) -> BackendResult | None:
    """Construct, improve, then search the whole model; None when the construction fails (the
    caller then solves the whole model as usual, with the time left).

    `guide`: an LP optimum known already (column generation's), which then guides every
    move. `alongside`: the search runs beside the whole model's
    (`maillage.solver.search.side_by_side`): it has no whole-model stage of its own, and ends
    when the budget's stop is set."""
    with cycle_collector.frozen():
        return _solve(lm, layout, params, budget, guide, alongside)


def _solve(
    lm: LinearModel,
    layout: Layout,
    params: SolveParams,
    budget: Budget,
    guide: Relaxation | None,
    alongside: bool,
) -> BackendResult | None:
    called = time.monotonic()
    deadline = budget.deadline
    time_limit = deadline - called
    shares = params.stages.neighbourhood
    printer = budget.printer
    whole_share = 0.0 if alongside else whole_model_share(lm, params)
    search = construct(lm, layout, params, budget, whole_share=whole_share)
    if search is None:
        printer.note("neighbourhood search: no rota person by person; the whole model instead")
        return None
    if not search.complete:  # out of time or interrupted: nothing to return or hand over
        printer.note("neighbourhood search: stopped before every person had a rota")
        seconds = time.monotonic() - called
        return BackendResult("unknown", None, None, None, seconds, None, search.interrupted)
    first = time.monotonic() - called
    objective = search.objective
    printer.solution(first, objective, None)
    if guide is None:
        lp_seconds = min(shares.lp_share * time_limit, search.left())
        search.relaxation = solve_lp(search.index, lp_seconds)
    else:
        search.relaxation, search.guided_share = guide, shares.agreed_share
        search.weekend_share = shares.weekend_share if layout.weekend_work else 0.0
    improved_at = _improve(search, layout, printer, called)
    best = first if improved_at is None else improved_at
    objective = search.objective

    def own(status: BackendStatus, bound: int | None, interrupted: bool) -> BackendResult:
        """The search's own rota as the result."""
        seconds = time.monotonic() - called
        values = search.values.tolist()
        return BackendResult(status, values, objective, bound, seconds, first, interrupted, best)

    moves = f"neighbourhood search: {search.moves} moves, {search.improving} improving"
    if alongside or not whole_share:
        why = "" if alongside else "; the whole model is too large to search in the time left"
        printer.note(moves + why)
        if search.proven:
            return own("optimal", objective, search.interrupted)
        return own("feasible", None, search.interrupted)
    printer.note(f"{moves}; now the whole model")
    hinted = lm.fixed({}, hints=dict(enumerate(search.values.tolist())))
    offset = time.monotonic() - called
    rest = deadline - time.monotonic()
    if search.interrupted:  # the user is waiting: only the backend's brief polish
        rest = min(rest, params.stages.polish.interrupted_seconds)
    before = own("feasible", None, search.interrupted)
    whole = get_backend(params.backend).solve(hinted, params, budget.within(rest))
    return in_sequence(before, whole, offset)


@dataclass
class _Pace:
    """What the lanes of a search share besides the rota: the next neighbourhood's size, the
    best value so far and when it came."""

    size: float
    best: int
    shares: NeighbourhoodParams
    improved_at: float | None = None
    seconds: float = 0.0  # the time limit of the next neighbourhood (the base at first)
    since: float = field(default_factory=time.monotonic)  # the last improvement or stall

    def __post_init__(self) -> None:
        self.seconds = self.seconds or self.shares.move_seconds

    def record(self, value: int, now: float) -> bool:
        """Take the rota's value after a move; whether it is a new best. A new best puts the
        time limit back to the base; a stall (`stall_seconds`) doubles it: a rota that no
        short move improves needs larger, longer moves."""
        base = self.shares.move_seconds
        if value < self.best:
            self.best, self.seconds, self.since = value, base, now
            return True
        if now - self.since > self.shares.stall_seconds * self.seconds / base:
            self.seconds = min(self.shares.max_move_seconds, 2 * self.seconds)
            self.since = now
        return False


def lanes(params: SolveParams) -> int:
    """How many neighbourhoods are solved at once. Cutting a neighbourhood out and compiling
    it holds Python's lock and CP-SAT's solve does not, so with two lanes one is cut while
    the other is solved; each solve gets `workers // lanes` threads. Only CP-SAT: the MIP
    backend's solvers are separate processes with their own files, not tried at once."""
    if params.backend != "cpsat":
        return 1
    return max(1, min(MAX_LANES, params.workers))


def _improve(
    search: Search, layout: Layout, printer: ProgressPrinter, called: float
) -> float | None:
    """Neighbourhoods until the search's deadline, in one lane or several; when the last
    improvement came (seconds from `called`), None if none did."""
    shares = search.params.stages.neighbourhood
    pace = _Pace(float(min(START_SIZE, layout.decisions)), search.objective, shares)
    n = lanes(search.params)
    if n == 1:
        _lane(search, layout, printer, called, pace, search.rng, None)
        return pace.improved_at
    workers = max(1, search.params.workers // n)
    rngs = [search.rng] + [random.Random(search.rng.randrange(1 << 30)) for _ in range(n - 1)]
    with ThreadPoolExecutor(n, thread_name_prefix="lns") as pool:
        futures = [
            pool.submit(_lane, search, layout, printer, called, pace, rng, workers) for rng in rngs
        ]
        for future in futures:
            future.result()  # a lane's error, raised here (the others stop on it)
    return pace.improved_at


def _lane(
    search: Search,
    layout: Layout,
    printer: ProgressPrinter,
    called: float,
    pace: _Pace,
    rng: random.Random,
    workers: int | None,
) -> None:
    """One lane of moves: cut and commit under the search's lock, solve outside it."""
    decisions = layout.decisions
    try:
        while search.left() > 0.2 and not search.interrupted and not search.stop.is_set():
            with search.lock:
                weekend = _weekends(rng, search, layout)
                kind = rng.random()
                if weekend is not None:
                    seeds = np.concatenate(layout.people)
                elif kind < search.guided_share and search.relaxation is not None:
                    off = search.relaxation.disagreeing(search.values)
                    seeds = _guided(rng, layout, int(pace.size), off)
                else:
                    focused = search.params.stages.neighbourhood.focused_share
                    hot = search.hot(rng) if rng.random() < focused else None
                    seeds = pick(rng, layout, int(pace.size), hot)
                started = time.monotonic()
                cut, version = search.cut(seeds)
                if weekend is not None:
                    cut.hold(weekend, search.values)
            weekend_seconds = search.params.stages.neighbourhood.weekend_move_seconds
            limit = pace.seconds if weekend is None else weekend_seconds
            seconds = min(limit, search.left())
            result = search.solve_cut(cut, seconds, rng, workers=workers)
            with search.lock:
                gain = search.commit(cut, version, result)
                if search.interrupted:
                    break
                proven = result.status == "optimal"
                if proven and seeds.size >= decisions and weekend is None:
                    search.proven = True  # the whole model: nothing left to improve
                    search.stop.set()
                    break
                # this move's own gain: the other lane's may have come in meanwhile
                improved = gain is not None and gain < 0
                took = time.monotonic() - started
                if weekend is None:  # the size is that of the other moves
                    fast = took < search.params.stages.neighbourhood.fast_move_seconds
                    pace.size = resized(pace.size, decisions, proven, improved, fast)
                value = search.objective
                now = time.monotonic()
                if pace.record(value, now):
                    pace.improved_at = now - called
                    printer.solution(pace.improved_at, value, None)
    except BaseException:
        search.stop.set()
        raise


def _weekends(rng: random.Random, search: Search, layout: Layout) -> IntArray | None:
    """For a weekend move (drawn with the search's share): the weekend worked-day variables
    it holds, those of everyone but the people it frees; None for another kind of move."""
    if search.relaxation is None or rng.random() >= search.weekend_share:
        return None
    far = weekend_moves.distance(
        layout.people, layout.days_of, layout.weekend_days, search.values, search.relaxation
    )
    return weekend_moves.held(layout.weekend_work, weekend_moves.choose(rng, far))


def resized(size: float, decisions: int, proven: bool, improved: bool, fast: bool) -> float:
    """The next neighbourhood's size (see GROW)."""
    if proven and (not improved or fast):
        return min(float(decisions), size * GROW)
    return max(1.0, size * SHRINK)


def pick(rng: random.Random, layout: Layout, size: int, hot: IntArray | None = None) -> IntArray:
    """A random neighbourhood of about `size` decisions: some people over the whole horizon,
    everyone over a run of days, or some people over a window of days (two half windows on
    long wards, see `_windows`). The first two only when their unit (a person's horizon, a
    day of everyone) fits in the size: on a year-long ward one person alone is thousands of
    decisions, too many to prove in a second. With `hot` decisions (next to a penalty, see
    `Search.hot`), a window around one of them, over the people they belong to first."""
    days = len(layout.by_day)
    if hot is not None and hot.size and days > 1:
        return _around(rng, layout, size, hot)
    kind = rng.random()
    if days <= 1 or (kind < 0.5 and layout.per_person <= size):
        return _people(rng, layout.people, size)
    if 0.5 <= kind < 0.75 and layout.per_day <= size:
        length = min(days, int(size // layout.per_day))
        start = rng.randrange(days - length + 1)
        return np.concatenate(layout.by_day[start : start + length])
    length = min(days, rng.choice(WINDOW_DAYS))
    order = rng.sample(range(len(layout.people)), k=len(layout.people))
    chosen = order[: _people_in(layout, size, length)]
    return _windows(rng, layout, size, chosen, length)


def _guided(rng: random.Random, layout: Layout, size: int, off: IntArray) -> IntArray:
    """The decisions where the rota and the LP optimum disagree (at most three quarters of
    the size, drawn at random), and a random neighbourhood for the rest."""
    most = max(1, 3 * size // 4)
    if off.size > most:
        off = np.sort(np.asarray(rng.sample(off.tolist(), most), dtype=np.int64))
    return np.union1d(off, pick(rng, layout, max(1, size - off.size)))


def _around(rng: random.Random, layout: Layout, size: int, hot: IntArray) -> IntArray:
    """A window of days over one hot decision, for the people of the hot decisions (in random
    order) and then others, as many as the size holds."""
    days = len(layout.by_day)
    hot = hot[hot < layout.owner.size]
    hot = hot[layout.owner[hot] >= 0]  # only decisions of people (all are, from `layout`)
    if not hot.size:
        return pick(rng, layout, size)
    centre = int(hot[rng.randrange(hot.size)])
    length = min(days, rng.choice(WINDOW_DAYS))
    wanted = _people_in(layout, size, length)
    near = [int(k) for k in np.unique(layout.owner[hot])]
    rng.shuffle(near)
    order = [int(layout.owner[centre]), *near]
    if len(set(order)) < wanted:
        order += rng.sample(range(len(layout.people)), k=len(layout.people))
    chosen = list(dict.fromkeys(order))[:wanted]
    return _windows(rng, layout, size, chosen, length, layout.day[centre])


def _people_in(layout: Layout, size: int, length: int) -> int:
    """How many people's windows of `length` days make about `size` decisions (one at least)."""
    per_person = max(1e-9, layout.per_person * length / len(layout.by_day))
    return max(1, round(size / per_person))


def _windows(
    rng: random.Random,
    layout: Layout,
    size: int,
    chosen: Sequence[int],
    length: int,
    day: int | None = None,
) -> IntArray:
    """The chosen people's decisions over a window of `length` days (holding `day` if given),
    or, when one person's horizon is too large for a move (see `pick`), over two windows of
    half the length: one as before, the other anywhere. A nurse's yearly minutes can be as
    tight as one shift, so a shift she takes on in one month must be given up in another,
    which one window of at most four weeks cannot hold."""
    days = len(layout.by_day)
    split = layout.per_person > size and length >= 2
    first = length // 2 if split else length
    if day is None:
        start = rng.randrange(days - first + 1)
    else:
        start = min(max(0, day - rng.randrange(first)), days - first)
    window = _window(layout, chosen, start, first)
    if not split:
        return window
    other = rng.randrange(days - (length - first) + 1)
    return np.union1d(window, _window(layout, chosen, other, length - first))


def _window(layout: Layout, chosen: Sequence[int], start: int, length: int) -> IntArray:
    """The decisions of the chosen people on days start to start + length - 1."""
    return np.concatenate(
        [
            layout.people[k][(layout.days_of[k] >= start) & (layout.days_of[k] < start + length)]
            for k in chosen
        ]
    )


def _people(rng: random.Random, people: Sequence[IntArray], size: int) -> IntArray:
    order = list(range(len(people)))
    rng.shuffle(order)
    chosen: list[IntArray] = []
    total = 0
    for k in order:
        if total >= size and chosen:
            break
        chosen.append(people[k])
        total += people[k].size
    return np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
