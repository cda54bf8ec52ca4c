"""The scenario options of `whatif` (--recruit, --remove, --fte, --leave...) as change
objects; `replan` reads its --leave, --remove and --fte with the same function."""

from __future__ import annotations

from typing import Any

from maillage.models.errors import InputError
from maillage.models.instance import Instance


def whatif_scenarios(
    inst: Instance,
    recruit: tuple[str, ...],
    candidates: str | None,
    remove: tuple[str, ...],
    fte: tuple[str, ...],
    leave: tuple[str, ...],
    open_permanence: tuple[str, ...],
    close: tuple[str, ...],
) -> list[Any]:
    """Turn the scenario options into Scenarios; InputError naming the option when bad."""
    import datetime as dt

    from maillage.models.errors import Issue
    from maillage.models.instance import WEEKDAYS, Role
    from maillage.solver.apps.whatif import (
        ChangeFte,
        CloseSite,
        Leave,
        OpenPermanence,
        RemoveStaff,
        Scenario,
        recruit_scenarios,
    )

    def bad(option: str, value: str, why: str) -> InputError:
        return InputError([Issue(option, f"{value!r}: {why}")], "command line")

    def number(option: str, value: str, text: str) -> float:
        try:
            out = float(text)
        except ValueError:
            raise bad(option, value, f"FTE {text!r} is not a number") from None
        if not 0 < out <= 1:
            raise bad(option, value, f"FTE must be in (0, 1], got {text}")
        return out

    def date(option: str, value: str, text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise bad(option, value, f"{text!r} is not a date YYYY-MM-DD") from None

    scenarios: list[Scenario] = []
    sites = None
    if candidates is not None and candidates.strip() != "all":
        sites = [s.strip() for s in candidates.split(",") if s.strip()]
        if not sites:
            raise bad("--candidates", candidates, "give 'all' or site ids separated by commas")
    for value in recruit:
        parts = value.split(":")
        if len(parts) not in (2, 3):
            raise bad("--recruit", value, "expected ROLE:FTE[:START_DATE]")
        roles = [r.value for r in Role]
        if parts[0] not in roles:
            raise bad("--recruit", value, f"unknown role {parts[0]!r} (one of {', '.join(roles)})")
        start = date("--recruit", value, parts[2]) if len(parts) == 3 else None
        scenarios += recruit_scenarios(
            inst, Role(parts[0]), number("--recruit", value, parts[1]), start, sites
        )
    for value in remove:
        scenarios.append(Scenario(name=f"-{value}", changes=[RemoveStaff(staff=value)]))
    for value in fte:
        parts = value.split(":")
        if len(parts) != 2:
            raise bad("--fte", value, "expected STAFF_ID:FTE")
        change = ChangeFte(staff=parts[0], fte=number("--fte", value, parts[1]))
        scenarios.append(Scenario(name=f"{parts[0]} at {parts[1]} FTE", changes=[change]))
    for value in leave:
        parts = value.split(":")
        if len(parts) != 3:
            raise bad("--leave", value, "expected STAFF_ID:FROM:TO")
        start, end = date("--leave", value, parts[1]), date("--leave", value, parts[2])
        if end < start:
            raise bad("--leave", value, "TO is before FROM")
        scenarios.append(
            Scenario(
                name=f"{parts[0]} leave {start}..{end}",
                changes=[Leave(staff=parts[0], start=start, end=end)],
            )
        )
    for value in open_permanence:
        parts = value.split(":")
        if len(parts) not in (2, 3):
            raise bad("--open-permanence", value, "expected INSEE:PARENT_SITE[:mon,tue...]")
        days = [d.strip() for d in parts[2].split(",")] if len(parts) == 3 else list(WEEKDAYS[:5])
        unknown = [d for d in days if d not in WEEKDAYS]
        if unknown or not days:
            raise bad("--open-permanence", value, f"unknown weekday(s) {', '.join(unknown)}")
        opened = OpenPermanence.model_validate(
            {"insee": parts[0], "parent": parts[1], "weekdays": days}
        )
        scenarios.append(Scenario(name=f"open {parts[0]} ({parts[1]})", changes=[opened]))
    for value in close:
        scenarios.append(Scenario(name=f"close {value}", changes=[CloseSite(site=value)]))
    return scenarios
