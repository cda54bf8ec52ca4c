"""What changed between two rotas of one instance: per person, the sessions and on-calls
added, removed or moved, with hours and on-call counts before and after; per objective
term, before, after and the change.

Every figure is recomputed from the assignments and the instance with the independent
checker (`solver.check`), never read from the solution files: a file edited by hand, or a
published rota re-planned, has a `staff_summary` and an `objective` that no longer match
its assignments. The totals the files state are kept beside the recomputed ones so that a
difference shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from maillage.models.facts import Facts
from maillage.models.instance import Instance, ShiftKind
from maillage.models.solution import Assignment, Solution
from maillage.models.validate import check_rota
from maillage.solver.check.checker import close, evaluate
from maillage.solver.check.rota import RotaView
from maillage.solver.check.summary import staff_summary
from maillage.solver.report.i18n import WEEKDAYS_SHORT, Lang, number, rule_title

RECOMPUTED = ["hours", "sessions", "oncalls", "terms", "total"]

_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "at": "at",
        "oncall": "on-call",
        "hours": "hours",
        "oncalls": "on-calls",
        "objective": "Objective (recomputed)",
        "total": "total",
        "no_change": "No change.",
        "no_term_change": "Objective unchanged",
        "stated": "the file {which} states a total of {stated}, recomputed {found}",
    },
    "fr": {
        "at": "à",
        "oncall": "garde",
        "hours": "heures",
        "oncalls": "gardes",
        "objective": "Objectif (recalculé)",
        "total": "total",
        "no_change": "Aucun changement.",
        "no_term_change": "Objectif inchangé",
        "stated": "le fichier {which} annonce un total de {stated}, recalculé {found}",
    },
}


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Move(_Out):
    """The same person, date and shift at another site (or on-call sector)."""

    date: dt.date
    shift: str
    site_before: str
    site_after: str


class PersonDiff(_Out):
    staff: str
    name: str
    added: list[Assignment] = Field(default_factory=list, description="In B, not in A.")
    removed: list[Assignment] = Field(default_factory=list, description="In A, not in B.")
    moved: list[Move] = Field(
        default_factory=list,
        description="Same date and shift, another place; not repeated in added or removed.",
    )
    hours_before: float
    hours_after: float
    sessions_before: int
    sessions_after: int
    oncalls_before: int
    oncalls_after: int


class TermDiff(_Out):
    term: str = Field(description="Rule name, as in the solution's objective terms.")
    before: float
    after: float
    change: float = Field(description="after - before (the objective is maximised).")


class RotaDiff(_Out):
    """From rota A (before) to rota B (after)."""

    instance: str
    people: list[PersonDiff] = Field(
        default_factory=list,
        description="The people whose assignments differ, in the instance's staff order.",
    )
    terms: list[TermDiff] = Field(
        default_factory=list, description="Every objective term of either rota, changed or not."
    )
    total_before: float
    total_after: float
    total_change: float
    stated_total_before: float | None = Field(
        default=None, description="The total solution A's file states (None: no objective)."
    )
    stated_total_after: float | None = Field(
        default=None, description="The total solution B's file states (None: no objective)."
    )
    recomputed: list[str] = Field(
        default_factory=lambda: list(RECOMPUTED),
        description="Figures recomputed from the assignments with the independent checker, "
        "not read from the files: hours, sessions, oncalls (per person), terms, total.",
    )
    site_names: dict[str, str] = Field(
        default_factory=dict, description="Names of the sites the changes mention, by id."
    )
    sector_names: dict[str, str] = Field(
        default_factory=dict, description="Names of the on-call sectors the changes mention."
    )
    shifts: list[str] = Field(
        default_factory=list, description="Shift ids by start time: the order of the changes."
    )
    oncall_shifts: list[str] = Field(default_factory=list, description="On-call shift ids.")

    @property
    def empty(self) -> bool:
        """No assignment differs (then no term can differ either)."""
        return not self.people and all(close(t.change, 0.0) for t in self.terms)

    def lines(self, lang: Lang = "en") -> list[str]:
        """The changes in words: one line per person, then the terms that changed."""
        words = _WORDS[lang]
        out = [self._person_line(p, lang) for p in self.people]
        for which, stated, found in (
            ("A", self.stated_total_before, self.total_before),
            ("B", self.stated_total_after, self.total_after),
        ):
            if stated is not None and not close(stated, found):
                text = words["stated"].format(
                    which=which, stated=number(stated, lang, 3), found=number(found, lang, 3)
                )
                out.append(f"! {text}")
        changed = [t for t in self.terms if not close(t.change, 0.0)]
        if not self.people and not changed:
            return [*out, words["no_change"]]
        if not changed:
            out.append(f"{words['no_term_change']}: {number(self.total_after, lang, 3)}")
            return out
        out.append(f"{words['objective']}:")
        for t in changed:
            out.append(f"  {rule_title(lang, t.term)}: {_change(t.before, t.after, lang)}")
        total = _change(self.total_before, self.total_after, lang)
        out.append(f"  {words['total']}: {total}")
        return out

    def _person_line(self, p: PersonDiff, lang: Lang) -> str:
        words = _WORDS[lang]
        order = {s: i for i, s in enumerate(self.shifts)}
        items: list[tuple[tuple[dt.date, int, int], str]] = []
        for sign, rank, group in (("+", 0, p.added), ("-", 1, p.removed)):
            for a in group:
                where = self._slot(a.date, a.shift, lang)
                if a.shift in self.oncall_shifts:
                    where += f" ({self._place(a.shift, a.site)})"
                else:
                    where += f" {words['at']} {self._place(a.shift, a.site)}"
                items.append(((a.date, order.get(a.shift, len(order)), rank), sign + where))
        for m in p.moved:
            before, after = self._place(m.shift, m.site_before), self._place(m.shift, m.site_after)
            moved = f"{self._slot(m.date, m.shift, lang)} {before} → {after}"
            items.append(((m.date, order.get(m.shift, len(order)), 2), moved))
        items.sort(key=lambda item: item[0])
        figures = [
            f"{words['hours']} {_hours(p.hours_before, lang)} → {_hours(p.hours_after, lang)}"
        ]
        if p.oncalls_before or p.oncalls_after:
            figures.append(f"{words['oncalls']} {p.oncalls_before} → {p.oncalls_after}")
        return f"{p.name}: " + "; ".join([text for _, text in items] + figures)

    def _slot(self, date: dt.date, shift: str, lang: Lang) -> str:
        """The date as the report's on-call roster writes it, then the shift."""
        day = f"{WEEKDAYS_SHORT[lang][date.weekday()]} {date.strftime('%d/%m')}"
        if shift in self.oncall_shifts:
            return f"{day} {_WORDS[lang]['oncall']} {shift}"
        return f"{day} {shift}"

    def _place(self, shift: str, place: str) -> str:
        if shift in self.oncall_shifts:
            return self.sector_names.get(place) or place
        return self.site_names.get(place) or place


def _hours(value: float, lang: Lang) -> str:
    text = f"{round(value, 2):g}"
    return text.replace(".", ",") if lang == "fr" else text


def _change(before: float, after: float, lang: Lang) -> str:
    change = after - before
    sign = "-" if change < 0 else "+"  # the hyphen `number` writes for a negative figure
    return (
        f"{number(before, lang, 3)} → {number(after, lang, 3)} "
        f"({sign}{number(abs(change), lang, 3)})"
    )


def diff(
    instance: Instance,
    a: Solution,
    b: Solution,
    sources: tuple[str, str] = ("solution A", "solution B"),
) -> RotaDiff:
    """What changed from rota `a` to rota `b` of `instance`; InputError (bad input) when
    either is not a rota of it (`maillage.models.validate.check_rota`), naming its source."""
    check_rota(instance, a, sources[0])
    check_rota(instance, b, sources[1])
    facts = Facts(instance)
    shift_order = sorted(instance.shifts, key=lambda s: (s.start_minute, s.id))
    start = {s.id: s.start_minute for s in instance.shifts}

    def when(x: Assignment) -> tuple[dt.date, int, str, str]:
        return (x.date, start[x.shift], x.shift, x.site)

    views = [RotaView(instance, list(s.assignments), facts) for s in (a, b)]
    evaluations = [
        evaluate(instance, s.assignments, facts, rota=v) for s, v in zip((a, b), views, strict=True)
    ]
    summaries = [{row.staff: row for row in staff_summary(v)} for v in views]

    by_staff: list[dict[str, list[Assignment]]] = [defaultdict(list), defaultdict(list)]
    for side, solution in enumerate((a, b)):
        for x in solution.assignments:
            by_staff[side][x.staff].append(x)
    people = []
    for person in instance.staff:
        added, removed, moved = _changes(by_staff[0][person.id], by_staff[1][person.id])
        if not (added or removed or moved):
            continue
        was, now = summaries[0][person.id], summaries[1][person.id]
        people.append(
            PersonDiff(
                staff=person.id,
                name=person.name,
                added=sorted(added, key=when),
                removed=sorted(removed, key=when),
                moved=sorted(moved, key=lambda m: (m.date, start[m.shift], m.shift)),
                hours_before=was.hours,
                hours_after=now.hours,
                sessions_before=was.sessions,
                sessions_after=now.sessions,
                oncalls_before=was.oncalls,
                oncalls_after=now.oncalls,
            )
        )

    before, after = evaluations[0].terms, evaluations[1].terms
    names = list(before) + [n for n in after if n not in before]
    terms = [
        TermDiff(
            term=n,
            before=before.get(n, 0.0),
            after=after.get(n, 0.0),
            change=round(after.get(n, 0.0) - before.get(n, 0.0), 6),  # no float noise
        )
        for n in names
    ]
    mentioned = _mentioned(people)
    oncall = {s.id for s in instance.shifts if s.kind == ShiftKind.oncall}
    return RotaDiff(
        instance=instance.name,
        people=people,
        terms=terms,
        total_before=evaluations[0].total,
        total_after=evaluations[1].total,
        total_change=round(evaluations[1].total - evaluations[0].total, 6),
        stated_total_before=a.objective.total if a.objective else None,
        stated_total_after=b.objective.total if b.objective else None,
        site_names={s.id: s.name for s in instance.sites if s.id in mentioned and s.name},
        sector_names={s.id: s.name for s in instance.sectors if s.id in mentioned and s.name},
        shifts=[s.id for s in shift_order],
        oncall_shifts=[s.id for s in shift_order if s.id in oncall],
    )


def _changes(
    was: list[Assignment], now: list[Assignment]
) -> tuple[list[Assignment], list[Assignment], list[Move]]:
    """Per (date, shift), the places only in `was` and only in `now` (as multisets, so a
    duplicated assignment counts twice); a place lost and one gained on the same date and
    shift pair up as a move, in place order."""
    places: dict[tuple[dt.date, str], tuple[Counter[str], Counter[str]]] = defaultdict(
        lambda: (Counter(), Counter())
    )
    staff = (was or now)[0].staff if was or now else ""
    for side, group in ((0, was), (1, now)):
        for x in group:
            places[(x.date, x.shift)][side][x.site] += 1
    added, removed, moved = [], [], []
    for (date, shift), (before, after) in places.items():
        gone = sorted((before - after).elements())
        new = sorted((after - before).elements())
        pairs = min(len(gone), len(new))
        moved += [
            Move(date=date, shift=shift, site_before=g, site_after=n)
            for g, n in zip(gone, new, strict=False)
        ]
        removed += [Assignment(staff=staff, date=date, shift=shift, site=g) for g in gone[pairs:]]
        added += [Assignment(staff=staff, date=date, shift=shift, site=n) for n in new[pairs:]]
    return added, removed, moved


def _mentioned(people: Iterable[PersonDiff]) -> set[str]:
    out: set[str] = set()
    for p in people:
        out.update(x.site for x in (*p.added, *p.removed))
        out.update(place for m in p.moved for place in (m.site_before, m.site_after))
    return out
