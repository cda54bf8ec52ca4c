"""One flat row per assignment, with real start and end times: shared by HTML, CSV and ICS
so that the three views of a rota never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from maillage.models.facts import Facts
from maillage.models.instance import Instance, Shift, ShiftKind, Staff
from maillage.models.solution import Assignment, Solution

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True, slots=True)
class Row:
    """An assignment resolved against its instance."""

    index: int
    assignment: Assignment
    person: Staff
    shift: Shift
    place_name: str
    place_insee: str | None
    is_oncall: bool
    start: dt.datetime
    end: dt.datetime

    @property
    def hours(self) -> float:
        return self.shift.work_minutes / 60

    @property
    def label(self) -> str:
        """What fits in a grid cell: the shift id, or its hours when the id is long."""
        if len(self.shift.id) <= 4:
            return self.shift.id
        return f"{self.shift.start[:2]}–{self.shift.end[:2]}"

    @property
    def times(self) -> str:
        return f"{self.shift.start}–{self.shift.end}"


def shift_times(date: dt.date, shift: Shift) -> tuple[dt.datetime, dt.datetime]:
    """Local (Europe/Paris) start and end; an end at or before the start is the next day, and
    "24:00" is midnight after the date."""
    start = dt.datetime.combine(date, dt.time(), tzinfo=PARIS) + dt.timedelta(
        minutes=shift.start_minute
    )
    naive_end = dt.datetime.combine(date, dt.time()) + dt.timedelta(
        minutes=shift.start_minute + shift.duration_minutes
    )
    return start, naive_end.replace(tzinfo=PARIS)


def rows(instance: Instance, solution: Solution, facts: Facts | None = None) -> list[Row]:
    """Every assignment in date, time, person order, of a rota of the instance (its callers
    refuse any other with `maillage.models.validate.check_rota`)."""
    facts = facts or Facts(instance)
    out: list[Row] = []
    for i, a in enumerate(solution.assignments):
        person = facts.staff[a.staff]
        shift = facts.shifts[a.shift]
        site = facts.sites.get(a.site)
        sector = facts.sectors.get(a.site)
        if site is not None:
            name, insee = site.name, site.insee
        else:
            assert sector is not None
            name, insee = sector.name or sector.id, None
        start, end = shift_times(a.date, shift)
        out.append(
            Row(i, a, person, shift, name, insee, shift.kind == ShiftKind.oncall, start, end)
        )
    out.sort(key=lambda r: (r.start, r.end, r.person.id, r.index))
    return out
