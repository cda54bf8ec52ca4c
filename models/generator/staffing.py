"""Who works where in a generated instance: the split into roles, the teams of the centres,
and each person's contract, leave and preferences.

The shares follow the service's mix (27 doctors and 13 secretaries for its first centres,
IPAs and midwives "according to need"); the teams follow the need around each centre. Leave
and training stay off the on-call roster: fairness is counted pro rata of days available,
and an uneven split forced by leave is slow to prove optimal
(docs/decisions/2026-11-23-fairness-with-leave.md). A centre's only secretary is full time
and takes no leave, because at an `on_site` centre no clinician may consult without a
secretary present.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from maillage.models.generator.siting import GenerateError, Place

DOCTOR_SHARE, SECRETARY_SHARE = 0.60, 0.25  # the rest: IPAs and midwives, half each
STAFF_PER_CENTRE = 4
MAX_DOCTORS = 6  # a centre has 2 to 6 doctors when there are enough
SECRETARY_RATIO = 3  # the engine's default: one secretary on site per 3 clinicians
PART_TIME_SHARE = 0.25
PART_TIME_FTE = (0.5, 0.6, 0.8)
LEAVE_SHARE = 0.35  # of the people off the on-call roster
TRAINING_SHARE = 0.15
DAYS_OFF_SHARE = DATES_OFF_SHARE = 0.15
WEEK_HOURS = 35


class _Counts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleCounts(_Counts):
    """How many people of each role, in all."""

    doctor: int = Field(ge=0)
    secretary: int = Field(ge=0)
    ipa: int = Field(default=0, ge=0)
    midwife: int = Field(default=0, ge=0)

    @property
    def total(self) -> int:
        return self.doctor + self.secretary + self.ipa + self.midwife


class CentreStaff(_Counts):
    """Known figures of one centre (e.g. from a press kit); None leaves a role to the split."""

    doctor: int | None = Field(default=None, ge=1)
    secretary: int | None = Field(default=None, ge=0)
    ipa: int | None = Field(default=None, ge=0)
    midwife: int | None = Field(default=None, ge=0)
    part_time_doctors: int | None = Field(default=None, ge=0)


def split_roles(staff: int) -> RoleCounts:
    """The default split of a head count: 60 % doctors, 25 % secretaries, the rest IPAs
    and midwives."""
    doctor = math.floor(DOCTOR_SHARE * staff + 0.5)
    secretary = min(staff - doctor, max(1, math.floor(SECRETARY_SHARE * staff + 0.5)))
    rest = staff - doctor - secretary
    return RoleCounts(doctor=doctor, secretary=secretary, ipa=(rest + 1) // 2, midwife=rest // 2)


def default_centres(staff: int, doctors: int) -> int:
    """About 4 staff per centre, and at least 2 doctors each."""
    return max(1, min(math.floor(staff / STAFF_PER_CENTRE + 0.5), doctors // 2))


def fit_roles(roles: RoleCounts, centres: int) -> RoleCounts:
    """The split with at least a doctor and a secretary per centre, taken from the others."""
    doctor, secretary = max(roles.doctor, centres), max(roles.secretary, centres)
    spare = roles.total - doctor - secretary
    if spare < 0:
        raise GenerateError(
            "staff",
            f"{roles.total} staff cannot give each of {centres} centres a doctor and a secretary",
        )
    ipa = min(roles.ipa, (spare + 1) // 2)
    return RoleCounts(doctor=doctor, secretary=secretary, ipa=ipa, midwife=spare - ipa)


@dataclass
class Team:
    doctor: int = 0
    secretary: int = 0
    ipa: int = 0
    midwife: int = 0
    part_time_doctors: int | None = None

    @property
    def clinicians(self) -> int:
        return self.doctor + self.ipa + self.midwife


def allocate(
    centres: Sequence[str],
    need: dict[str, float],
    totals: RoleCounts,
    fixed: dict[str, CentreStaff],
) -> dict[str, Team]:
    """Teams per centre: the fixed figures first; then two doctors each (one if there are too
    few) and the other doctors by need (D'Hondt, up to 6 a centre while others have room);
    IPAs and midwives in turn to the largest teams; a secretary each, largest teams first,
    and the others where clinicians per secretary are most."""
    unknown = [c for c in fixed if c not in centres]
    if unknown:
        raise GenerateError("centre_staff", f"not a centre of the instance: {', '.join(unknown)}")
    teams = {
        c: Team(part_time_doctors=getattr(fixed.get(c), "part_time_doctors", None)) for c in centres
    }
    rank = {c: i for i, c in enumerate(centres)}
    left: dict[str, int] = {}
    free: dict[str, list[str]] = {}
    for role in ("doctor", "ipa", "midwife", "secretary"):
        given = {c: getattr(s, role) for c, s in fixed.items() if getattr(s, role) is not None}
        for c, n in given.items():
            setattr(teams[c], role, n)
        left[role] = getattr(totals, role) - sum(given.values())
        if left[role] < 0:
            raise GenerateError("centre_staff", f"more {role}s given to centres than in all")
        free[role] = [c for c in centres if c not in given]

    def add(role: str, centre: str) -> None:
        setattr(teams[centre], role, getattr(teams[centre], role) + 1)
        left[role] -= 1

    if left["doctor"] < len(free["doctor"]):
        raise GenerateError("staff", f"{totals.doctor} doctors for {len(centres)} centres")
    base = 2 if left["doctor"] >= 2 * len(free["doctor"]) else 1  # 2 to 6 doctors a centre
    for c in free["doctor"]:
        for _ in range(base):
            add("doctor", c)
    while left["doctor"] > 0 and free["doctor"]:
        room = [c for c in free["doctor"] if teams[c].doctor < MAX_DOCTORS] or free["doctor"]
        add("doctor", max(room, key=lambda c: (need.get(c, 0.0) / (teams[c].doctor + 1), -rank[c])))
    for role in ("ipa", "midwife"):
        order = sorted(free[role], key=lambda c: (-teams[c].doctor, -need.get(c, 0.0), rank[c]))
        k = 0
        while left[role] > 0 and order:
            add(role, order[k % len(order)])
            k += 1
    for c in sorted(free["secretary"], key=lambda c: (-teams[c].clinicians, rank[c])):
        if left["secretary"] > 0:
            add("secretary", c)
    while left["secretary"] > 0 and free["secretary"]:
        add(
            "secretary",
            max(
                free["secretary"],
                key=lambda c: (teams[c].clinicians / max(1, teams[c].secretary), -rank[c]),
            ),
        )
    for role, n in left.items():
        if n > 0:
            raise GenerateError("centre_staff", f"{n} {role}(s) left over: every centre's is fixed")
    return teams


@dataclass
class Person:
    id: str
    name: str
    role: str
    fte: float
    sites: list[str]
    home: str
    oncall: bool = False
    leave: list[tuple[dt.date, dt.date, str]] = field(default_factory=list)
    days_off: list[str] = field(default_factory=list)
    dates_off: list[dt.date] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "fte": self.fte,
            "sites": self.sites,
            "home_site": self.home,
        }
        if self.oncall:
            out["oncall"] = True
        if self.leave:
            out["unavailable"] = [
                {"from": a.isoformat(), "to": b.isoformat(), "reason": why}
                for a, b, why in self.leave
            ]
        prefs: dict[str, Any] = {}
        if self.days_off:
            prefs["days_off"] = self.days_off
        if self.dates_off:
            prefs["dates_off"] = [d.isoformat() for d in self.dates_off]
        if prefs:
            out["preferences"] = prefs
        if self.fte <= 0.6:
            out["rules"] = {"max_days_per_week": 3}
        return out

    def leave_days(self) -> int:
        return sum(
            1
            for a, b, _ in self.leave
            for k in range((b - a).days + 1)
            if (a + dt.timedelta(days=k)).weekday() < 5
        )


LABELS = {
    "doctor": ("med", "Médecin"),
    "secretary": ("sec", "Secrétaire"),
    "ipa": ("ipa", "IPA"),
    "midwife": ("sf", "Sage-femme"),
}


def people(
    places: Sequence[Place], teams: dict[str, Team], dates: Sequence[dt.date], seed: int
) -> list[Person]:
    """Every person, centre by centre (doctors, IPAs, midwives, secretaries)."""
    rng = random.Random(f"{seed}:staff")
    out: list[Person] = []
    for centre in (p for p in places if p.kind == "centre"):
        team = teams[centre.id]
        permanences = [p.id for p in places if p.parent == centre.id]
        crew: list[Person] = []
        for role in ("doctor", "ipa", "midwife", "secretary"):
            count = getattr(team, role)
            prefix, label = LABELS[role]
            part_time = _part_time(rng, role, count, team.part_time_doctors)
            for k in range(1, count + 1):
                fte = rng.choice(PART_TIME_FTE) if k in part_time else 1.0
                crew.append(
                    Person(
                        id=f"{centre.id}-{prefix}{k}",
                        name=f"{label} {k} ({centre.commune.name})",
                        role=role,
                        fte=fte,
                        sites=[centre.id, *permanences] if role == "doctor" else [centre.id],
                        home=centre.id,
                        oncall=role == "doctor" and fte == 1.0,
                    )
                )
        _absences(rng, crew, dates, on_site=secretary_on_site(crew))
        out += crew
    return out


def _part_time(rng: random.Random, role: str, count: int, doctors: int | None) -> set[int]:
    """Which members (1-based) of a role are part-time; the first doctor and the first
    secretary of a centre are full time (the on-call roster, the secretariat)."""
    if role == "doctor" and doctors is not None:
        return set(range(count - min(doctors, count - 1) + 1, count + 1))
    first = 2 if role in ("doctor", "secretary") else 1
    return {k for k in range(first, count + 1) if rng.random() < PART_TIME_SHARE}


def secretary_on_site(crew: Sequence[Person]) -> bool:
    """Whether the centre can keep a secretary on site: one at least, and no more than 3
    clinicians (in FTE) per secretary; otherwise the shared secretariat answers remotely."""
    secretaries = sum(p.fte for p in crew if p.role == "secretary")
    clinicians = sum(p.fte for p in crew if p.role != "secretary")
    return secretaries > 0 and clinicians <= SECRETARY_RATIO * secretaries


def _absences(
    rng: random.Random, crew: list[Person], dates: Sequence[dt.date], on_site: bool
) -> None:
    """A seeded month of leave and training off the on-call roster, and preferences."""
    weekdays = [d for d in dates if d.weekday() < 5]
    mondays = [d for d in dates if d.weekday() == 0 and d + dt.timedelta(days=6) <= dates[-1]]
    secretaries = [p for p in crew if p.role == "secretary"]
    for person in crew:
        if person.oncall or not weekdays:
            pass
        elif (
            person.role == "secretary"
            and on_site
            and (len(secretaries) < 2 or any(p.leave for p in secretaries))
        ):
            pass  # the only secretary, or another already away: no leave
        elif rng.random() < LEAVE_SHARE:
            person.leave.append(_leave(rng, weekdays, mondays))
            if person.role == "secretary" and on_site and not _cover_holds(crew, len(weekdays)):
                person.leave.clear()
        if not person.oncall and person.role != "secretary" and rng.random() < TRAINING_SHARE:
            taken = {
                a + dt.timedelta(days=k)
                for a, b, _ in person.leave
                for k in range((b - a).days + 1)
            }
            free = [d for d in weekdays if d not in taken]
            if free:
                day = rng.choice(free)
                person.leave.append((day, day, "training"))
                person.leave.sort()
        if rng.random() < DAYS_OFF_SHARE:
            person.days_off = [rng.choice(["mon", "tue", "wed", "thu", "fri"])]
        if rng.random() < DATES_OFF_SHARE and weekdays:
            person.dates_off = [rng.choice(weekdays)]


def _leave(
    rng: random.Random, weekdays: Sequence[dt.date], mondays: Sequence[dt.date]
) -> tuple[dt.date, dt.date, str]:
    """A week (Monday to Sunday) or 2 to 4 weekdays in one week."""
    if mondays and rng.random() < 0.5:
        start = rng.choice(mondays)
        return start, start + dt.timedelta(days=6), "leave"
    start = rng.choice(weekdays)
    friday = start + dt.timedelta(days=4 - start.weekday())
    end = min(start + dt.timedelta(days=rng.randint(1, 3)), friday, weekdays[-1])
    return start, end, "leave"


def _cover_holds(crew: Sequence[Person], weekdays: int) -> bool:
    """Secretaries' hours, 3 clinicians each, still cover the clinicians' hours."""

    def hours(p: Person) -> float:
        return p.fte * (weekdays - p.leave_days())

    secretaries = sum(hours(p) for p in crew if p.role == "secretary")
    clinicians = sum(hours(p) for p in crew if p.role != "secretary")
    return clinicians <= SECRETARY_RATIO * secretaries
