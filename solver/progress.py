"""Live progress on stderr: one line per improving solution, bound updates at an interval."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Sequence

from rich.console import Console

from maillage.models.solution import Assignment
from maillage.solver.model.linear import OBJ_SCALE

# A better rota as the search finds it: its objective (maximised, as the solution's total,
# before the polish makes its terms exact) and its assignments.
RotaHook = Callable[[float, list[Assignment]], None]


def relative_gap(total: float, bound: float) -> float:
    return max(0.0, bound - total) / max(1.0, abs(bound))


class ProgressPrinter:
    """Prints elapsed, objective, bound and gap, in the maximised units of the solution, or
    as a penalty (minimised, the NRP's own units) when the objective has nothing to gain.

    A solve runs stages one after the other (column generation, neighbourhoods, the whole
    model), some at once, each timing itself and knowing only its own solutions and bound:
    once started, the printer counts the time from `start` and shows only a better rota or
    a better bound than it has shown, so the lines read as one search.

    `on_rota`: called with the rota itself at improvements, at most every `rota_interval`
    seconds (a copy of the values and a decode each time), where the engine can give it:
    CP-SAT's searches of the whole model, on an instance solved in one part. A rota met
    within the interval of the last one is not handed out; the solve's result is the last
    word."""

    def __init__(
        self,
        enabled: bool,
        interval: float = 1.0,
        on_rota: RotaHook | None = None,
        rota_interval: float = 2.0,
    ) -> None:
        self.enabled = enabled
        self.interval = interval
        self.on_rota = on_rota
        self.rota_interval = rota_interval
        self._decode: Callable[[Sequence[int]], list[Assignment]] | None = None
        self._rota_at: float | None = None
        self._console = Console(file=sys.stderr, highlight=False, soft_wrap=True)
        self._lock = threading.Lock()
        self._last_bound_print = 0.0
        self._started: float | None = None
        self._best: float | None = None  # minimised, as the stages report it
        self._best_bound: float | None = None
        self.improved_at: float | None = None  # monotonic time of the last better rota
        self._penalty = False  # shown minimised (see `start`), else maximised

    def start(self, name: str, variables: int, constraints: int, *, penalty: bool = False) -> None:
        """`penalty`: every term of the objective costs (the NRP's cover and requests), so the
        lines show the penalty itself, as the roster's JSON does, not minus it."""
        self._started = time.monotonic()
        self._penalty = penalty
        if self.enabled:
            self._console.print(
                f"[bold]maillage[/] solving {name}: {variables} variables, "
                f"{constraints} constraints"
            )
            what = "penalty" if penalty else "objective"
            self._console.print(f"{'elapsed':>9} {what:>14} {'bound':>14} {'gap':>8}")

    def _elapsed(self, seconds: float) -> float:
        return seconds if self._started is None else time.monotonic() - self._started

    def _line(self, seconds: float, marker: str) -> None:
        """The best rota and bound so far, in the units `start` chose."""
        best = None if self._best is None else -self._best / OBJ_SCALE  # maximised
        best_bound = None if self._best_bound is None else -self._best_bound / OBJ_SCALE
        flip = -1 if self._penalty else 1
        total = "-" if best is None else f"{flip * best:14.3f}"
        bound = "-" if best_bound is None else f"{flip * best_bound:14.3f}"
        gap = "-"
        if best is not None and best_bound is not None:
            gap = f"{100 * relative_gap(best, best_bound):7.2f}%"
        elapsed = self._elapsed(seconds)
        self._console.print(f"{elapsed:8.2f}s {total:>14} {bound:>14} {gap:>8} {marker}")

    def _take_bound(self, minimised_bound: float) -> bool:
        if self._best_bound is not None and minimised_bound <= self._best_bound:
            return False
        self._best_bound = minimised_bound
        return True

    def solution(self, seconds: float, minimised: float, minimised_bound: float | None) -> None:
        """A new solution; a bound of None leaves the last one (a heuristic proves none)."""
        with self._lock:
            if minimised_bound is not None:
                self._take_bound(minimised_bound)
            if self._best is not None and minimised >= self._best:
                return
            self._best = minimised
            self.improved_at = time.monotonic()
            if self.enabled:
                self._line(seconds, "*")

    def decoding(self, decode: Callable[[Sequence[int]], list[Assignment]] | None) -> None:
        """How to read a rota from the values of the model being searched (set by `solve`
        once the model is built; None where values are not that model's)."""
        self._decode = decode

    def wants_rota(self, minimised: float) -> bool:
        """Whether a search that just reported this solution should hand out its values:
        someone listens, the values can be decoded, it is the best shown, and the last
        rota handed out is `rota_interval` old."""
        if self.on_rota is None or self._decode is None:
            return False
        with self._lock:
            if self._best is None or minimised > self._best:
                return False
            at = self._rota_at
            return at is None or time.monotonic() - at >= self.rota_interval

    def rota(self, minimised: float, values: Sequence[int]) -> None:
        """The values of a solution `wants_rota` accepted, decoded and handed out."""
        decode, hook = self._decode, self.on_rota
        if decode is None or hook is None:
            return
        with self._lock:
            self._rota_at = time.monotonic()
        hook(-minimised / OBJ_SCALE, decode(values))

    def bound(self, seconds: float, minimised_bound: float) -> None:
        with self._lock:
            if not self._take_bound(minimised_bound):
                return
            now = time.monotonic()
            if self.enabled and now - self._last_bound_print >= self.interval:
                self._last_bound_print = now
                self._line(seconds, "")

    def note(self, text: str) -> None:
        if self.enabled:
            self._console.print(text)

    def done(self, status: str, seconds: float) -> None:
        if self.enabled:
            self._console.print(f"[bold]{status}[/] after {seconds:.2f}s")
