"""The bundled commune table: complete, faithful to its source, cached."""

import csv
import math
from pathlib import Path

import pytest

from maillage.models.generator.communes import (
    CommuneRecord,
    by_insee,
    load_communes,
    load_sites,
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
