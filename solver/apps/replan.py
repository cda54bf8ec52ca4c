"""Re-plan a published rota with the fewest changes (issue 31): the days before `from_date`
are kept as published (rule `published_days`), and from it every hard rule holds while each
change to the published rota costs (rule `rota_changes`, heavier the sooner and on call).

    from maillage.solver.apps.replan import replan
    from maillage.solver.apps.diff import diff
from maillage.solver.apps.whatif import Leave
    new = replan(instance, published, dt.date(2025, 3, 10),
                 [Leave(staff="d1", start=dt.date(2025, 3, 10), end=dt.date(2025, 3, 16))])
    print("\\n".join(new.changes or []))

The changes are the what-if changes `Leave`, `RemoveStaff` and `ChangeFte`, and `Lock` (an
assignment the planner fixes); an edits file is a JSON list of them (`load_edits`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, ValidationError

from maillage.models.errors import InputError, Issue, from_validation_error
from maillage.models.facts import Facts
from maillage.models.instance import FixedAssignment, Instance, PublishedAssignment, Replan
from maillage.models.load import DEFAULT_MAX_BYTES, read_text
from maillage.models.solution import Solution
from maillage.models.validate import check_rota, cross_check
from maillage.solver.apps.diff import diff
from maillage.solver.apps.whatif import ChangeFte, Leave, RemoveStaff, _Change
from maillage.solver.params import SolveParams
from maillage.solver.rules.rota_changes import change_unit
from maillage.solver.solve import solve

SOURCE = "command line"


class Lock(_Change):
    """An assignment the planner fixes in the new rota (a swap agreed, a slot taken)."""

    kind: Literal["lock"] = "lock"
    staff: str
    date: dt.date
    shift: str
    site: str = Field(description="Site id, or sector id for an on-call slot.")

    def describe(self) -> str:
        return f"{self.staff} locked on {self.shift} at {self.site} on {self.date}"

    def apply(self, instance: Instance) -> Instance:
        person = self._person(instance, self.staff)
        fixed = FixedAssignment(date=self.date, shift=self.shift, site=self.site)
        return self._replace_staff(
            instance, person.model_copy(update={"fixed": [*person.fixed, fixed]})
        )


Edit = Annotated[Leave | RemoveStaff | ChangeFte | Lock, Field(discriminator="kind")]
EDITS: TypeAdapter[list[Edit]] = TypeAdapter(list[Edit])


def load_edits(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Edit]:
    """An edits file: a JSON list of changes, each an object with its `kind`:
    `{"kind": "leave", "staff", "start", "end"}`, `{"kind": "remove", "staff"}`,
    `{"kind": "fte", "staff", "fte"}` or `{"kind": "lock", "staff", "date", "shift",
    "site"}`. InputError with the JSON path of each bad entry."""
    text = read_text(path, max_bytes)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        raise InputError([Issue("$", message)], path) from None
    if not isinstance(raw, list):
        raise InputError([Issue("$", f"expected a JSON list, got {type(raw).__name__}")], path)
    try:
        return EDITS.validate_python(raw)
    except ValidationError as error:
        raise InputError(from_validation_error(error), path) from None


def _fail(field: str, message: str, source: str = SOURCE) -> InputError:
    return InputError([Issue(field, message)], source)


def replan_instance(
    instance: Instance,
    published: Solution,
    from_date: dt.date,
    changes: Sequence[Edit] = (),
    *,
    reoptimise: bool = False,
    published_source: str = "the published rota",
) -> Instance:
    """The instance a re-plan solves: the changes applied, the published rota and
    `from_date` in its `replan` section. InputError naming the field when the input is bad:
    a published rota of another instance, `from_date` outside the horizon, a change before
    `from_date` or naming an unknown id."""
    h = instance.horizon
    check_rota(instance, published, published_source)
    if not h.start <= from_date <= h.end:
        raise _fail("--from", f"{from_date} is outside the horizon {h.start} to {h.end}")
    out, gone = instance, set[str]()
    for change in changes:
        if isinstance(change, Leave | Lock):
            first = change.start if isinstance(change, Leave) else change.date
            if first < from_date:
                raise change._fail(
                    f"{change.describe()}: starts before --from {from_date}, and the days "
                    "before it are kept as published"
                )
        if isinstance(change, RemoveStaff) and from_date > h.start:
            # gone from `from_date` on: the published days before it keep the person
            person = change._person(out, change.staff)
            end = from_date - dt.timedelta(days=1)
            if person.end_date is not None:
                end = min(end, person.end_date)
            out = change._replace_staff(out, person.model_copy(update={"end_date": end}))
            continue
        if isinstance(change, Leave) and "reason" not in change.model_fields_set:
            change = change.model_copy(update={"reason": "leave"})  # real, not a what-if
        out = change.apply(out)
        if isinstance(change, RemoveStaff):
            gone.add(change.staff)
    rows = [
        PublishedAssignment(staff=a.staff, date=a.date, shift=a.shift, site=a.site)
        for a in published.assignments
        if a.staff not in gone
    ]
    # the unit of the whole instance, written down: a network solved part by part would
    # otherwise derive a smaller one in a part that lacks the heaviest commune
    unit = change_unit(Facts(out))
    section = Replan(published=rows, from_date=from_date, reoptimise=reoptimise, unit=unit)
    out = out.model_copy(update={"replan": section})
    # round-trip so that every validator of the contract runs on the modified instance
    out = Instance.model_validate(out.model_dump(mode="json", by_alias=True))
    issues = cross_check(out)
    if issues:
        raise InputError(issues, "the re-planned instance")
    return out


def replan(
    instance: Instance,
    published: Solution,
    from_date: dt.date,
    changes: Sequence[Edit] = (),
    params: SolveParams | None = None,
    *,
    reoptimise: bool = False,
) -> Solution:
    """The re-planned rota, warm-started from the published one, its changes in words in
    `changes`. An infeasible re-plan has conflicts, as `solve` gives them; `params.relax`
    lets hard rules break."""
    inst = replan_instance(instance, published, from_date, changes, reoptimise=reoptimise)
    return solve_replanned(instance, inst, published, params)


def solve_replanned(
    instance: Instance, replanned: Instance, published: Solution, params: SolveParams | None
) -> Solution:
    """Solve a re-planned instance (`replan_instance`) hinted with the published rota; the
    changes in words are named with `instance`, which knows everyone published."""
    solution = solve(replanned, params or SolveParams(), hint=published.assignments)
    if solution.objective is not None:
        solution.changes = change_lines(instance, published, solution)
    return solution


def change_lines(instance: Instance, published: Solution, new: Solution) -> list[str]:
    """The changes per person, in words ("Dr A: +Tue 11/03 am at Catus; ...; hours 35 → 28"),
    as `maillage diff` writes them; named with `instance`, which knows everyone published."""
    found = diff(instance, published, new)
    return found.lines()[: len(found.people)]
