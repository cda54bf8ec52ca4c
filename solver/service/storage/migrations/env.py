"""Alembic's environment: run on the connection `upgrade` passes, or on the URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from maillage.solver.service.storage.tables import Base

config = context.config


def _run(connection: Connection) -> None:
    # batch mode: SQLite alters a table by copying it, which later migrations will need
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as own:
        _run(own)


run()
