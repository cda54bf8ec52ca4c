"""The out-of-hours primary-care (PDSA) periods of the Code de la santé publique, R6315-1.

« 1° Tous les jours de 20 heures à 8 heures ; 2° Les dimanches et jours fériés de 8 heures à
20 heures ; 3° En fonction des besoins de la population … : le samedi à partir de midi, le
lundi lorsqu'il précède un jour férié, le vendredi et le samedi lorsqu'ils suivent un jour
férié. » The 3° periods are the ARS's choice; the generator and the shipped instances take
them all (Saturday afternoons, and the bridge days declared in `horizon.bridge_days`, on
which the engine runs the holiday on-call slots).
"""

from __future__ import annotations

import datetime as dt

import holidays as holidays_lib

DAY = 24 * 60
NIGHT_START, NIGHT_END = 20 * 60, 8 * 60  # 1°: every night, 20:00 to 08:00
SATURDAY_FROM = 12 * 60  # 3°: Saturday from noon


def public_holidays(first: dt.date, last: dt.date) -> set[dt.date]:
    """French public holidays from `first` to `last`, as the engine applies them."""
    years = range(first.year, last.year + 1)
    found = holidays_lib.country_holidays("FR", years=years)
    return {day for day in found if first <= day <= last}


def bridge_days(start: dt.date, days: int) -> list[dt.date]:
    """The bridge days ('ponts') of R6315-1 3° in the horizon: the Monday before a public
    holiday (a Tuesday one), the Friday after one (a Thursday one, as Ascension), and the
    Saturday after one (a Friday holiday, or the Thursday holiday whose Friday is a bridge).
    Holidays just outside the horizon count: a Monday 31st before a Tuesday 1st is a bridge."""
    last = start + dt.timedelta(days=days - 1)
    public = public_holidays(start - dt.timedelta(days=2), last + dt.timedelta(days=1))
    found = set()
    for holiday in public:
        weekday = holiday.weekday()
        if weekday == 1:  # Tuesday: the Monday before
            found.add(holiday - dt.timedelta(days=1))
        elif weekday == 3:  # Thursday: the Friday and Saturday after
            found.update(holiday + dt.timedelta(days=n) for n in (1, 2))
        elif weekday == 4:  # Friday: the Saturday after
            found.add(holiday + dt.timedelta(days=1))
    return sorted(day for day in found - public if start <= day <= last)


def in_pdsa_periods(day: dt.date, start: int, end: int, *, holiday: bool, bridge: bool) -> bool:
    """Whether [start, end), in minutes from `day`'s 00:00 (end up to 08:00 the next day),
    lies within the PDSA periods: nights, the day of a Sunday, public holiday or declared
    bridge day, and Saturday from noon."""
    if not 0 <= start < end <= DAY + NIGHT_END:
        return False
    if holiday or bridge or day.weekday() == 6:
        return True  # night, day, night: the whole span
    daytime_from = SATURDAY_FROM if day.weekday() == 5 else NIGHT_START
    # outside the periods: [08:00, daytime_from) of this day
    return end <= NIGHT_END or start >= daytime_from
