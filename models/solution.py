"""The solution contract: the rota, its objective by term, and what it costs whom."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from maillage.models.instance import SCHEMA_VERSION, CareLine


class Status(StrEnum):
    optimal = "optimal"
    feasible = "feasible"
    infeasible = "infeasible"
    unknown = "unknown"


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Assignment(Out):
    staff: str
    date: dt.date
    shift: str
    site: str = Field(description="Site id; for an on-call slot, the sector id.")


class Objective(Out):
    total: float = Field(description="Sum of the terms: coverage minus penalties (maximised).")
    terms: dict[str, float] = Field(
        default_factory=dict, description="Signed value of every term by rule name."
    )
    unproven: dict[str, str] | None = Field(
        default=None,
        description="Terms whose value is not proven exact for the rota, each with why: "
        "re-optimising coverage and slacks with the rota fixed did not finish in time. Such a "
        "value is one the rota reaches (never more than it can); `maillage check` recomputes "
        "the exact one.",
    )


class StaffSummary(Out):
    staff: str
    role: str
    hours: float
    target_hours: float
    min_hours: float
    max_hours: float
    sessions: int
    oncalls: int
    weekends: int
    days_worked: int = Field(
        description="Days with an assignment that counts as work (home stand-by that does not "
        "count as work leaves a day unworked)."
    )
    # The work-pattern figures below are None in a solution written before they existed.
    whole_days: int | None = Field(
        default=None,
        description="Days holding at least the person's usual sessions (consultation or "
        "admin shifts counted as work): `sessions_per_day`, or fewer where the day offers "
        "fewer (a Saturday of mornings only is a whole day).",
    )
    half_days_alone: int | None = Field(
        default=None,
        description="Days holding at least one session but fewer than the person's usual "
        "sessions (a lone morning on a day of two sessions).",
    )
    saturdays: int | None = Field(
        default=None, description="Saturdays of the horizon with an assignment that counts as work."
    )
    six_day_weeks: int | None = Field(
        default=None,
        description="Calendar weeks (Monday to Sunday) meeting the horizon with 6 or more "
        "worked days; a week straddling the horizon's start counts the days of the history "
        "in it.",
    )


class Coverage(Out):
    insee: str
    name: str
    line: CareLine
    need: float = Field(description="Unmet need, consultations per week.")
    served: float = Field(description="Need put within reach, consultations per week.")
    weight: float


class Violation(Out):
    rule: str
    staff: str | None = None
    date: dt.date | None = None
    site: str | None = None
    penalty: float
    message: str


class ConflictItem(Out):
    rule: str
    staff: str | None = None
    date: dt.date | None = None
    site: str | None = None
    message: str


class Conflict(Out):
    kind: Literal["conflict", "precheck"] = Field(
        default="conflict",
        description="conflict: hard rules that cannot all hold together; precheck: a warning "
        "found before the search (e.g. an on-call sector nobody can hold).",
    )
    rules: list[str]
    message: str
    items: list[ConflictItem] = Field(default_factory=list)


class Stats(Out):
    backend: str
    seconds: float
    workers: int
    seed: int
    time_limit: float | None = None
    variables: int = 0
    constraints: int = 0
    first_feasible_seconds: float | None = Field(
        default=None, description="When the first rota was found, from the start (build included)."
    )
    best_seconds: float | None = Field(
        default=None, description="When the returned rota was found, from the start."
    )


class Solution(Out):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    instance: str
    status: Status
    objective: Objective | None = None
    bound: float | None = Field(default=None, description="Proven upper bound on the total.")
    gap: float | None = Field(default=None, description="(bound - total) / max(1, |bound|).")
    assignments: list[Assignment] = Field(default_factory=list)
    staff_summary: list[StaffSummary] = Field(default_factory=list)
    coverage: list[Coverage] = Field(default_factory=list)
    violations: list[Violation] = Field(default_factory=list)
    served_need_per_week: float = 0.0
    stats: Stats | None = None
    conflicts: list[Conflict] = Field(
        default_factory=list,
        description="When infeasible: small sets of rule instances that cannot hold together, "
        "in words; also warnings found before the search.",
    )
    interrupted: bool | None = Field(
        default=None, description="True when the search was stopped by a signal (best so far)."
    )
    relaxed: bool | None = Field(
        default=None, description="True when hard rules were relaxed (`solve --relax`)."
    )
    changes: list[str] | None = Field(
        default=None,
        description="A re-plan's changes to the published rota, per person, in words "
        "(`maillage replan`).",
    )
