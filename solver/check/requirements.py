"""The checker's own reading of where a site's staffing requirement applies, shared by the
checks of `min_staffing` and `max_staffing` and written from the requirement's text rather
than taken from `Facts.requirement_sessions`, which the model uses.

A requirement applies to every session the site opens (site and calendar facts), limited to
its `weekdays` when it lists them, and to its `shifts` when it lists them, else to the
consultation shifts. Sessions come in time order per site and requirement, as reports list them.
"""

from __future__ import annotations

from collections.abc import Iterator

from maillage.models.facts import Facts, Slot
from maillage.models.instance import WEEKDAYS, Requirement, ShiftKind, Site


def _applies(requirement: Requirement, slot: Slot) -> bool:
    weekday = WEEKDAYS[slot.date.weekday()]
    if requirement.weekdays is not None and weekday not in requirement.weekdays:
        return False
    if requirement.shifts is not None:
        return slot.shift.id in requirement.shifts
    return slot.kind == ShiftKind.consultation


def required_sessions(facts: Facts) -> Iterator[tuple[Site, Requirement, Slot]]:
    """Each (site, requirement, session) the requirement applies to."""
    for site in facts.instance.sites:
        open_slots = [slot for slot in facts.slots if facts.site_open(site, slot)]
        for requirement in site.requirements:
            for slot in open_slots:
                if _applies(requirement, slot):
                    yield site, requirement, slot
