"""Who can cover this slot? The people who could take a session or an on-call slot of a rota,
ranked by what it costs the rota, with the moves some of them need, and the rule that stops
everyone else.

    from maillage.solver.apps.cover import cover, parse_slot
    answer = cover(instance, solution, parse_slot("2025-03-11:am:catus"), top=5)
    print("\\n".join(answer.lines()))

Three answers per person:
- *direct*: the rota plus that one assignment passes every hard rule, as the independent
  checker (`maillage.solver.check.checker.evaluate`) judges it;
- *after moves*: at most two (MAX_MOVES) other moves make it pass. A move is one session or
  on-call slot changing hands ("B gives up Tue 11 Mar am at catus to C"), or given up or
  taken alone. They are found by CP-SAT on the solver's model, every decision pinned to the
  rota but the candidate's (all of them) and, on the days near the slot (the day before to
  the day after, and its calendar week), those of the people who may work at the slot's
  site or sector or at a place the candidate holds on those days (who could take it off
  their hands); the slot forced to the candidate; the fewest moves found first, then the
  cheapest of them: a small exact search, where minimising the objective alone would spend
  spare moves on gains that have nothing to do with the slot;
- *blocked*: the hard rules the checker finds broken when the person takes the slot, in the
  checker's words, one line a person.

Costs are recomputed by the checker (`evaluate` with gains) for every suggestion, the search's
too: one yardstick for both lists, independent of the model, and every suggestion is kept only
when the checker finds no hard rule broken, so each one, applied (`applied`), is a rota that
`maillage check` accepts. The cost is the objective lost: the rota's total minus the total
with the suggestion (negative when the rota gains, e.g. an uncovered on-call slot filled).

An already-covered slot: the answer says who holds it (`held_by`). A session may hold several
people, so candidates are those who could join it; an on-call slot holds one doctor, so
candidates are those who could take it in the holder's place (each suggestion then gives it
up for the holder, listed among its changes, not counted as a move).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from maillage.models.errors import InputError, Issue
from maillage.models.facts import Facts
from maillage.models.instance import Instance, ShiftKind
from maillage.models.solution import Assignment, Objective, Solution, Violation
from maillage.models.validate import check_rota
from maillage.solver.backends import get_backend
from maillage.solver.budget import Budget
from maillage.solver.check.checker import evaluate
from maillage.solver.check.rota import RotaView
from maillage.solver.check.summary import staff_summary
from maillage.solver.model.build import Build, Key
from maillage.solver.model.linear import LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.prepare import build_model
from maillage.solver.rules import RULES

SLOT_SOURCE = "the slot (--slot)"
MAX_MOVES = 2
DEFAULT_TOP = 5
# Rules that forbid an assignment whatever else the rota holds: when one of them stops a
# person, the other findings (an overlap, the rooms) are its consequences, not the reason.
GATES = ("valid_assignment", "availability", "allowed_sites", "max_shifts")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CoverSlot(_Model):
    date: dt.date
    shift: str
    site: str = Field(description="Site id; for an on-call slot, the sector id.")
    kind: Literal["session", "oncall"] = "session"

    def words(self) -> str:
        return slot_words(self.date, self.shift, self.site, self.kind == "oncall")


class Change(_Model):
    action: Literal["add", "remove"]
    assignment: Assignment


class Suggestion(_Model):
    staff: str
    name: str
    cost: float = Field(
        description="Objective lost with this suggestion applied (checker's totals); "
        "negative when the rota gains."
    )
    terms: dict[str, float] = Field(
        default_factory=dict, description="Change of every term that moves (after - before)."
    )
    changes: list[Change] = Field(
        description="Every assignment added or removed, the slot's included."
    )
    moves: list[str] = Field(default_factory=list, description="The other moves, in words.")
    blocked_by: list[str] = Field(
        default_factory=list, description="Why not without the moves (checker's words)."
    )


class Blocked(_Model):
    staff: str
    name: str
    rules: list[str]
    reasons: list[str]

    def line(self) -> str:
        said = "; ".join(self.reasons)
        return said if said.startswith(self.name) else f"{self.name}: {said}"


class CoverAnswer(_Model):
    instance: str
    slot: CoverSlot
    held_by: list[str] = Field(default_factory=list, description="Who holds the slot already.")
    held_names: list[str] = Field(default_factory=list, description="Their names.")
    objective: float = Field(description="The rota's total, recomputed by the checker.")
    direct: list[Suggestion] = Field(
        default_factory=list, description="Who can take it as the rota is, cheapest first."
    )
    after_moves: list[Suggestion] = Field(
        default_factory=list, description="Who can after at most two other moves, cheapest first."
    )
    blocked: list[Blocked] = Field(default_factory=list, description="Everyone else, and why.")
    omitted: int = Field(default=0, description="Suggestions beyond `top`, left out.")
    searched_out: list[str] = Field(
        default_factory=list,
        description="People whose search for moves ran out of time without an answer.",
    )

    def lines(self) -> list[str]:
        out = [f"Who can cover {self.slot.words()}?"]
        if self.held_by:
            how = "in place of" if self.slot.kind == "oncall" else "alongside"
            who = ", ".join(self.held_names or self.held_by)
            out.append(f"already covered by {who}: candidates {how} them")
        out.append("As the rota is:" if self.direct else "As the rota is: nobody")
        out += [f"  {s.name}: cost {s.cost:+.3f}" for s in self.direct]
        if self.after_moves:
            out.append(f"After at most {MAX_MOVES} other moves:")
            for s in self.after_moves:
                out.append(f"  {s.name}: cost {s.cost:+.3f}, if {'; '.join(s.moves)}")
        if self.omitted:
            out.append(f"({self.omitted} more left out: --top)")
        if self.blocked:
            out.append("Cannot:")
            # on a network most people may not work there at all: one line for them
            elsewhere = [b.name for b in self.blocked if b.rules == ["allowed_sites"]]
            if len(elsewhere) > 1:
                where = "hold on-call slots of " if self.slot.kind == "oncall" else "work at "
                names = ", ".join(elsewhere)
                out.append(f"  {len(elsewhere)} may not {where}{self.slot.site}: {names}")
            out += [
                f"  {b.line()}"
                for b in self.blocked
                if len(elsewhere) <= 1 or b.rules != ["allowed_sites"]
            ]
        for pid in self.searched_out:
            out.append(f"  (no answer in time for {pid}: try a longer time limit)")
        return out


# -- the slot ------------------------------------------------------------------------------------
def slot_words(date: dt.date, shift: str, place: str, oncall: bool) -> str:
    day = f"{date:%a} {date.day} {date:%b}"
    return f"{day} on-call {shift} of {place}" if oncall else f"{day} {shift} at {place}"


def parse_slot(text: str) -> tuple[dt.date, str, str]:
    """DATE:SHIFT:SITE_OR_SECTOR, as the command line gives it."""
    parts = text.split(":")
    if len(parts) != 3 or not all(parts):
        raise _bad("slot", f"expected DATE:SHIFT:SITE_OR_SECTOR, got {text!r}")
    try:
        date = dt.date.fromisoformat(parts[0])
    except ValueError:
        raise _bad("slot.date", f"{parts[0]!r} is not a date (YYYY-MM-DD)") from None
    return date, parts[1], parts[2]


def _bad(path: str, message: str, source: str = SLOT_SOURCE) -> InputError:
    return InputError([Issue(path, message)], source)


def resolve_slot(facts: Facts, date: dt.date, shift: str, place: str) -> CoverSlot:
    """The slot, or InputError naming the field that does not fit the instance."""
    day = facts.day_index(date)
    if day is None:
        first, last = facts.dates[0], facts.dates[-1]
        raise _bad("slot.date", f"{date} is outside the horizon {first}..{last}")
    if shift not in facts.shifts:
        raise _bad("slot.shift", f"unknown shift {shift!r} (known: {', '.join(facts.shifts)})")
    slot = facts.slot_by_key.get((day, shift))
    if slot is None:
        raise _bad("slot.shift", f"shift {shift!r} does not exist on {date} ({facts.weekday(day)})")
    if slot.kind == ShiftKind.oncall:
        sector = facts.sectors.get(place)
        if sector is None:
            known = ", ".join(facts.sectors) or "none"
            raise _bad("slot.site", f"unknown sector {place!r} (known: {known})")
        if shift not in sector.slots:
            raise _bad("slot.site", f"on-call shift {shift!r} is not a slot of sector {place!r}")
        return CoverSlot(date=date, shift=shift, site=place, kind="oncall")
    site = facts.sites.get(place)
    if site is None:
        raise _bad("slot.site", f"unknown site {place!r} (known: {', '.join(facts.sites)})")
    if not facts.site_open(site, slot):
        raise _bad("slot.site", f"site {place!r} is not open for {shift!r} on {date}")
    return CoverSlot(date=date, shift=shift, site=place, kind="session")


# -- the answer ----------------------------------------------------------------------------------
def cover(
    instance: Instance,
    solution: Solution,
    slot: CoverSlot | tuple[dt.date, str, str],
    top: int = DEFAULT_TOP,
    *,
    time_limit: float = 10.0,
    workers: int = 1,
) -> CoverAnswer:
    """Who can take `slot` in the solution's rota. `time_limit`: seconds for the searches for
    moves, shared among the candidates; `top`: suggestions kept in each list."""
    facts = Facts(instance)
    if isinstance(slot, tuple):
        slot = resolve_slot(facts, *slot)
    else:
        slot = resolve_slot(facts, slot.date, slot.shift, slot.site)
    check_rota(instance, solution, "the solution")
    rota = list(solution.assignments)
    before = evaluate(instance, rota, facts)
    if before.hard:
        raise _bad(
            "$.assignments",
            f"the rota breaks {len(before.hard)} hard rule(s) already (first: "
            f"{before.hard[0].message}); run `maillage check`",
            "the solution",
        )
    held = [a for a in rota if _is_slot(a, slot)]
    release = [Change(action="remove", assignment=a) for a in held if slot.kind == "oncall"]
    holders = {a.staff for a in held}
    answer = CoverAnswer(
        instance=instance.name,
        slot=slot,
        held_by=sorted(holders),
        held_names=[facts.staff[pid].name for pid in sorted(holders)],
        objective=round(before.total, 6),
    )
    direct: list[Suggestion] = []
    searched: list[tuple[str, list[str], list[str]]] = []  # staff, rules, reasons
    for person in instance.staff:
        if person.id in holders:
            continue
        changes = [*release, Change(action="add", assignment=_take(person.id, slot))]
        hard = _screen(instance, facts, rota, slot, person.id, changes)
        if not hard:
            changed = apply_changes(rota, changes)
            after = evaluate(instance, changed, facts)
            if not after.hard:
                direct.append(_suggestion(person.id, facts, before.terms, after.terms, changes))
                continue
            hard = after.hard
        mine = [v for v in hard if v.staff in (None, person.id)] or hard
        # a rule that forbids the assignment outright says it all; the rest follow from it
        gate = [v for v in mine if v.rule in GATES]
        mine = gate or mine
        rules = list(dict.fromkeys(v.rule for v in mine))
        reasons = list(dict.fromkeys(v.message for v in mine))
        searched.append((person.id, rules, reasons))
    after_moves, searched_out = _search_moves(
        instance, facts, rota, slot, release, before.terms, searched, time_limit, workers
    )
    found = {s.staff for s in after_moves}
    answer.blocked = [
        Blocked(staff=pid, name=facts.staff[pid].name, rules=rules, reasons=reasons)
        for pid, rules, reasons in searched
        if pid not in found
    ]
    direct.sort(key=lambda s: (s.cost, s.staff))
    after_moves.sort(key=lambda s: (s.cost, len(s.moves), s.staff))
    answer.omitted = max(0, len(direct) - top) + max(0, len(after_moves) - top)
    answer.direct, answer.after_moves = direct[:top], after_moves[:top]
    answer.searched_out = searched_out
    return answer


def _screen(
    instance: Instance,
    facts: Facts,
    rota: list[Assignment],
    slot: CoverSlot,
    pid: str,
    changes: list[Change],
) -> list[Violation]:
    """The hard rules the changes break for the person, judged on the part of the rota they
    can touch: the person's own assignments and everyone's on the slot's date (the rules
    between people: a session's rooms and staffing, an on-call slot's one doctor, a day's
    coordinated practice). Findings the part shows without the changes (others' runs cut
    short) are not theirs and are left out. A screen: who passes it is judged again on the
    whole rota, so that the checker on the whole rota always has the last word; it spares
    the whole rota's checks for everyone else, slow on a network's month."""
    part = [a for a in rota if a.staff == pid or a.date == slot.date]
    hard_rules = [r for r in RULES if r.hard]

    def found(assignments: list[Assignment]) -> list[Violation]:
        return evaluate(instance, assignments, facts, rules=hard_rules, gains=False).hard

    already = {v.model_dump_json() for v in found(part)}
    return [v for v in found(apply_changes(part, changes)) if v.model_dump_json() not in already]


def _is_slot(a: Assignment, slot: CoverSlot) -> bool:
    return (a.date, a.shift, a.site) == (slot.date, slot.shift, slot.site)


def apply_changes(rota: Sequence[Assignment], changes: Sequence[Change]) -> list[Assignment]:
    removed = {_key(c.assignment) for c in changes if c.action == "remove"}
    out = [a for a in rota if _key(a) not in removed]
    out += [c.assignment for c in changes if c.action == "add"]
    out.sort(key=lambda a: (a.date, a.staff, a.shift))
    return out


def _key(a: Assignment) -> tuple[str, dt.date, str, str]:
    return (a.staff, a.date, a.shift, a.site)


def applied(instance: Instance, solution: Solution, suggestion: Suggestion) -> Solution:
    """The solution with a suggestion applied, its objective, violations and staff summary
    recomputed by the checker (coverage rows dropped: they belong to the old rota)."""
    facts = Facts(instance)
    assignments = apply_changes(solution.assignments, suggestion.changes)
    rota = RotaView(instance, assignments, facts)
    ev = evaluate(instance, assignments, facts, rota=rota)
    return solution.model_copy(
        update={
            "assignments": assignments,
            "objective": Objective(
                total=round(ev.total, 6), terms={k: round(v, 6) for k, v in ev.terms.items()}
            ),
            "bound": None,
            "gap": None,
            "staff_summary": staff_summary(rota),
            "coverage": [],
            "violations": ev.soft,
            "served_need_per_week": 0.0,
        }
    )


def _suggestion(
    pid: str,
    facts: Facts,
    before: dict[str, float],
    after: dict[str, float],
    changes: list[Change],
    moves: list[str] | None = None,
    blocked_by: list[str] | None = None,
) -> Suggestion:
    terms = {
        name: round(after.get(name, 0.0) - before.get(name, 0.0), 6)
        for name in sorted(set(before) | set(after))
    }
    return Suggestion(
        staff=pid,
        name=facts.staff[pid].name,
        cost=round(sum(before.values()) - sum(after.values()), 6),
        terms={k: v for k, v in terms.items() if abs(v) > 1e-6},
        changes=changes,
        moves=moves or [],
        blocked_by=blocked_by or [],
    )


# -- the search for moves ------------------------------------------------------------------------
def _search_moves(
    instance: Instance,
    facts: Facts,
    rota: list[Assignment],
    slot: CoverSlot,
    release: list[Change],
    before: dict[str, float],
    candidates: list[tuple[str, list[str], list[str]]],
    time_limit: float,
    workers: int,
) -> tuple[list[Suggestion], list[str]]:
    """For each blocked person whom the model lets take the slot at all, the cheapest way in
    with at most MAX_MOVES other moves; and who ran out of time."""
    if not candidates:
        return [], []
    build = build_model(instance, facts)
    day = facts.day_index(slot.date)
    assert day is not None
    base = {(a.staff, facts.day_index(a.date), a.shift, a.site) for a in rota}
    released = {_key_of(facts, c.assignment) for c in release}
    current = {key: int(key in base and key not in released) for key in build.x}
    reachable = [c for c in candidates if (c[0], day, slot.shift, slot.site) in build.x]
    window = _window(facts, day)
    can_work: dict[str, set[str]] = defaultdict(set)  # place -> who may work there
    for pid, _, _, place in build.x:
        can_work[place].add(pid)
    deadline = time.monotonic() + time_limit
    found: list[Suggestion] = []
    out_of_time: list[str] = []
    for n, (pid, _, reasons) in enumerate(reachable):
        seconds = max(0.2, (deadline - time.monotonic()) / (len(reachable) - n))
        target = (pid, day, slot.shift, slot.site)
        # who could take the slot's place or the candidate's places near it off their hands
        places = {k[3] for k, held in current.items() if held and k[0] == pid and k[1] in window}
        near = set().union(*(can_work[place] for place in places | {slot.site}))
        free = {key for key in build.x if key[0] == pid or (key[0] in near and key[1] in window)}
        lm, moves_made = _pinned(build, current, free, target)
        values, status = _fewest_then_cheapest(lm, moves_made, seconds, workers)
        if values is None:
            if status != "infeasible":
                out_of_time.append(pid)
            continue
        changes = list(release)
        for key in sorted(free, key=lambda k: (k[1], k[2], k[3], k[0])):
            now = values[build.x[key]]
            if now != current[key]:
                action: Literal["add", "remove"] = "add" if now else "remove"
                changes.append(Change(action=action, assignment=_assignment(facts, key)))
        after = evaluate(instance, apply_changes(rota, changes), facts)
        if after.hard:  # the model and the checker disagree: never suggest what check refuses
            continue
        moves = move_words(facts, changes[len(release) :], _take(pid, slot))
        found.append(_suggestion(pid, facts, before, after.terms, changes, moves, reasons))
    return found, out_of_time


def _fewest_then_cheapest(
    lm: LinearModel, moves: list[tuple[int, int]], seconds: float, workers: int
) -> tuple[list[int] | None, str]:
    """The fewest moves first, then the best objective with that many: minimising the
    objective alone would spend the spare moves on gains unrelated to the slot (another
    open slot filled), which are not the planner's question."""
    cpsat = get_backend("cpsat")
    params = SolveParams(time_limit=seconds, workers=workers, polish_seconds=0.0)
    fewest = dataclasses.replace(lm, objective={"moves": moves})
    first = cpsat.solve(fewest, params, Budget.of(seconds / 2))
    if first.values is None or first.objective is None:
        return None, first.status
    lm.add(moves, hi=first.objective)
    lm.hints = dict(enumerate(first.values))
    second = cpsat.solve(lm, params, Budget.of(seconds / 2))
    if second.values is None:  # out of time: the first answer holds the fewest moves
        return first.values, first.status
    return second.values, second.status


def _take(pid: str, slot: CoverSlot) -> Assignment:
    return Assignment(staff=pid, date=slot.date, shift=slot.shift, site=slot.site)


def _key_of(facts: Facts, a: Assignment) -> Key:
    day = facts.day_index(a.date)
    assert day is not None
    return (a.staff, day, a.shift, a.site)


def _assignment(facts: Facts, key: Key) -> Assignment:
    pid, day, shift, place = key
    return Assignment(staff=pid, date=facts.dates[day], shift=shift, site=place)


def _window(facts: Facts, day: int) -> set[int]:
    """The days near the slot: the day before to the day after, and its calendar week."""
    days = {d for d in (day - 1, day, day + 1) if 0 <= d < len(facts.dates)}
    return days | set(facts.weeks[facts.week_of_day[day]])


def _pinned(
    build: Build, current: dict[Key, int], free: set[Key], target: Key
) -> tuple[LinearModel, list[tuple[int, int]]]:
    """The model with every decision outside `free` pinned to the rota, the slot given to the
    candidate, and at most MAX_MOVES moves (returned as terms): per session, the larger of
    the people who leave it and the people who join it (one handing it on is one move)."""
    pins = {var: current[key] for key, var in build.x.items() if key not in free}
    pins[build.x[target]] = 1
    hints = {var: current[key] for key, var in build.x.items()} | {build.x[target]: 1}
    lm = build.lm.fixed(pins, hints=hints)
    # `fixed` shares the constraint and name lists with the original: copy before adding
    lm = dataclasses.replace(
        lm,
        names=list(lm.names),
        constraints=list(lm.constraints),
        decisions=list(lm.decisions),
    )
    sessions: dict[tuple[int, str, str], list[Key]] = defaultdict(list)
    for key in free:
        if key != target:
            sessions[key[1:]].append(key)
    moves = []
    for session, keys in sessions.items():
        left = [build.x[k] for k in keys if current[k]]
        joined = [build.x[k] for k in keys if not current[k]]
        m = lm.new_var(0, len(keys), f"moves[{session}]")
        if left:  # m >= sum of (1 - x) over those who held it: m + sum(x) >= len(left)
            lm.add([(1, m), *[(1, v) for v in left]], lo=len(left))
        if joined:  # m >= sum of x over those who did not
            lm.add([(1, m), *[(-1, v) for v in joined]], lo=0)
        moves.append((1, m))
    lm.add(moves, hi=MAX_MOVES)
    return lm, moves


def move_words(facts: Facts, changes: Sequence[Change], take: Assignment) -> list[str]:
    """The changes but `take` (the slot's) in words, a session handed from one person to
    another as one move; one who gives up the slot's session gives it to the candidate."""
    by_session: dict[tuple[dt.date, str, str], tuple[list[str], list[str]]] = {}
    for c in sorted(changes, key=lambda c: c.assignment != take):  # the candidate first
        a = c.assignment
        gone, came = by_session.setdefault((a.date, a.shift, a.site), ([], []))
        (came if c.action == "add" else gone).append(facts.staff[a.staff].name)
    out = []
    for (date, shift, place), (gone, came) in sorted(by_session.items()):
        what = slot_words(date, shift, place, place in facts.sectors)
        for giver, taker in zip(gone, came, strict=False):
            out.append(f"{giver} gives up {what} to {taker}")
        out += [f"{giver} gives up {what}" for giver in gone[len(came) :]]
        out += [f"{taker} takes {what}" for taker in came[len(gone) :]]
    candidate = facts.staff[take.staff].name
    what = slot_words(take.date, take.shift, take.site, take.site in facts.sectors)
    return [line for line in out if line != f"{candidate} takes {what}"]
