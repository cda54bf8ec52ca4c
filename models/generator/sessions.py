"""The service's standard week, as at Millas and Cahors: half-day sessions and on-call slots.

Shared by the instance builders and the generator, so that every shipped instance has the
same shifts.
"""

from __future__ import annotations

from typing import Any

WEEK = ["mon", "tue", "wed", "thu", "fri"]
ONCALL_SLOTS = ["oncall_eve", "oncall_sat", "oncall_sun"]
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
        # Permanence des soins ambulatoires (PDSA) slots, at their regulatory times, held as
        # home stand-by (astreinte) called by the SAMU regulation: outside interventions an
        # astreinte is not working time and counts as rest (Code du travail L3121-9), so the
        # slots do not count as work. Weekday evenings on Mondays only: 5 Mondays + 5
        # Saturdays + 5 Sundays in March 2025 = 15 slots, 5 for each of the 3 doctors on the
        # roster (at most 6 on-calls a month each, the law default).
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
