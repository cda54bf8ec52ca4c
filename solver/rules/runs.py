"""Runs of worked days and days off, shared by the minimum-run rules.

A run touching the horizon's first or last day is exempt: it continues in the neighbouring
planning periods, which this rota does not see.
"""

from __future__ import annotations

from collections.abc import Iterator

from maillage.solver.model.build import Build


def worked_vector(build: Build, pid: str) -> list[int | None]:
    """worked-day variable per day; None on days the person cannot work (a sure day off)."""
    return [build.worked_day(pid, d) for d in range(len(build.facts.dates))]


def inner_runs(worked: set[int], days: int, *, of_work: bool) -> Iterator[tuple[int, int]]:
    """(first day, length) of each maximal run of worked days (or of days off) that neither
    starts on day 0 nor ends on the last day."""
    start = None
    for day in range(days + 1):
        inside = day < days and (day in worked) == of_work
        if inside and start is None:
            start = day
        elif not inside and start is not None:
            if start > 0 and day < days:
                yield start, day - start
            start = None
