"""The bundled commune table: complete, faithful to its source, cached."""

import csv
import math
import tomllib
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pytest
from paths import ROOT

from maillage.models.generator.communes import (
    CommuneRecord,
    apl_by_insee,
    by_insee,
    load_apl,
    load_communes,
    load_sites,
    real_apl,
    travel_minutes,
    within_minutes,
)

SHARED = Path("/work/shared/data/occitanie/communes.csv")


def test_every_commune_of_the_thirteen_departments() -> None:
    communes = load_communes()
    assert len(communes) == 4446
    assert len({c.insee for c in communes}) == 4446
    assert len({c.department for c in communes}) == 13
    assert [c.insee for c in communes] == sorted(c.insee for c in communes)
    assert all(c.population >= 0 and c.area_km2 > 0 for c in communes)
    assert all(42.3 < c.lat < 45.1 and -0.4 < c.lon < 4.9 for c in communes)


def test_known_communes_match_the_shared_table() -> None:
    # the rows of shared/data/occitanie/communes.csv
    table = by_insee()
    assert table["46042"] == CommuneRecord(
        "46042", "Cahors", "46", "200023737", "CA du Grand Cahors", 20050, 64.49, 44.45072, 1.44062
    )
    assert table["66108"] == CommuneRecord(
        "66108",
        "Millas",
        "66",
        "246600415",
        "CC Roussillon-Conflent",
        4417,
        19.28,
        42.69919,
        2.68992,
    )


@pytest.mark.skipif(not SHARED.exists(), reason="no shared Occitanie data set here")
def test_same_rows_as_the_shared_table() -> None:
    with SHARED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(load_communes())
    table = by_insee()
    for row in rows:
        record = table[row["insee"]]
        assert (record.name, record.epci_name) == (row["name"], row["epci_name"])
        assert record.population == int(row["population"])
        assert (record.lat, record.lon) == (float(row["lat"]), float(row["lon"]))


def test_loads_once() -> None:
    assert load_communes() is load_communes()
    assert by_insee() is by_insee()
    assert load_sites() is load_sites()


def test_sites() -> None:
    sites = {s.site: s for s in load_sites()}
    assert sites["cahors"].insee == "46042" and sites["cahors"].status == "planned"
    assert sites["catus"].kind == "permanence" and sites["catus"].parent == "cahors"
    assert all(s.insee in by_insee() for s in sites.values())


def test_within_minutes() -> None:
    cahors = by_insee()["46042"]
    near = within_minutes(cahors.lat, cahors.lon, 20)
    assert cahors in near
    assert all(travel_minutes(c.lat, c.lon, cahors.lat, cahors.lon) < 20 for c in near)
    assert not any(c.department == "66" for c in near)
    # a faster road reaches further
    assert len(within_minutes(cahors.lat, cahors.lon, 20, speed=80)) > len(near)
    # one degree of latitude (111.2 km) x 1.3 at 60 km/h: 144.6 minutes
    assert math.isclose(
        travel_minutes(cahors.lat, cahors.lon, cahors.lat + 1, cahors.lon),
        111.195 * 1.3,
        rel_tol=1e-3,
    )


SHARED_APL = Path("/work/shared/data/occitanie")
PACKAGE_DATA = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"
]["package-data"]["maillage.models"]


@pytest.mark.parametrize("vintage", [2023, 2022])
def test_apl_of_every_commune_of_the_vintage(vintage: int) -> None:
    records = load_apl(vintage)
    assert len(records) == 4453 and len({r.insee for r in records}) == 4453
    assert [r.insee for r in records] == sorted(r.insee for r in records)
    assert all(0 <= r.apl_mg < 15 for r in records)
    # every commune of the 2024 table has a value, one under its former code
    assert all(real_apl(c.insee, vintage) is not None for c in load_communes())
    assert real_apl("12218", vintage) == apl_by_insee(vintage)["12076"]


def test_apl_spot_values_2023() -> None:
    assert load_apl() == load_apl(2023)
    spots = {"66108": 3.789, "46042": 4.166, "46064": 1.769, "46268": 0.154}
    assert {insee: real_apl(insee) for insee in spots} == spots  # Millas, Cahors, Catus, St Géry
    under = [r for r in load_apl() if r.apl_mg < 2.5]
    assert len(under) == 1618  # the shared README's check: 36 % of the communes
    assert real_apl("66108", 2022) == 3.364
    assert real_apl("99999") is None


def test_apl_loads_once_and_is_frozen() -> None:
    assert load_apl() is load_apl(2023) is load_apl()
    assert apl_by_insee() is apl_by_insee(2023)
    record = load_apl()[0]
    with pytest.raises(AttributeError):
        record.apl_mg = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        apl_by_insee()["66108"] = 1.0  # type: ignore[index]
    with pytest.raises(ValueError, match="2019"):
        load_apl(2019)


def test_apl_files_ship_as_package_data() -> None:
    files = resources.files("maillage.models").joinpath("data")
    assert {f"apl_mg_{v}.csv" for v in (2022, 2023)} <= {p.name for p in files.iterdir()}
    # what setuptools puts in the wheel: files matching a package-data glob
    for vintage in (2022, 2023):
        assert any(fnmatch(f"data/apl_mg_{vintage}.csv", glob) for glob in PACKAGE_DATA)


@pytest.mark.skipif(not SHARED_APL.exists(), reason="no shared Occitanie data set here")
@pytest.mark.parametrize("vintage", [2023, 2022])
def test_apl_same_rows_as_the_shared_table(vintage: int) -> None:
    with (SHARED_APL / f"apl_mg_{vintage}.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["insee"]: float(row["apl_mg"]) for row in csv.DictReader(handle)}
    assert dict(apl_by_insee(vintage)) == rows
