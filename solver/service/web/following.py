"""The next month's instance from the last one: the same people, sites and rules, its own
dates. Its history is then carried from the last month's rota by the API (`apps.carry`)."""

from __future__ import annotations

import calendar
import datetime as dt

from maillage.models.instance import Instance


def next_instance(previous: Instance) -> Instance:
    """The calendar month after `previous` (or, for a horizon that does not start on the 1st,
    as many days again); dated entries outside it are dropped, leave that runs on is kept,
    people whose contract has ended are left out."""
    start = previous.horizon.end + dt.timedelta(days=1)
    days = (
        calendar.monthrange(start.year, start.month)[1] if start.day == 1 else previous.horizon.days
    )
    end = start + dt.timedelta(days=days - 1)

    def inside(d: dt.date) -> bool:
        return start <= d <= end

    data = previous.model_dump(by_alias=True)
    key_before, key_after = previous.horizon.start.strftime("%Y-%m"), start.strftime("%Y-%m")
    data["name"] = previous.name.replace(key_before, key_after)
    horizon = data["horizon"]
    horizon["start"], horizon["days"] = start, days
    horizon["closed_dates"] = [d for d in previous.horizon.closed_dates if inside(d)]
    horizon["bridge_days"] = [d for d in previous.horizon.bridge_days if inside(d)]
    staff = []
    for person, raw in zip(previous.staff, data["staff"], strict=True):
        if person.end_date is not None and person.end_date < start:
            continue
        raw["unavailable"] = [
            u.model_dump(by_alias=True) for u in person.unavailable if u.to >= start
        ]
        raw["fixed"] = [f.model_dump() for f in person.fixed if inside(f.date)]
        raw["requests"] = [r.model_dump() for r in person.requests if inside(r.date)]
        raw["preferences"]["dates_off"] = [d for d in person.preferences.dates_off if inside(d)]
        staff.append(raw)
    data["staff"] = staff
    data["cover"] = [c.model_dump() for c in previous.cover if inside(c.date)]
    data["history"] = None
    data["replan"] = None
    return Instance.model_validate(data)
