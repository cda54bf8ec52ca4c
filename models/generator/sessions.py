"""The service's standard week, as at Millas and Cahors: half-day sessions and on-call slots.

Shared by the instance builders and the generator, so that every shipped instance has the
same shifts.
"""

from __future__ import annotations

from typing import Any

WEEK = ["mon", "tue", "wed", "thu", "fri"]
ONCALL_SLOTS = ["oncall_eve", "oncall_sat", "oncall_sun"]
SUNDAY_ONLY = "oncall_sunday"
SESSION_HOURS = {"am": 4, "pm": 5}  # consultation hours of each half-day


def shifts() -> list[dict[str, Any]]:
    """The shifts of an instance, as JSON objects (key order kept for byte-stable files)."""
    return [
        # Half-day consultation sessions; each offers the engine's default 12 doctor
        # consultations. The afternoon is an hour longer: it also holds the home and
        # nursing-home visits the press kit mentions (not modelled as consultations).
        {
            "id": "am",
            "start": "08:00",
            "end": "12:00",
            "kind": "consultation",
            "weekdays": [*WEEK, "sat"],
        },
        {"id": "pm", "start": "13:30", "end": "18:30", "kind": "consultation", "weekdays": WEEK},
        # Permanence des soins ambulatoires (PDSA) slots, within the periods of the Code de la
        # santé publique R6315-1 (every night from 20:00 to 08:00; Sundays and public
        # holidays 08:00-20:00; where the ARS decides, Saturday from noon and the bridge days
        # of `horizon.bridge_days`, on which the holiday slot runs), held as home stand-by
        # (astreinte) called by the SAMU regulation: outside interventions an astreinte is
        # not working time and counts as rest (Code du travail L3121-9), so the slots do not
        # count as work. Weekday nights on Mondays only, until midnight: 5 Mondays + 5
        # Saturdays + 5 Sundays in March 2025 = 15 slots, 5 for each of the 3 doctors on the
        # roster (at most 6 on-calls a month each, the service's default).
        {
            "id": "oncall_eve",
            "start": "20:00",
            "end": "24:00",
            "kind": "oncall",
            "counts_as_work": False,
            "weekdays": ["mon"],
        },
        {
            "id": "oncall_sat",
            "start": "12:00",
            "end": "20:00",
            "kind": "oncall",
            "counts_as_work": False,
            "weekdays": ["sat"],
        },
        {
            "id": "oncall_sun",
            "start": "08:00",
            "end": "20:00",
            "kind": "oncall",
            "counts_as_work": False,
            "weekdays": ["sun"],
            "holidays": "include",
        },
    ]


def sunday_only_shift() -> dict[str, Any]:
    """Sundays that are neither public holidays nor bridge days: the on-call slot of a sector
    whose doctors cannot also hold the holidays and bridge days of the month."""
    return {
        "id": SUNDAY_ONLY,
        "start": "08:00",
        "end": "20:00",
        "kind": "oncall",
        "counts_as_work": False,
        "weekdays": ["sun"],
    }
