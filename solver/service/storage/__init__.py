"""The service's storage: SQLAlchemy 2.0 tables, Alembic migrations, the engine."""

from maillage.solver.service.storage.database import connect, upgrade

__all__ = ["connect", "upgrade"]
