"""The app factory: `create_app(settings)` opens the database, upgrades its schema, marks
the jobs a dead server left running as interrupted, and starts the job pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from maillage.solver.service.api import errors, jobs, months, rotas, team
from maillage.solver.service.api.schemas import InputProblem, Problem
from maillage.solver.service.settings import Settings
from maillage.solver.service.storage import connect, store, upgrade
from maillage.solver.service.storage.database import sessions

DESCRIPTION = """Monthly rotas for salaried health centres (maillage), as a service: months
(instances), solve jobs with their progress, rota versions (draft, published), re-plans,
cover suggestions, diffs, what-if studies and exports. Every request but /health carries
`Authorization: Bearer TOKEN`. See docs/service.md."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = connect(settings.db_url)
    upgrade(engine)  # before the first request: the schema is the migrations'
    maker = sessions(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = app.state.pool
        if pool is not None:
            pool.start()
        try:
            yield
        finally:
            if pool is not None:
                pool.shutdown()
            engine.dispose()

    app = FastAPI(
        title="maillage",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={
            401: {"model": Problem},
            403: {"model": Problem},
            404: {"model": Problem},
            409: {"model": Problem},
            413: {"model": Problem},
            422: {"model": InputProblem},
        },
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = maker
    app.state.pool = None
    if settings.run_jobs:
        from maillage.solver.service.jobs.pool import JobPool

        store.sweep(maker)  # a dead server's running jobs: interrupted
        app.state.pool = JobPool(settings, maker)
    errors.install(app)
    for module in (team, months, rotas, jobs):
        app.include_router(module.router)
    from maillage.solver.service.web import pages

    pages.install(app)  # the planners' pages, on the same routes' functions
    app.add_middleware(errors.BodyLimit, limit=settings.max_body_bytes)
    return app
