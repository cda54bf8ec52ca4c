"""What every backend shares: the result of a solve, its status words, stopping on signals."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, Literal

# optimal: proven; feasible: a solution, not proven optimal; infeasible: proven to have none;
# unknown: none found (time limit, interruption) and none proven impossible.
BackendStatus = Literal["optimal", "feasible", "infeasible", "unknown"]

# After an interruption a backend still makes the reported terms exact, but briefly.
INTERRUPTED_POLISH_SECONDS = 2.0
# A share of a time limit is kept for the polish (at most params.polish_seconds): a solver's
# last rota, found by a heuristic or an LNS move, need not allocate its coverage best.
MIN_POLISH_SECONDS = 0.25  # unless that is more than half the time limit


def polish_reserve(polish_seconds: float, time_limit: float, share: float) -> float:
    """Seconds of a time limit kept to polish the rota found."""
    wanted = max(share * time_limit, min(MIN_POLISH_SECONDS, time_limit / 2))
    return min(polish_seconds, wanted)


@dataclass
class BackendResult:
    status: BackendStatus
    values: list[int] | None
    objective: int | None  # minimised, integer micro-units
    bound: int | None
    seconds: float
    first_feasible_seconds: float | None  # from the backend's call, compilation included
    interrupted: bool = False
    best_seconds: float | None = None  # when the returned solution was found


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_on_signals(stop: Callable[[], None]) -> Iterator[threading.Event]:
    """While inside, SIGINT and SIGTERM call `stop` and set the yielded event instead of
    killing the process; the previous handlers come back on exit. Outside the main thread
    (where Python cannot install handlers) this does nothing."""
    interrupted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield interrupted
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        interrupted.set()
        stop()

    previous: dict[int, Any] = {}
    try:
        for sig in _SIGNALS:
            previous[sig] = signal.signal(sig, handler)
        yield interrupted
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def better(objective: int | None, other: int | None) -> bool:
    """A rota's objective strictly better than another's (None: no rota)."""
    return objective is not None and (other is None or objective < other)


def settled(result: BackendResult) -> BackendResult:
    """Optimal when the rota meets the bound a merge gave it."""
    objective, bound = result.objective, result.bound
    if objective is not None and bound is not None and objective <= bound:
        result.status = "optimal"
    return result


def in_sequence(
    earlier: BackendResult | None,
    later: BackendResult,
    offset: float,
    bound: int | None = None,
) -> BackendResult:
    """One result for two stages of a solve, the later called `offset` seconds after the
    earlier began (hinted with its rota, or starting afresh): the later's rota unless the
    earlier's is strictly better, times counted from the earlier's start, the better of the
    proven bounds (`bound`: one the earlier stage proved besides its result's), interrupted
    when either was, and optimal when the rota meets the bound.

    Why one helper: price and fix then the search, the neighbourhood search then the whole
    model, and the searches side by side then CP-SAT alone all merge so, and a rule written
    three times drifts (the first stage's interruption, a tie, an unknown time)."""
    before = None if earlier is None else earlier.objective
    if earlier is not None and better(before, later.objective):
        chosen = earlier
    else:
        chosen = later
        if earlier is None or before is None:  # the later stage's own times, shifted
            first = later.first_feasible_seconds
            chosen.first_feasible_seconds = None if first is None else offset + first
            found = later.best_seconds
            chosen.best_seconds = None if found is None else offset + found
        else:  # the first rota came earlier; the best too unless the later stage improved
            chosen.first_feasible_seconds = earlier.first_feasible_seconds
            if better(later.objective, before):
                chosen.best_seconds = offset + (later.best_seconds or 0.0)
            else:
                chosen.best_seconds = earlier.best_seconds
    runs = [later] if earlier is None else [earlier, later]
    bounds = [b for b in [bound, *(r.bound for r in runs)] if b is not None]
    chosen.bound = max(bounds, default=None)
    chosen.interrupted = any(r.interrupted for r in runs)
    chosen.seconds = offset + later.seconds
    return settled(chosen)
