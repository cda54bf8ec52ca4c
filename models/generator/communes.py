"""The bundled table of the 4,446 communes of Occitanie, and the places of the health service.

Shipped inside the package (`maillage/models/data/`, sources and licences in its README) so
that instances and their generators work on a fresh install:

- `communes.csv.gz`: INSEE code, name, department, EPCI SIREN and name, legal population,
  area in km² and area-weighted centroid (WGS84) of every current commune of the region;
- `sites.csv`: the places where «Ma santé, Ma Région» runs or plans centres and permanences;
- `apl_mg_2023.csv`, `apl_mg_2022.csv`: the DREES APL to general practitioners of every
  commune, as the vintage lists them (4,453 codes; the commune table is the 2024 geography).

Each is read once through `importlib.resources` and cached; the records are frozen.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

from maillage.models.facts import haversine_km

DATA_PACKAGE = "maillage.models"
COMMUNES_FILE = "data/communes.csv.gz"
SITES_FILE = "data/sites.csv"
APL_VINTAGES: tuple[int, ...] = (2023, 2022)
DEFAULT_APL_VINTAGE = 2023
# Communes of the 2024 table whose code changed since the vintage: the same territory under
# its former code (Conques-en-Rouergue took code 12218 in place of 12076, change of chef-lieu;
# INSEE COG, `anciensCodes` of geo.api.gouv.fr).
FORMER_CODES: MappingProxyType[str, str] = MappingProxyType({"12218": "12076"})


@dataclass(frozen=True, slots=True)
class CommuneRecord:
    """One commune: codes, legal population, area and area-weighted centroid."""

    insee: str
    name: str
    department: str
    epci_siren: str
    epci_name: str
    population: int
    area_km2: float
    lat: float
    lon: float

    @property
    def density(self) -> float:
        """Inhabitants per km² (0 for a commune of no area)."""
        return self.population / self.area_km2 if self.area_km2 > 0 else 0.0


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """A place of «Ma santé, Ma Région»: a centre, or a permanence served from `parent`."""

    site: str
    insee: str
    commune: str
    kind: Literal["centre", "permanence"]
    parent: str | None
    status: Literal["open", "planned"]
    note: str


@dataclass(frozen=True, slots=True)
class AplRecord:
    """One commune's DREES APL to general practitioners: consultations or home visits
    accessible per age-standardised inhabitant per year (3 decimals, as published)."""

    insee: str
    apl_mg: float


def _read_text(name: str) -> str:
    raw = resources.files(DATA_PACKAGE).joinpath(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


@cache
def load_communes() -> tuple[CommuneRecord, ...]:
    """Every commune of the bundled table, in INSEE order; read once, then cached."""
    reader = csv.DictReader(io.StringIO(_read_text(COMMUNES_FILE), newline=""))
    records = tuple(
        CommuneRecord(
            insee=row["insee"],
            name=row["name"],
            department=row["department"],
            epci_siren=row["epci_siren"],
            epci_name=row["epci_name"],
            population=int(row["population"]),
            area_km2=float(row["area_km2"]),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        for row in reader
    )
    return tuple(sorted(records, key=lambda record: record.insee))


@cache
def by_insee() -> MappingProxyType[str, CommuneRecord]:
    """Read-only mapping INSEE code -> commune; cached."""
    return MappingProxyType({record.insee: record for record in load_communes()})


@cache
def load_sites() -> tuple[SiteRecord, ...]:
    """The centres and permanences of the bundled `sites.csv`, in file order; cached."""
    reader = csv.DictReader(io.StringIO(_read_text(SITES_FILE), newline=""))
    out = []
    for row in reader:
        kind, status = row["kind"], row["status"]
        if kind not in ("centre", "permanence") or status not in ("open", "planned"):
            raise ValueError(f"sites.csv: bad kind or status for {row['site']!r}")
        out.append(
            SiteRecord(
                site=row["site"],
                insee=row["insee"],
                commune=row["commune"],
                kind=kind,  # type: ignore[arg-type]
                parent=row["parent"] or None,
                status=status,  # type: ignore[arg-type]
                note=row["note"],
            )
        )
    return tuple(out)


def _apl_file(vintage: int) -> str:
    if vintage not in APL_VINTAGES:
        raise ValueError(
            f"no bundled APL vintage {vintage} (one of {', '.join(map(str, APL_VINTAGES))})"
        )
    return f"data/apl_mg_{vintage}.csv"


def load_apl(vintage: int = DEFAULT_APL_VINTAGE) -> tuple[AplRecord, ...]:
    """The APL of every commune the vintage lists, in INSEE order; read once, then cached."""
    return _load_apl(vintage)


@cache
def _load_apl(vintage: int) -> tuple[AplRecord, ...]:
    reader = csv.DictReader(io.StringIO(_read_text(_apl_file(vintage)), newline=""))
    records = tuple(AplRecord(insee=row["insee"], apl_mg=float(row["apl_mg"])) for row in reader)
    return tuple(sorted(records, key=lambda record: record.insee))


def apl_by_insee(vintage: int = DEFAULT_APL_VINTAGE) -> MappingProxyType[str, float]:
    """Read-only mapping INSEE code (as the vintage lists it) -> APL; cached."""
    return _apl_by_insee(vintage)


@cache
def _apl_by_insee(vintage: int) -> MappingProxyType[str, float]:
    return MappingProxyType({record.insee: record.apl_mg for record in _load_apl(vintage)})


def real_apl(insee: str, vintage: int = DEFAULT_APL_VINTAGE) -> float | None:
    """The published APL of a commune of the 2024 table (under its former code if it
    changed), or None when the vintage has no value for it."""
    table = apl_by_insee(vintage)
    if insee in table:
        return table[insee]
    former = FORMER_CODES.get(insee)
    return table.get(former) if former is not None else None


def travel_minutes(
    lat1: float,
    lon1: float,
    lat2: float,
    lon2: float,
    *,
    detour: float = 1.3,
    speed: float = 60.0,
) -> float:
    """Straight-line distance x detour factor at `speed` km/h, in minutes (engine's model)."""
    return haversine_km(lat1, lon1, lat2, lon2) * detour / speed * 60


def within_minutes(
    lat: float,
    lon: float,
    minutes: float,
    detour: float = 1.3,
    speed: float = 60.0,
) -> list[CommuneRecord]:
    """Communes whose centroid is strictly under `minutes` of travel from (lat, lon).

    Travel as the engine's default model (`maillage.models.instance.Travel`): haversine
    distance x `detour` at `speed` km/h, from the commune to the point. In INSEE order.
    """
    return [
        record
        for record in load_communes()
        if travel_minutes(record.lat, record.lon, lat, lon, detour=detour, speed=speed) < minutes
    ]
