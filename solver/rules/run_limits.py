"""Soft bounds on runs (`run_limits`): of worked days, of days off, or of days on one shift.
Each day of the horizon beyond a run's `max`-th costs the limit's weight; a run shorter than
`min` costs the weight per day missing, unless it touches the horizon's last day (it goes on)
or starts on the first day a history covers (or day 0 without one). A run of the history
goes on into the horizon, and one ending on the horizon's eve is judged by the horizon's
first day."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.instance import RunLimit
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "run_limits"
# A day's state, 0 or 1: a constant plus weighted variables (at most one of them taken).
State = tuple[int, list[tuple[int, int]]]


def _limits(build_or_rota: Build | RotaView, pid: str) -> list[RunLimit]:
    person = build_or_rota.facts.staff[pid]
    return build_or_rota.facts.rules_for(person).run_limits or []


def _in_run(limit: RunLimit, shift: str | None, worked: bool) -> bool:
    """Whether a day (its shift, or None off) belongs to a run the limit bounds."""
    if limit.of == "work":
        return worked
    if limit.of == "off":
        return not worked
    return worked and shift == limit.shift


def _states(build: Build, pid: str, limit: RunLimit) -> list[State]:
    n = len(build.facts.dates)
    if limit.of == "shift":
        per_day: dict[int, list[int]] = {d: [] for d in range(n)}
        for slot, variables in build.worked_slots(pid).items():
            if slot.shift.id == limit.shift:
                per_day[slot.day].extend(variables)
        return [(0, [(1, v) for v in per_day[d]]) for d in range(n)]
    out: list[State] = []
    for d in range(n):
        w = build.worked_day(pid, d)
        terms = [] if w is None else [(1, w)]
        out.append((0, terms) if limit.of == "work" else (1, [(-1, v) for _, v in terms]))
    return out


def _past(facts_past: dict[int, str], covered: int, limit: RunLimit) -> dict[int, int]:
    """day (negative) -> 0/1 for the days the history covers."""
    return {d: int(_in_run(limit, facts_past.get(d), d in facts_past)) for d in range(-covered, 0)}


def encode(build: Build) -> None:
    facts = build.facts
    n, covered = len(facts.dates), facts.history_days
    for person in build.instance.staff:
        limits = _limits(build, person.id)
        if not limits:
            continue
        past_shift = {p.day: p.shift for p in facts.past_worked(person.id)}
        for k, limit in enumerate(limits):
            states = _states(build, person.id, limit)
            past = _past(past_shift, covered, limit)

            def state(d: int, states: list[State] = states, past: dict[int, int] = past) -> State:
                return (past[d], []) if d < 0 else states[d]

            label = f"{person.id},{k}"
            if limit.max is not None:
                _encode_max(build, limit, limit.max, state, -covered, n, label)
            if limit.min is not None and limit.min > 1:
                _encode_min(build, limit, limit.min, state, -covered, n, label)


def _linear(parts: list[tuple[State, bool]]) -> tuple[int, list[tuple[int, int]]]:
    """Sum of states (or of their complements, flag False) as constant + terms."""
    const, terms = 0, []
    for (c, day_terms), positive in parts:
        const += c if positive else 1 - c
        terms += [(a if positive else -a, v) for a, v in day_terms]
    return const, terms


def _sure(state: State, value: int) -> bool:
    return not state[1] and state[0] == value


def _penalise(
    build: Build, label: str, const: int, terms: list[tuple[int, int]], cost: float, slack: int
) -> None:
    """Charge `cost` when const + terms reaches `slack` + 1 (it never exceeds it by more)."""
    if not terms:
        if const > slack:
            one = build.lm.new_var(1, 1, f"run_fixed[{label}]")
            build.penalise(NAME, one, cost)
        return
    p = build.lm.new_bool(f"run[{label}]")
    build.lm.add([(1, p)] + [(-c, v) for c, v in terms], lo=const - slack)
    build.penalise(NAME, p, cost)


def _encode_max(build, limit, most, state, first, n, label) -> None:  # type: ignore[no-untyped-def]
    for d in range(n):
        window = [state(j) for j in range(max(first, d - most), d + 1)]
        if len(window) <= most or any(_sure(s, 0) for s in window):
            continue
        const, terms = _linear([(s, True) for s in window])
        _penalise(build, f"{label},max,{d}", const, terms, limit.weight, most)


def _encode_min(build, limit, least, state, first, n, label) -> None:  # type: ignore[no-untyped-def]
    for end in range(-1, n - 1):
        for length in range(1, least):
            start = end - length + 1
            if start - 1 < first:
                break
            parts = [(state(start - 1), False)]
            parts += [(state(j), True) for j in range(start, end + 1)]
            parts.append((state(end + 1), False))
            if any(_sure(s, 0 if positive else 1) for s, positive in parts):
                continue  # the run cannot be exactly this
            const, terms = _linear(parts)
            _penalise(
                build,
                f"{label},min,{start}",
                const,
                terms,
                limit.weight * (least - length),
                length + 1,
            )


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    n, covered = len(f.dates), rota.history_days
    for person in rota.instance.staff:
        limits = f.rules_for(person).run_limits or []
        if not limits:
            continue
        shift_of = {p.day: p.shift for p in rota.past(person.id) if p.counts_as_work}
        shift_of |= {p.slot.day: p.slot.shift.id for p in rota.worked(person.id)}
        for limit in limits:
            flags = [_in_run(limit, shift_of.get(d), d in shift_of) for d in range(-covered, n)]
            what = limit.shift if limit.of == "shift" else limit.of
            for start, length in _runs(flags, -covered):
                end = start + length - 1
                if limit.max is not None and end >= 0:
                    over = sum(1 for d in range(max(start, 0), end + 1) if d - start >= limit.max)
                    if over:
                        yield Finding(
                            NAME,
                            f"{person.name}: a run of {what} of {length} day(s) from "
                            f"{_date(rota, start)}, at most {limit.max}",
                            amount=over * limit.weight,
                            staff=person.id,
                            date=f.dates[max(start, 0)],
                        )
                short = (limit.min or 0) - length
                if short > 0 and end >= -1 and end < n - 1 and start > -covered:
                    yield Finding(
                        NAME,
                        f"{person.name}: a run of {what} of {length} day(s) from "
                        f"{_date(rota, start)}, at least {limit.min}",
                        amount=short * limit.weight,
                        staff=person.id,
                        date=f.dates[max(start, 0)],
                    )


def _runs(flags: list[bool], first: int) -> Iterator[tuple[int, int]]:
    start = None
    for i, on in enumerate([*flags, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            yield first + start, i - start
            start = None


def _date(rota: RotaView, day: int) -> str:
    import datetime as dt

    return (rota.instance.horizon.start + dt.timedelta(days=day)).isoformat()


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
