"""`soft_time_limit`: past it, the search stops as soon as it has a rota; `time_limit` only
bounds the search for a first one. NRP 5 is the test model: CP-SAT finds a roster in a
fraction of a second and proves nothing within a minute, so a search that returns early
returns because of the soft limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from maillage.models import nrp
from maillage.solver import SolveParams
from maillage.solver.backends import get_backend
from maillage.solver.progress import ProgressPrinter
from maillage.solver.solve import build_model

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "nrp" / "data"
HARD = 60.0


@pytest.fixture(scope="module")
def nrp5_model():  # type: ignore[no-untyped-def]
    return build_model(nrp.load(DATA / "Instance5.txt").to_instance()).lm


@pytest.mark.parametrize("backend", ["cpsat", "mip"])
def test_a_search_with_a_rota_stops_at_the_soft_limit(nrp5_model, backend: str) -> None:  # type: ignore[no-untyped-def]
    params = SolveParams(backend=backend, soft_time_limit=1.0, polish_seconds=0.0)
    started = time.monotonic()
    result = get_backend(backend).solve(nrp5_model, params, HARD, ProgressPrinter(False))
    took = time.monotonic() - started
    assert result.status == "feasible" and result.values is not None
    assert took < HARD / 3, took  # stopped near 1 s (compilation included), not at 60 s


def test_without_a_soft_limit_the_search_runs_to_its_time_limit(nrp5_model) -> None:  # type: ignore[no-untyped-def]
    params = SolveParams(polish_seconds=0.0)
    result = get_backend("cpsat").solve(nrp5_model, params, 4.0, ProgressPrinter(False))
    assert result.status == "feasible" and result.seconds >= 3.5


def test_the_soft_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="soft_time_limit"):
        SolveParams(soft_time_limit=0)
