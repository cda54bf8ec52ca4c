"""Every calendar week (Monday 00:00 to Monday 00:00) holds `min_weekly_rest_hours` (35 h)
of consecutive rest; time outside the horizon counts as rest, except the shifts of the
history. A week the history alone leaves short of rest is the previous period's breach."""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.model.tags import Tag, known
from maillage.solver.rules.base import Rule, week_of, who

NAME = "weekly_rest"


def encode(build: Build) -> None:
    f = build.facts
    for person in build.instance.staff:
        rest = round((f.rules_for(person).min_weekly_rest_hours or 0) * 60)
        slots = build.worked_slots(person.id)
        if rest == 0 or not slots:
            continue
        past = [(p.start, p.end) for p in f.past_worked(person.id)]
        for week in range(len(f.weeks)):
            begin, end = f.week_window(week)
            fixed = [(s, e) for s, e in past if s < end and e > begin]
            if fixed and longest_rest(fixed, begin, end) < rest:
                continue  # the history alone breaks it: not this rota's to mend
            inside = [s for s in slots if s.start < end and s.end > begin]
            # A longest rest starts at the week's start or at the end of a worked shift.
            ends = {s.end for s in inside} | {e for _, e in fixed}
            starts = sorted({begin} | {e for e in ends if begin <= e <= end - rest})
            windows = [[s for s in inside if s.start < t + rest and s.end > t] for t in starts]
            # a window a shift of the history touches cannot hold the rest
            free = [not any(s < t + rest and e > t for s, e in fixed) for t in starts]
            if any(ok and not w for ok, w in zip(free, windows, strict=True)):
                continue  # a window no shift can touch: always rested
            chosen = []
            for t, touching, ok in zip(starts, windows, free, strict=True):
                if not ok:
                    continue
                r = build.lm.new_bool(f"rest[{person.id},{week},{t}]")
                chosen.append((1, r))
                for s in touching:  # a slot is taken at one place at most
                    build.lm.add([(1, r)] + [(1, v) for v in slots[s]], hi=1)
            build.lm.add(chosen, lo=1, tag=Tag(NAME, staff=person.id, week=week))


def longest_rest(intervals: list[tuple[int, int]], begin: int, end: int) -> int:
    """Longest stretch of [begin, end) free of the given worked intervals."""
    best, cursor = 0, begin
    for start, stop in sorted(intervals):
        best = max(best, min(start, end) - cursor)
        cursor = max(cursor, stop)
    return max(best, end - cursor)


def check(rota: RotaView) -> Iterator[Finding]:
    f = rota.facts
    for pid in rota.placed:
        person = rota.person(pid)
        rest = round((f.rules_for(person).min_weekly_rest_hours or 0) * 60)
        worked = [(p.slot.start, p.slot.end) for p in rota.worked(pid)]
        past = [(p.start, p.end) for p in rota.past(pid) if p.counts_as_work]
        for week in range(len(f.weeks)):
            begin, end = f.week_window(week)
            before = [(s, e) for s, e in past if s < end and e > begin]
            if before and longest_rest(before, begin, end) < rest:
                continue  # broken by the history alone: the previous rota's finding
            inside = [(s, e) for s, e in worked if s < end and e > begin] + before
            best = longest_rest(inside, begin, end)
            if best < rest:
                monday = f.dates[f.weeks[week][0]]
                yield Finding(
                    NAME,
                    f"{person.name} rests at most {best / 60:g} h in a row in the "
                    f"week of {monday}, less than {rest / 60:g} h",
                    staff=pid,
                    date=monday,
                )


def explain(tag: Tag, facts: Facts) -> str:
    pid = known(tag.staff)
    rest = facts.rules_for(facts.staff[pid]).min_weekly_rest_hours
    return f"{who(facts, pid)} rests {rest:g} h in a row in {week_of(facts, known(tag.week))}"


RULE = Rule(NAME, hard=True, summary=__doc__ or "", encode=encode, check=check, explain=explain)
