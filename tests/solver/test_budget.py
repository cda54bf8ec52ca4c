"""The budget and its stop: shares never pass the deadline, a child stops with its parent
and not the reverse, hooks run when a stop comes, a signal marks the stop interrupted."""

from __future__ import annotations

import os
import signal
import time

from maillage.solver.budget import Budget, Stop


def test_a_share_never_passes_the_deadline() -> None:
    budget = Budget.of(2.0)
    assert budget.within(10.0).deadline == budget.deadline
    short = budget.within(0.5)
    assert short.deadline < budget.deadline
    assert 0.4 < short.left() <= 0.5
    half = budget.share(0.5)
    assert abs(half.left() - budget.left() / 2) < 0.05


def test_at_least_may_pass_the_deadline_for_a_step_that_must_finish() -> None:
    budget = Budget.of(0.1)
    assert budget.at_least(5.0).deadline > budget.deadline


def test_a_child_stops_with_its_parent_not_the_reverse() -> None:
    parent = Stop()
    child, sibling = parent.child(), parent.child()
    child.set()
    assert child.is_set() and not parent.is_set() and not sibling.is_set()
    parent.set()
    assert sibling.is_set()
    assert Stop(parent).is_set()  # born under a stopped parent: stopped


def test_apart_gives_a_budget_its_own_stop_under_the_callers() -> None:
    budget = Budget.of(5.0)
    one, two = budget.apart(), budget.apart()
    one.stop.set()
    assert one.stopped and not two.stopped and not budget.stopped
    budget.stop.set()
    assert two.stopped


def test_hooks_run_when_the_stop_comes_and_at_once_when_it_came_before() -> None:
    stop = Stop()
    calls: list[str] = []
    with stop.calling(lambda: calls.append("in flight")):
        stop.set()
    assert calls == ["in flight"]
    with stop.calling(lambda: calls.append("late")):
        pass
    assert calls == ["in flight", "late"]
    stop.set()  # a second stop runs no hook again
    assert calls == ["in flight", "late"]


def test_a_stop_set_by_the_solve_is_not_an_interruption() -> None:
    parent = Stop()
    child = parent.child()
    child.set()
    assert child.is_set() and not child.interrupted


def test_a_signal_stops_and_marks_the_stop_and_its_children_interrupted() -> None:
    stop = Stop()
    child = stop.child()
    previous = signal.getsignal(signal.SIGINT)
    with stop.on_signals():
        os.kill(os.getpid(), signal.SIGINT)
        deadline = time.monotonic() + 2
        while not stop.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)
    assert stop.is_set() and stop.interrupted
    assert child.is_set() and child.interrupted
    assert signal.getsignal(signal.SIGINT) is previous  # the handler is put back
