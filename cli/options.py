"""Options that several commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from maillage.models.limits import MAX_SEED
from maillage.models.load import DEFAULT_MAX_BYTES

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def stage_mode(flag: str, text: str, *, params_file: bool = False) -> Decorator:
    """An auto|on|off option of a search stage. With `params_file` its default is None, so a
    `--params` file's value stands unless the option is given (shown as auto, the model's)."""
    choice = click.Choice(["auto", "on", "off"])
    if params_file:
        return click.option(flag, type=choice, default=None, help=f"{text} [default: auto]")
    return click.option(flag, type=choice, default="auto", show_default=True, help=text)


max_size = click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest input accepted, in bytes.",
)

# None by default, so that a `--params` file's value stands unless the option is given.
time_limit = click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds, model building included. [default: 60]",
)
workers = click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Search threads. [default: 2]"
)
seed = click.option(
    "--seed", type=click.IntRange(0, MAX_SEED), default=None, help="Random seed. [default: 0]"
)
