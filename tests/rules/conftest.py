"""Rule tests run on every installed backend: `verify` pins each rota in the model that
backend compiles, and the checker judges the same rota independently."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import verify as verify_module

from maillage.solver.backends import BACKENDS


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    previous = verify_module.BACKEND
    verify_module.BACKEND = request.param
    yield request.param
    verify_module.BACKEND = previous
