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
