"""Histories for the rule tests: past assignments on the factory's shifts, and counters."""

from __future__ import annotations

from typing import Any

from factory import SHIFTS

_SHIFTS = {s["id"]: s for s in SHIFTS}
_SECTOR_SHIFTS = {"eve", "sat", "sun"}


def past(pid: str, date: str, shift: str) -> dict[str, Any]:
    """A past assignment of a factory shift (its times and kind), at A or on call in S."""
    s = _SHIFTS[shift]
    return {
        "staff": pid,
        "date": date,
        "shift": shift,
        "site": "S" if shift in _SECTOR_SHIFTS else "A",
        "start": s["start"],
        "end": s["end"],
        "kind": s["kind"],
    }


def history(
    *rows: tuple[str, str, str], start: str = "2025-02-17", counters: list[Any] | None = None
) -> dict[str, Any]:
    """A history covering the days from `start` (default: two weeks before 3 March 2025)."""
    return {
        "start": start,
        "assignments": [past(*row) for row in rows],
        "counters": counters or [],
    }
