"""Atomic output: a file is either the complete new content or untouched."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
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


def make_folder(folder: Path) -> None:
    """Create an output folder (and its parents) unless it exists; OutputError if it cannot."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create folder {folder}: {error.strerror or error}") from None


def write_atomic(path: str | Path | None, text: str) -> None:
    """Write text to path via a temporary file in the same folder and a rename; '-' or None
    writes to stdout. An OSError (a full disk, a folder gone since the check) becomes an
    OutputError, and the target is left as it was."""
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        _replace(target, text)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None


def _replace(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; give what open() would
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
