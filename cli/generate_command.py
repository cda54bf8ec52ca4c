"""`maillage generate`: an instance on the real geography, from a head count and a seed."""

from __future__ import annotations

import datetime as dt

import click

from maillage.cli.output import OutputPath, write_atomic
from maillage.models.errors import InputError, Issue


def _next_month() -> dt.date:
    today = dt.date.today()
    return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)


def _bad(field: str, message: str) -> InputError:
    return InputError([Issue(f"--{field.replace('_', '-')}", message)], "command line")


@click.command()
@click.option(
    "--staff",
    type=click.IntRange(min=2),
    required=True,
    help="Head count: doctors, secretaries, IPAs and midwives (60/25/15 %).",
)
@click.option(
    "--sites",
    type=click.IntRange(min=1),
    default=None,
    help="Number of centres: the real ones of sites.csv first (with their permanences), then "
    "new ones in the most under-served areas. [default: about one per 4 staff, as many as "
    "there is room for]",
)
@click.option("--days", type=click.IntRange(1, 371), default=31, show_default=True)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="First day, YYYY-MM-DD. [default: the first day of next month]",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--departments",
    default=None,
    metavar="CODE,CODE",
    help="Only these departments of Occitanie (e.g. 46,66). [default: all 13]",
)
@click.option("--name", default=None, help="Instance name. [default: from staff, month, seed]")
@click.option(
    "--apl-vintage",
    type=click.Choice(["2023", "2022"]),
    default="2023",
    show_default=True,
    help="DREES APL vintage of the communes' access to general practitioners.",
)
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    default=None,
    help="Write the instance JSON here (atomically) instead of stdout.",
)
def generate(
    staff: int,
    sites: int | None,
    days: int,
    start: dt.datetime | None,
    seed: int,
    departments: str | None,
    name: str | None,
    apl_vintage: str,
    output: str | None,
) -> None:
    """Generate an instance: real communes, their DREES APL and sites (models/data),
    illustrative staff and leave; the same options give the same bytes."""
    from pydantic import ValidationError

    from maillage.models.generator.generate import (
        GenerateError,
        GenerateParams,
        plural,
        role_summary,
        to_json,
    )
    from maillage.models.generator.generate import generate as run

    codes = None if departments is None else [c for c in departments.split(",") if c.strip()]
    try:
        params = GenerateParams(
            staff=staff,
            sites=sites,
            days=days,
            start=start.date() if start is not None else _next_month(),
            seed=seed,
            name=name,
            departments=codes,
            apl_vintage=int(apl_vintage),
        )
        instance = run(params)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = str(first["loc"][0]) if first["loc"] else "staff"
        raise _bad(field, first["msg"].removeprefix("Value error, ")) from None
    except GenerateError as error:
        raise _bad(error.field, error.message) from None
    write_atomic(output, to_json(instance))
    centres = sum(s.kind == "centre" for s in instance.sites)
    click.echo(
        f"generated {instance.name}: {role_summary(instance.staff)}, {len(instance.sites)} sites "
        f"({plural(centres, 'centre')}, {plural(len(instance.sites) - centres, 'permanence')}), "
        f"{len(instance.communes)} communes, {instance.horizon.days} days",
        err=True,
    )
