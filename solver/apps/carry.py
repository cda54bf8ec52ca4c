"""Carry a month's rota into the next month's instance, as its `history` section.

The next month then sees the last days of this one (rest, runs of days, the week that
straddles the boundary, on-call slots and Saturdays of a month begun earlier) and the
running counters that fairness compares (on-call slots, weekends, Saturdays worked, public
holidays worked, minutes above or below contract). Counters accumulate: the previous
instance's own counters plus its month, so months chain. The result is a self-contained
instance: nothing refers back to the files it came from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from collections import defaultdict

from maillage.models.errors import InputError, Issue
from maillage.models.facts import Facts
from maillage.models.instance import Counter, History, Instance, PastAssignment
from maillage.models.solution import Solution
from maillage.models.validate import check_rota, cross_check

KEEP_DAYS = 14  # days of the previous rota kept: two calendar weeks cover every rule's reach


def carry(
    previous: Instance,
    solution: Solution,
    following: Instance,
    keep_days: int = KEEP_DAYS,
    solution_source: str = "previous solution",
    next_source: str = "next instance",
) -> Instance:
    """`following` with a history written from `previous` and its rota `solution` (any
    history `following` had is replaced). InputError naming the field when the three do not
    chain: a solution of another instance or without a rota, a next horizon that does not
    start the day after the previous one ends."""
    if keep_days < 1:
        raise InputError([Issue("--days", f"keep at least one day, not {keep_days}")], "options")
    facts = Facts(previous)
    _check_solution(previous, solution, solution_source)
    day_after = previous.horizon.end + dt.timedelta(days=1)
    if following.horizon.start != day_after:
        raise InputError(
            [
                Issue(
                    "$.horizon.start",
                    f"{following.horizon.start} does not follow the previous horizon "
                    f"({previous.horizon.start} to {previous.horizon.end}): it should be "
                    f"{day_after}",
                )
            ],
            next_source,
        )
    people = {p.id for p in following.staff}
    covered_from = previous.horizon.start - dt.timedelta(days=facts.history_days)
    start = max(following.horizon.start - dt.timedelta(days=keep_days), covered_from)
    history = History(
        start=start,
        assignments=_past(previous, solution, facts, people, start),
        counters=_counters(previous, solution, facts, people),
    )
    out = following.model_copy(update={"history": history})
    issues = cross_check(out)
    if issues:  # cannot happen from valid inputs; say so rather than write a bad file
        raise InputError(issues, next_source)
    return out


def _check_solution(previous: Instance, solution: Solution, source: str) -> None:
    check_rota(previous, solution, source)
    if solution.objective is None and not solution.assignments:
        raise InputError(
            [Issue("$.assignments", f"no rota to carry (status {solution.status.value})")], source
        )


def _past(
    previous: Instance, solution: Solution, facts: Facts, people: set[str], start: dt.date
) -> list[PastAssignment]:
    """The rota's assignments from `start` on, with their shifts' times, after those of the
    previous history that still fall in the kept days."""
    kept = [
        a
        for a in (previous.history.assignments if previous.history else [])
        if a.date >= start and a.staff in people
    ]
    for a in solution.assignments:
        if a.date < start or a.staff not in people:
            continue
        shift = facts.shifts[a.shift]
        kept.append(
            PastAssignment(
                staff=a.staff,
                date=a.date,
                shift=a.shift,
                site=a.site,
                start=shift.start,
                end=shift.end,
                kind=shift.kind,
                counts_as_work=shift.counts_as_work,
                work_minutes=None if shift.work_hours is None else shift.work_minutes,
            )
        )
    kept.sort(key=lambda a: (a.date, a.start, a.staff, a.shift))
    return kept


def _counters(
    previous: Instance, solution: Solution, facts: Facts, people: set[str]
) -> list[Counter]:
    """Each person's counters: the previous ones (or zero from the previous horizon's start)
    plus the previous month's on-call slots, weekends with any assignment, Saturdays with a
    shift counting as work (as `saturday_fairness` counts them), public holidays with any
    assignment, and worked minutes minus the contract target."""
    oncalls: Tally[str] = Tally()
    minutes: Tally[str] = Tally()
    days: dict[str, set[int]] = defaultdict(set)
    saturdays: dict[str, set[int]] = defaultdict(set)
    for a in solution.assignments:
        shift, day = facts.shifts[a.shift], facts.day_index(a.date)
        assert day is not None  # checked by _check_solution
        days[a.staff].add(day)
        minutes[a.staff] += shift.work_minutes
        if shift.kind == "oncall":
            oncalls[a.staff] += 1
        if shift.counts_as_work and a.date.weekday() == 5:
            saturdays[a.staff].add(day)
    holidays = {d for d in range(len(facts.dates)) if facts.is_holiday(d)}
    before = facts.counters
    out = []
    for person in previous.staff:
        if person.id not in people:
            continue
        old = before.get(person.id)
        mine = days.get(person.id, set())
        weekends = sum(1 for weekend in facts.weekends if mine & set(weekend))
        balance = minutes[person.id] - facts.target_minutes(person)
        out.append(
            Counter(
                staff=person.id,
                since=old.since if old else previous.horizon.start,
                oncalls=(old.oncalls if old else 0) + oncalls[person.id],
                weekends=(old.weekends if old else 0) + weekends,
                saturdays=(old.saturdays if old else 0) + len(saturdays[person.id]),
                holidays_worked=(old.holidays_worked if old else 0) + len(mine & holidays),
                minutes_balance=(old.minutes_balance if old else 0) + balance,
            )
        )
    return out
