"""Storage on SQLite and on a real PostgreSQL: the migrations make the schema the ORM
describes, and the rules the store keeps (versions per month, a published rota not changed
again, a job claimed once, a dead server's jobs interrupted, ended once)."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from paths import INSTANCES
from sqlalchemy import inspect, select

from maillage.models.load import load_instance
from maillage.models.solution import Solution, Status
from maillage.solver.service.storage import connect, store, upgrade
from maillage.solver.service.storage.database import head, revision, sessions, transaction
from maillage.solver.service.storage.tables import Base, Job, JobEvent, Rota


def _ready(url: str):  # type: ignore[no-untyped-def]
    engine = connect(url)
    upgrade(engine)
    return engine, sessions(engine)


def test_the_migrations_make_the_orm_schema(db_url: str) -> None:
    engine = connect(db_url)
    assert revision(engine) is None
    upgrade(engine)
    upgrade(engine)  # at head already: nothing to do
    assert revision(engine) == head() == "0001"
    tables = set(inspect(engine).get_table_names())
    assert {"teams", "tokens", "months", "rotas", "locks", "jobs", "job_events"} <= tables
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_tokens_are_stored_hashed_and_revocable(db_url: str) -> None:
    _, maker = _ready(db_url)
    with transaction(maker) as s:
        store.ensure_team(s, "millas", "Millas")
        token, secret = store.create_token(s, "millas", "planner")
        stored = token.digest
    assert secret.startswith("mlg_") and secret not in stored
    with transaction(maker) as s:
        found = store.find_token(s, secret)
        assert found is not None and found.team_id == "millas" and found.role == "planner"
        assert store.find_token(s, secret + "x") is None
        found.revoked = True
    with transaction(maker) as s:
        assert store.find_token(s, secret) is None
    with transaction(maker) as s, pytest.raises(ValueError, match="staff"):
        store.create_token(s, "millas", "staff")  # a staff token names its person


def _month(maker):  # type: ignore[no-untyped-def]
    instance = load_instance(INSTANCES / "millas-2025-03.json")
    with transaction(maker) as s:
        store.ensure_team(s, "millas")
        month = store.add_month(s, "millas", instance)
    return instance, month


def test_months_and_rota_versions(db_url: str) -> None:
    _, maker = _ready(db_url)
    instance, month = _month(maker)
    assert month.month == "2025-03" and month.days == 31
    with transaction(maker) as s, pytest.raises(store.Conflict, match="exists"):
        store.add_month(s, "millas", instance)
    with transaction(maker) as s:
        assert store.instance_of(s.get(type(month), month.id)) == instance  # type: ignore[arg-type]
    solution = Solution(instance=instance.name, status=Status.feasible)
    first = store.add_rota(maker, month.id, solution, "solve")
    second = store.add_rota(maker, month.id, solution, "resolve", parent_id=first.id)
    assert (first.version, second.version, second.parent_id) == (1, 2, first.id)
    with transaction(maker) as s:
        rota = s.get(Rota, first.id)
        assert rota is not None
        store.publish(s, rota)
    with transaction(maker) as s:
        rota = s.get(Rota, first.id)
        assert rota is not None and rota.status == "published" and rota.published_at
        with pytest.raises(store.Conflict, match="not a draft"):
            store.publish(s, rota)
        latest = store.latest_published(s, month.id)
        assert latest is not None and latest.id == first.id
        assert store.solution_of(rota) == solution


def test_jobs_are_claimed_once_swept_and_ended_once(db_url: str) -> None:
    _, maker = _ready(db_url)
    _, month = _month(maker)
    with transaction(maker) as s:
        a = store.enqueue(s, month, "solve", {"time_limit": 1}).id
        b = store.enqueue(s, month, "solve", {"time_limit": 2}).id
    first, second = store.claim_next(maker), store.claim_next(maker)
    assert first is not None and second is not None
    assert (first.id, second.id) == (a, b) and first.status == "running"
    assert store.claim_next(maker) is None
    assert store.finish(maker, b, "done", event={"status": "optimal"}) == "done"
    assert sorted(store.sweep(maker)) == [a]  # the server died while `a` ran
    # the worker of `a`, still alive, ends it later: the status stays interrupted
    assert store.finish(maker, a, "stopped") == "interrupted"
    with transaction(maker) as s:
        job = s.get(Job, a)
        assert job is not None and job.status == "interrupted" and job.finished_at
        kinds = list(s.scalars(select(JobEvent.kind).where(JobEvent.job_id == a)))
        assert kinds == ["queued", "interrupted", "interrupted"]
        data = s.scalars(select(JobEvent.data).where(JobEvent.job_id == a)).all()
        assert json.loads(data[1]) == {"reason": "the server restarted"}
