"""Small multi-site instances for the what-if tests."""

from __future__ import annotations

from typing import Any

from factory import commune, doctor_on_call, instance_dict, person, site

from maillage.models.instance import Instance


def multi_site(**kw: Any) -> Instance:
    """Two centres 20 km apart and a permanence of A; communes around each with unmet need;
    one doctor at each centre, an on-call sector over A and P."""
    base = instance_dict(
        days=7,
        sites=[
            site("A", lat=42.69, lon=2.76),
            site("B", lat=42.69, lon=3.00),
            site(
                "P",
                kind="permanence",
                parent="A",
                lat=42.75,
                lon=2.80,
                rooms=1,
                opening={d: ["am"] for d in ["tue", "thu"]},
            ),
        ],
        communes=[
            commune("66001", lat=42.70, lon=2.77, population=3000, apl=1.0),
            commune("66002", lat=42.70, lon=3.01, population=6000, apl=1.0),
            commune("66003", lat=42.76, lon=2.81, population=800, apl=0.5),
            commune("66004", lat=42.66, lon=3.02, population=2500, apl=0.8),
            commune("66005", lat=42.52, lon=2.95, population=5000, apl=0.0),  # out of reach
        ],
        staff=[
            doctor_on_call("d1", sites=["A", "P"], home_site="A"),
            person("d2", sites=["B"], home_site="B"),
        ],
        sectors=[{"id": "S", "sites": ["A", "P"], "slots": ["eve", "sat", "sun"]}],
    )
    return Instance.model_validate(base | kw)


def one_site(**kw: Any) -> Instance:
    """The factory's tiny instance with a second commune and a half-time midwife."""
    base = instance_dict(
        communes=[commune("66001"), commune("66002", lat=42.72, lon=2.80, population=4000)],
        staff=[person("d1"), person("w1", role="midwife", fte=0.5)],
    )
    return Instance.model_validate(base | kw)
