"""Options that several commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def stage_mode(flag: str, text: str, *, params_file: bool = False) -> Decorator:
    """An auto|on|off option of a search stage. With `params_file` its default is None, so a
    `--params` file's value stands unless the option is given (shown as auto, the model's)."""
    choice = click.Choice(["auto", "on", "off"])
    if params_file:
        return click.option(flag, type=choice, default=None, help=f"{text} [default: auto]")
    return click.option(flag, type=choice, default="auto", show_default=True, help=text)
