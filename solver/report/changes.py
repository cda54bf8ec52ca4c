"""What the report shows of a re-plan: the changes from an earlier rota of the same instance
(`maillage report ... --compare EARLIER`), located on the grids' cells.

The changes themselves are `maillage.solver.apps.diff`'s (recomputed from the assignments):
this module only says which of the current rota's entries were added or moved, and which of
the earlier rota's entries are gone, so that the grids can highlight the first and strike the
second through.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver.report.i18n import Lang
from maillage.solver.report.rows import Row, rows

if TYPE_CHECKING:
    from maillage.solver.apps.diff import RotaDiff

Kind = Literal["added", "moved", "removed", "moved_away"]
Key = tuple[str, dt.date, str, str]  # staff, date, shift, site or sector


@dataclass(frozen=True, slots=True)
class Mark:
    """How an entry changed; `other` is, for a move, the place it came from (on the current
    rota's entry) or went to (on the earlier rota's)."""

    kind: Kind
    other: str | None = None


@dataclass(frozen=True, slots=True)
class Gone:
    """An entry of the earlier rota that the current one no longer has there."""

    row: Row
    mark: Mark


@dataclass(frozen=True, slots=True)
class PersonLine:
    """The diff's line for a person, cut into its items (each "+..." added, "-..." removed,
    or a move) and its figures (hours, on-calls) so that the report can lay them out."""

    staff: str
    name: str
    items: list[tuple[Kind, str]]
    figures: str


def _person_line(staff: str, name: str, line: str, changes: int) -> PersonLine:
    """`line` is "NAME: ITEM; ITEM; ...; FIGURES; FIGURES" with `changes` items; should a
    place's name hold "; " the cut is unsure, and the line is kept whole as one item."""
    text = line.removeprefix(f"{name}: ")
    parts = text.split("; ")
    if len(parts) < changes + 1:
        return PersonLine(staff, name, [("moved", text)], "")
    items: list[tuple[Kind, str]] = []
    for part in parts[:changes]:
        kind: Kind = "added" if part[0] == "+" else "removed" if part[0] == "-" else "moved"
        items.append((kind, part[1:] if kind != "moved" else part))
    return PersonLine(staff, name, items, "; ".join(parts[changes:]))


@dataclass(slots=True)
class Changes:
    diff: RotaDiff
    marks: dict[int, Mark]  # by the current rota's Row.index
    gone: list[Gone]
    earlier: list[Row]  # every entry of the earlier rota
    people: list[PersonLine]
    other: list[str]  # the diff's lines after the people's: stated totals, objective terms
    counts: dict[str, int] = field(default_factory=dict)  # per Kind


def _place(facts: Facts, place: str) -> str:
    site = facts.sites.get(place)
    if site is not None:
        return site.name or site.id
    sector = facts.sectors.get(place)
    return (sector.name or sector.id) if sector is not None else place


def compare(
    instance: Instance,
    solution: Solution,
    earlier: Solution,
    current: list[Row],
    facts: Facts,
    lang: Lang,
) -> Changes:
    """The changes from `earlier` to `solution`, placed on the rows; InputError (bad input,
    named "compare") when `earlier` is not a rota of `instance`."""
    # Imported here: the diff module uses this package's labels, so importing it at the top
    # would make `import maillage.solver.apps.diff` fail half-way through its own import.
    from maillage.solver.apps.diff import diff

    result = diff(instance, earlier, solution, sources=("compare", "solution"))

    added: Counter[Key] = Counter()
    removed: Counter[Key] = Counter()
    arrived: dict[Key, list[str]] = defaultdict(list)  # where each moved entry came from
    left: dict[Key, list[str]] = defaultdict(list)  # where each moved entry went
    for p in result.people:
        added.update((p.staff, a.date, a.shift, a.site) for a in p.added)
        removed.update((p.staff, a.date, a.shift, a.site) for a in p.removed)
        for m in p.moved:
            arrived[(p.staff, m.date, m.shift, m.site_after)].append(m.site_before)
            left[(p.staff, m.date, m.shift, m.site_before)].append(m.site_after)

    def key(row: Row) -> Key:
        a = row.assignment
        return (a.staff, a.date, a.shift, a.site)

    marks: dict[int, Mark] = {}
    for row in current:
        k = key(row)
        if added[k] > 0:
            added[k] -= 1
            marks[row.index] = Mark("added")
        elif arrived.get(k):
            marks[row.index] = Mark("moved", _place(facts, arrived[k].pop(0)))
    gone: list[Gone] = []
    before = rows(instance, earlier, facts)
    for row in before:
        k = key(row)
        if removed[k] > 0:
            removed[k] -= 1
            gone.append(Gone(row, Mark("removed")))
        elif left.get(k):
            gone.append(Gone(row, Mark("moved_away", _place(facts, left[k].pop(0)))))

    lines = result.lines(lang)
    people = [
        _person_line(p.staff, p.name, line, len(p.added) + len(p.removed) + len(p.moved))
        for p, line in zip(result.people, lines, strict=False)
    ]
    counts = Counter(m.kind for m in marks.values()) + Counter(g.mark.kind for g in gone)
    return Changes(
        result,
        marks,
        gone,
        before,
        people,
        lines[len(result.people) :],
        {kind: counts[kind] for kind in ("added", "moved", "removed")},
    )
