"""Output files for the commands: paths checked before any work, and the atomic writes of
`maillage.solver.report.files` with their failures shown as a one-line click error."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click


class OutputError(click.ClickException):
    """An output file that cannot be written: a message naming it, not a traceback."""


class OutputPath(click.Path):
    """A file to write: checked before any work starts, so a long solve never ends on a
    folder that does not exist or cannot be written. click.Path checks writability only
    of a file that already exists."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, writable=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        converted = super().convert(value, param, ctx)
        if str(converted) == "-":
            return converted
        folder = Path(os.fsdecode(converted)).parent
        if not folder.exists():
            self.fail(f"folder '{folder}' does not exist", param, ctx)
        if not folder.is_dir():
            self.fail(f"'{folder}' is not a folder", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"folder '{folder}' is not writable", param, ctx)
        return converted


@contextlib.contextmanager
def output_errors() -> Iterator[None]:
    """Show a write that fails inside the block as an OutputError (one line, exit 2), with
    the library's message unchanged."""
    # Imported here, not at the top: maillage.solver loads OR-Tools, which `maillage --help`
    # and `maillage schema` should not wait for.
    from maillage.solver.report.files import WriteError

    try:
        yield
    except WriteError as error:
        raise OutputError(str(error)) from None


def make_folder(folder: Path) -> None:
    """Create an output folder (and its parents) unless it exists; OutputError if it cannot."""
    from maillage.solver.report import files

    with output_errors():
        files.make_folder(folder)


def write_atomic(path: str | Path | None, text: str) -> None:
    """Write text to path atomically; '-' or None writes to stdout. A failure (a full disk, a
    folder gone since the check) is an OutputError, and the target is left as it was."""
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from maillage.solver.report import files

    with output_errors():
        files.write_atomic(Path(path), text)
