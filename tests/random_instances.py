"""Random small rota instances for property tests (hypothesis draws them): one or two sites,
up to five people of mixed roles, leave, day-off wishes and communes to serve."""

from __future__ import annotations

from typing import Any

from factory import SECTOR, commune, instance_dict, person, site
from hypothesis import strategies as st

from maillage.models.instance import Instance

ROLES = st.sampled_from(["doctor", "doctor", "ipa", "midwife", "secretary"])


@st.composite
def instances(draw: Any) -> Instance:
    days = draw(st.integers(2, 10))
    start = f"2025-04-{draw(st.integers(14, 20)):02d}"  # includes Easter Monday 21 April
    two_sites = draw(st.booleans())
    sites = [
        site(
            "A",
            secretary=draw(st.sampled_from(["on_site", "remote"])),
            rooms=draw(st.integers(1, 3)),
            requirements=[{"role": "doctor", "min": draw(st.integers(0, 2))}],
        )
    ]
    if two_sites:
        sites.append(site("P", kind="permanence", parent="A", lat=42.75, secretary="remote"))
    staff = []
    for i in range(draw(st.integers(1, 5))):
        role = draw(ROLES)
        leave = []
        if draw(st.booleans()):
            first = draw(st.integers(14, 24))
            leave = [
                {
                    "from": f"2025-04-{first:02d}",
                    "to": f"2025-04-{first + draw(st.integers(0, 3)):02d}",
                }
            ]
        staff.append(
            person(
                f"p{i}",
                role=role,
                fte=draw(st.sampled_from([1.0, 0.8, 0.5])),
                sites=["A", "P"] if two_sites else ["A"],
                oncall=role == "doctor" and draw(st.booleans()),
                unavailable=leave,
                preferences={
                    "days_off": draw(st.lists(st.sampled_from(["mon", "wed", "fri"]), max_size=1))
                },
            )
        )
    data = instance_dict(
        days=days,
        start=start,
        sites=sites,
        staff=staff,
        sectors=[SECTOR] if draw(st.booleans()) else [],
        communes=[
            commune("66001", apl=draw(st.floats(0.5, 2.4))),
            commune("66002", lat=42.76, population=draw(st.integers(100, 9000)), apl=1.0),
        ],
        rules={"hours_tolerance": draw(st.sampled_from([0.2, 0.5, 1.0])), "max_daily_hours": 12},
    )
    return Instance.model_validate(data)
