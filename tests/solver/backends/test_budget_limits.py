"""A backend within its budget: past the budget's `soft_seconds` the search stops as soon as
it has a rota, the deadline bounding only the search for a first one; the budget's stop ends
it from another thread. NRP 5 is the test model: CP-SAT finds a roster in a fraction of a
second and proves nothing within a minute, so a search that returns early returns because
of the soft limit or the stop."""

from __future__ import annotations

import threading
import time

import pytest
from paths import NRP_DATA

from maillage.solver import SolveParams, build_model
from maillage.solver.apps.nrp import format as nrp
from maillage.solver.backends import BackendResult, get_backend
from maillage.solver.budget import Budget, Stop

HARD = 60.0


@pytest.fixture(scope="module")
def nrp5_model():  # type: ignore[no-untyped-def]
    return build_model(nrp.load(NRP_DATA / "Instance5.txt").to_instance()).lm


def test_a_cpsat_search_with_a_rota_stops_at_the_soft_limit(nrp5_model) -> None:  # type: ignore[no-untyped-def]
    result, took = _solve(nrp5_model, "cpsat", HARD, soft_time_limit=1.0)
    assert result.status == "feasible" and result.values is not None
    assert took < HARD / 3, took  # stopped near 1 s (compilation included), not at 60 s


def test_the_mip_backend_stops_at_the_soft_limit_rota_or_not(nrp5_model) -> None:  # type: ignore[no-untyped-def]
    """CBC has no "first solution after S": the soft limit is its time limit."""
    result, took = _solve(nrp5_model, "mip", HARD, soft_time_limit=1.0)
    assert result.status in ("feasible", "unknown")
    assert took < HARD / 3, took


@pytest.mark.slow
def test_without_a_soft_limit_the_search_runs_to_its_time_limit(nrp5_model) -> None:  # type: ignore[no-untyped-def]
    result, _ = _solve(nrp5_model, "cpsat", 4.0, soft_time_limit=None)
    assert result.status == "feasible" and result.seconds >= 3.5


def _solve(  # type: ignore[no-untyped-def]
    lm, backend: str, time_limit: float, soft_time_limit: float | None
) -> tuple[BackendResult, float]:
    params = SolveParams(backend=backend, polish_seconds=0.0)
    started = time.monotonic()
    budget = Budget.of(time_limit).within(time_limit, soft=soft_time_limit)
    result = get_backend(backend).solve(lm, params, budget)
    return result, time.monotonic() - started


def test_a_cpsat_search_stops_when_told_from_another_thread(nrp5_model) -> None:  # type: ignore[no-untyped-def]
    """The whole model solved alongside the neighbourhood search stops when the search ends."""
    stop = Stop()
    threading.Timer(1.0, stop.set).start()
    params = SolveParams(polish_seconds=0.0)
    started = time.monotonic()
    result = get_backend("cpsat").solve(nrp5_model, params, Budget.of(HARD, stop=stop))
    assert result.status == "feasible" and result.values is not None
    assert time.monotonic() - started < HARD / 3


def test_the_mip_backend_does_not_start_once_told_to_stop(nrp5_model) -> None:  # type: ignore[no-untyped-def]
    stop = Stop()
    stop.set()
    result = get_backend("mip").solve(nrp5_model, SolveParams(), Budget.of(HARD, stop=stop))
    assert (result.status, result.values) == ("unknown", None)
