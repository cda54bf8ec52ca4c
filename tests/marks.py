"""Marks shared by the tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pytest


def first_fast(cases: Iterable[Sequence[Any] | Any]) -> list[Any]:
    """The cases of a parametrised test with all but the first marked slow: the fast subset
    keeps one case of each (a CLI case costs a process start), the full suite runs them all."""
    out: list[Any] = []
    for k, case in enumerate(cases):
        values = tuple(case) if isinstance(case, tuple | list) else (case,)
        out.append(case if k == 0 else pytest.param(*values, marks=pytest.mark.slow))
    return out
