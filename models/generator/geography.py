"""The geography shared by the instance builders and the generator: travel, reach, need.

One copy of each constant, so that the communes a builder lists and the engine's reach agree:
travel is the engine's default model (haversine x 1.3 at 60 km/h, from the commune to the
site), reach the DREES APL distance decay, and each commune's APL the real DREES figure of
the chosen vintage (`maillage.models.generator.communes.real_apl`), or, for a commune the
vintage does not list, an *illustrative* estimate (a seeded function of population density,
flagged `apl_illustrative`).
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from maillage.models.generator.communes import (
    DEFAULT_APL_VINTAGE,
    CommuneRecord,
    real_apl,
    travel_minutes,
)

DETOUR_FACTOR = 1.3
SPEED_KMH = 60.0
REACH_BANDS: list[tuple[float, float]] = [(10, 1.0), (15, 0.667), (20, 0.333)]  # minutes, weight
MAX_MINUTES = REACH_BANDS[-1][0]  # communes beyond the last band carry no weight

# Illustrative APL, only for a commune the DREES vintage does not list:
# BASE + SLOPE x log10(1 + inhabitants per km²) + JITTER x (u - 0.5), u uniform in [0, 1)
# from a SHA-256 of "seed:insee"; clipped to [APL_MIN, APL_MAX], 2 decimals. Denser
# communes come out better served, as is usual.
APL_BASE, APL_SLOPE, APL_JITTER = 1.5, 0.45, 1.0
APL_MIN, APL_MAX = 1.0, 4.0

# The engine's default need model (maillage.models.instance.NeedModel).
RATES = {"general": 4.0, "womens": 0.5}
APL_REFERENCE = 4.0
UNDERSERVED_THRESHOLD = 2.5


def unit_hash(seed: int, insee: str) -> float:
    """A deterministic number in [0, 1) for a commune (platform- and version-independent)."""
    digest = hashlib.sha256(f"{seed}:{insee}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def illustrative_apl(seed: int, insee: str, population: int, area_km2: float) -> float:
    """The illustrative APL-like figure of a commune (not a DREES value)."""
    density = population / area_km2 if area_km2 > 0 else 0.0
    apl = (
        APL_BASE + APL_SLOPE * math.log10(1 + density) + APL_JITTER * (unit_hash(seed, insee) - 0.5)
    )
    return round(min(APL_MAX, max(APL_MIN, apl)), 2)


def commune_apl(
    record: CommuneRecord, seed: int, vintage: int = DEFAULT_APL_VINTAGE
) -> tuple[float, bool]:
    """(APL, illustrative): the DREES value of the vintage, else the illustrative estimate."""
    value = real_apl(record.insee, vintage)
    if value is not None:
        return value, False
    return illustrative_apl(seed, record.insee, record.population, record.area_km2), True


def need_model(made_by: str, seed: int, vintage: int = DEFAULT_APL_VINTAGE) -> dict[str, Any]:
    """`need_model` as JSON: the engine's default rates, the real APL of the vintage for the
    general line, the women's-health proxy, and the sources (`made_by` names the builder)."""
    drees = (
        "DREES, 'L'accessibilité potentielle localisée (APL)', APL aux médecins généralistes, "
        f"sheet 'APL {vintage}'; Licence Ouverte / Etalab 2.0, credit 'DREES, APL {vintage}' "
        f"(bundled as maillage/models/data/apl_mg_{vintage}.csv)"
    )
    return {
        "rates": dict(RATES),
        "apl_reference": APL_REFERENCE,
        "underserved_threshold": UNDERSERVED_THRESHOLD,
        "illustrative": False,
        "source": (
            f"APL: the real DREES APL to general practitioners, {vintage} ({drees}), taken by "
            f"{made_by}; a commune flagged apl_illustrative, which the vintage does not list, "
            f"has an illustrative estimate instead (seed {seed}, "
            "maillage.models.generator.geography.illustrative_apl). Populations: INSEE "
            "populations légales via Etalab decoupage-administratif 6.0.0 (MIT); centroids: "
            "IGN Admin Express COG 2018 (Licence Ouverte / Etalab)."
        ),
        "lines": {
            "general": {
                "indicator": f"DREES APL to general practitioners, {vintage}",
                "illustrative": False,
                "source": drees + ".",
            },
            "womens": {
                "indicator": (
                    f"Proxy: the DREES APL to general practitioners, {vintage}, at the "
                    "women's-health rate (0.5 consultations per inhabitant per year at full "
                    "service). No APL to midwives in consultations exists: DREES publishes "
                    "the midwives' APL in full-time midwives per 100,000 standardised women, "
                    "which the need model cannot take, so access to women's health care is "
                    "assumed to follow access to general practitioners."
                ),
                "illustrative": True,
                "source": drees + "; the rate is the engine's default, not a published figure.",
            },
        },
    }


def reach_weight(minutes: float) -> float:
    """Weight of a consultation at this travel time (0 beyond the last band)."""
    for limit, weight in REACH_BANDS:
        if minutes < limit:
            return weight
    return 0.0


def unmet_need(population: int, apl: float) -> float:
    """Unmet need, consultations a week over both care lines, under the default need model."""
    if apl >= UNDERSERVED_THRESHOLD:
        return 0.0
    gap = max(0.0, 1 - apl / APL_REFERENCE)
    return population * sum(RATES.values()) * gap / 52


def service_weight(apl: float) -> float:
    """The engine's default commune weight, 1 + service gap."""
    return 1 + max(0.0, 1 - apl / APL_REFERENCE)


def commune_row(
    record: CommuneRecord, seed: int, vintage: int = DEFAULT_APL_VINTAGE
) -> dict[str, Any]:
    """A commune as an instance lists it, with its APL (keys in builder order); an estimate
    standing in for a missing DREES value says so."""
    apl, illustrative = commune_apl(record, seed, vintage)
    row: dict[str, Any] = {
        "insee": record.insee,
        "name": record.name,
        "population": record.population,
        "lat": record.lat,
        "lon": record.lon,
        "apl": apl,
    }
    if illustrative:
        row["apl_illustrative"] = True
    return row


def minutes_to(record: CommuneRecord, lat: float, lon: float) -> float:
    """Travel time from the commune to a point, in the direction the engine uses."""
    return travel_minutes(record.lat, record.lon, lat, lon, detour=DETOUR_FACTOR, speed=SPEED_KMH)


class Grid:
    """Communes bucketed by 0.25° cells, to find those within MAX_MINUTES of a point quickly.

    0.25° is at least 19 km in both directions across Occitanie, more than the 15.4 km of
    straight line that 20 minutes allow, so the 3 x 3 cells around a point hold every
    commune within reach.
    """

    CELL = 0.25

    def __init__(self, communes: Iterable[CommuneRecord]) -> None:
        self._cells: dict[tuple[int, int], list[CommuneRecord]] = defaultdict(list)
        for record in communes:
            self._cells[self._cell(record.lat, record.lon)].append(record)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.CELL), math.floor(lon / self.CELL)

    def within(self, lat: float, lon: float) -> list[tuple[CommuneRecord, float]]:
        """(commune, minutes) for communes strictly under MAX_MINUTES of the point, by INSEE."""
        row, col = self._cell(lat, lon)
        found = []
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for record in self._cells.get((row + dr, col + dc), ()):
                    minutes = minutes_to(record, lat, lon)
                    if minutes < MAX_MINUTES:
                        found.append((record, minutes))
        return sorted(found, key=lambda pair: pair[0].insee)


def communes_near(
    grid: Grid, places: Sequence[tuple[float, float]]
) -> list[tuple[CommuneRecord, float]]:
    """Every commune under MAX_MINUTES of some place, with its least travel time, by INSEE."""
    best: dict[str, tuple[CommuneRecord, float]] = {}
    for lat, lon in places:
        for record, minutes in grid.within(lat, lon):
            known = best.get(record.insee)
            if known is None or minutes < known[1]:
                best[record.insee] = (record, minutes)
    return [best[insee] for insee in sorted(best)]
