"""maillage.solver.service: the REST service over the engine (`maillage serve`).

Storage (`storage/`: SQLAlchemy tables and Alembic migrations), the API (`api/`:
`create_app(settings)`) and the jobs run in worker processes (`jobs/`). docs/service.md
describes the resources and endpoints.
"""

from maillage.solver.service.settings import Settings

__all__ = ["Settings"]
