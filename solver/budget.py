"""The time and the stop a search runs within: one deadline, one stop, one progress printer.

Why one object: a solve runs stages one after another, and two of them side by side; each
gets a share of the time, must end at once on Ctrl-C or when the stage beside it has
finished, and reports to one printer. A `Budget` carries the three together and hands out
shares, so "why did the solve stop at 40 s?" has one answer: a budget's deadline or its
stop.
"""

from __future__ import annotations

import signal
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import FrameType
from typing import Any

from maillage.solver.progress import ProgressPrinter

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stop:
    """The one way a search is stopped early, by the user (a signal: `interrupted`) or by the
    solve itself (the search beside it finished). A child stops with its parent, never the
    reverse, so one of two searches side by side can be ended alone. Hooks run when it
    stops: a CP-SAT solve in flight registers its `stop_search`."""

    def __init__(self, parent: Stop | None = None) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._hooks: dict[int, Callable[[], None]] = {}
        self._next_hook = 0
        self._children: weakref.WeakSet[Stop] = weakref.WeakSet()
        self._signalled = False
        self.parent = parent
        if parent is not None:
            with parent._lock:
                parent._children.add(self)
            if parent.is_set():
                self.set()

    def set(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            hooks = list(self._hooks.values())
            children = list(self._children)
        for hook in hooks:
            hook()
        for child in children:
            child.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float) -> bool:
        return self._event.wait(timeout)

    @property
    def interrupted(self) -> bool:
        """Stopped by a signal, here or above: the user is waiting for the rota so far."""
        return self._signalled or (self.parent is not None and self.parent.interrupted)

    def child(self) -> Stop:
        return Stop(self)

    @contextmanager
    def calling(self, hook: Callable[[], None]) -> Iterator[None]:
        """`hook` runs when this stops while inside (at once if it has stopped already)."""
        with self._lock:
            key = self._next_hook
            self._next_hook += 1
            self._hooks[key] = hook
            stopped = self._event.is_set()
        if stopped:
            hook()
        try:
            yield
        finally:
            with self._lock:
                del self._hooks[key]

    @contextmanager
    def on_signals(self) -> Iterator[Stop]:
        """While inside, SIGINT and SIGTERM stop this (marked interrupted) instead of killing
        the process; the previous handlers come back on exit. Outside the main thread, where
        Python cannot install handlers, a signal goes to whoever installed them there."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return

        def handler(signum: int, frame: FrameType | None) -> None:
            self._signalled = True
            self.set()

        previous: dict[int, Any] = {}
        try:
            for sig in _SIGNALS:
                previous[sig] = signal.signal(sig, handler)
            yield self
        finally:
            for number, old in previous.items():
                signal.signal(number, old)


@dataclass(frozen=True)
class Budget:
    """A deadline (monotonic seconds), the stop, the printer; `soft_seconds`: that long into
    its search a backend stops as soon as it has a rota, the deadline then bounding only the
    search for a first one (a person's step in the neighbourhood search's construction)."""

    deadline: float
    stop: Stop = field(default_factory=Stop)
    printer: ProgressPrinter = field(default_factory=lambda: ProgressPrinter(False))
    soft_seconds: float | None = None
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def of(
        cls,
        seconds: float,
        printer: ProgressPrinter | None = None,
        stop: Stop | None = None,
    ) -> Budget:
        now = time.monotonic()
        return cls(
            now + seconds, stop or Stop(), printer or ProgressPrinter(False), None, started=now
        )

    @property
    def limit(self) -> float:
        """The seconds this budget was given."""
        return self.deadline - self.started

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def stopped(self) -> bool:
        return self.stop.is_set()

    @property
    def interrupted(self) -> bool:
        return self.stop.interrupted

    def within(self, seconds: float, *, soft: float | None = None) -> Budget:
        """A stage's share: at most `seconds` from now, never past this deadline; the same
        stop and printer; `soft`: its `soft_seconds`."""
        now = time.monotonic()
        deadline = min(self.deadline, now + seconds)
        return replace(self, deadline=deadline, soft_seconds=soft, started=now)

    def at_least(self, seconds: float) -> Budget:
        """`seconds` from now even past this deadline, for a step whose result the solve
        needs (a large part's first rota); the same stop and printer."""
        now = time.monotonic()
        return replace(self, deadline=now + seconds, soft_seconds=None, started=now)

    def share(self, fraction: float) -> Budget:
        """`fraction` of the time left, from now."""
        return self.within(fraction * self.left())

    def quiet(self) -> Budget:
        """The same time and stop, printing nothing (sub-solves whose rotas are not the
        solve's)."""
        return replace(self, printer=ProgressPrinter(False))

    def apart(self) -> Budget:
        """The same time and printer with a stop of its own, which this budget's stop also
        sets: for one of two searches run side by side."""
        return replace(self, stop=self.stop.child())
