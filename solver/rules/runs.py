"""Runs of worked days and days off, shared by the minimum-run rules.

A run touching the horizon's last day is exempt: it continues in the next planning period,
which this rota does not see. So is a run touching its first day, unless the instance has a
history: then the run goes on into the days the history covers, and only a run touching the
first of those is exempt.
"""

from __future__ import annotations

from collections.abc import Iterator

from maillage.solver.model.build import Build


def worked_vector(build: Build, pid: str) -> list[int | None]:
    """worked-day variable per day; None on days the person cannot work (a sure day off)."""
    return [build.worked_day(pid, d) for d in range(len(build.facts.dates))]


def inner_runs(
    worked: set[int], days: int, *, of_work: bool, first: int = 0
) -> Iterator[tuple[int, int]]:
    """(first day, length) of each maximal run of worked days (or of days off) over the days
    `first` (0, or negative for the history's days) to `days` - 1 that neither starts on
    `first` nor ends on the last day."""
    start = None
    for day in range(first, days + 1):
        inside = day < days and (day in worked) == of_work
        if inside and start is None:
            start = day
        elif not inside and start is not None:
            if start > first and day < days:
                yield start, day - start
            start = None


def trailing_run(past_worked: set[int], covered: int, *, of_work: bool) -> int:
    """How many days of the history, back from the horizon's eve (day -1), are all worked
    (or all off): the run the horizon's first day continues."""
    run = 0
    while run < covered and ((-1 - run) in past_worked) == of_work:
        run += 1
    return run
