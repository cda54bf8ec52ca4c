"""Fixtures of the service tests: a database URL on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pgcluster
import pytest

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgcluster.Cluster | str]:
    """The cluster, or the reason there is none (a string), found once per session."""
    running = pgcluster.start()
    try:
        cluster = next(running)
    except pgcluster.Unavailable as why:
        yield str(why)
        return
    yield cluster
    running.close()


def _postgres_url(pg_cluster: pgcluster.Cluster | str) -> str:
    if isinstance(pg_cluster, str):
        message = f"PostgreSQL unavailable, its storage tests skipped: {pg_cluster}"
        if os.environ.get("MAILLAGE_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    return pg_cluster.create_database(f"maillage_test_{os.getpid()}_{next(_names)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'maillage.db'}"
    cluster: pgcluster.Cluster | str = request.getfixturevalue("pg_cluster")
    return _postgres_url(cluster)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'maillage.db'}"
