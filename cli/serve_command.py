"""`maillage serve`: the REST service (maillage.solver.service) on uvicorn, and the first
planner token of a team (`--create-token TEAM:planner`), printed once."""

from __future__ import annotations

import click


def _database_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A URL SQLAlchemy can open, checked before the server starts: bad input, not a crash."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        make_url(value).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        message = f"{value!r} is not a database URL SQLAlchemy can open: {error}"
        raise click.BadParameter(message) from None
    except ImportError as error:  # the dialect's driver: psycopg for PostgreSQL
        raise click.BadParameter(
            f"{value!r} needs a driver that is not installed ({error.name}); for PostgreSQL, "
            "pip install 'maillage[postgres]'"
        ) from None
    return value


@click.command()
@click.option(
    "--db",
    "db_url",
    default="sqlite:///maillage.db",
    show_default=True,
    callback=_database_url,
    help="SQLAlchemy URL: a SQLite file, or postgresql+psycopg://user:pass@host/db.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Jobs run at once, each in its own process.",
)
@click.option(
    "--search-workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Search threads per job unless a request asks for more.",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=16 * 1024 * 1024,
    show_default=True,
    help="Largest request body accepted, in bytes (413 above).",
)
@click.option(
    "--create-token",
    "create_token",
    metavar="TEAM:ROLE[:STAFF]",
    default=None,
    help="Create a token (and the team if new), print it once and exit; ROLE is planner, "
    "viewer or staff (staff names the staff id).",
)
@click.option("--team-name", default=None, help="With --create-token: a new team's name.")
def serve(
    db_url: str,
    host: str,
    port: int,
    workers: int,
    search_workers: int,
    max_body: int,
    create_token: str | None,
    team_name: str | None,
) -> None:
    """Serve the REST API (docs/service.md) until stopped."""
    if create_token is not None:
        _token(db_url, create_token, team_name)
        return
    import uvicorn

    from maillage.solver.service import Settings
    from maillage.solver.service.api.app import create_app

    settings = Settings(
        db_url=db_url, workers=workers, search_workers=search_workers, max_body_bytes=max_body
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def _token(db_url: str, spec: str, team_name: str | None) -> None:
    from maillage.solver.service.storage import connect, store, upgrade
    from maillage.solver.service.storage.database import sessions, transaction

    team, _, rest = spec.partition(":")
    role, _, staff = rest.partition(":")
    if not team or role not in store.ROLES or (role == "staff") != bool(staff):
        raise click.UsageError(
            "--create-token TEAM:ROLE[:STAFF]: ROLE planner, viewer or staff, and STAFF (a "
            "staff id) with staff only"
        )
    engine = connect(db_url)
    upgrade(engine)
    with transaction(sessions(engine)) as s:
        store.ensure_team(s, team, team_name)
        _, secret = store.create_token(s, team, role, staff or None, "maillage serve")
    click.echo(secret)


__all__ = ["serve"]
