"""Atomic file writes: a file is either its complete new content or left as it was.

The exports write through here, and so do the commands (through `maillage.cli.output`, which
shows a `WriteError` as a one-line message): a full disk or a folder removed mid-run never
leaves half a rota behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    """A file or folder that could not be written; the message names it and says why."""


def make_folder(folder: Path) -> None:
    """Create an output folder (and its parents) unless it exists; WriteError if it cannot."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteError(f"cannot create folder {folder}: {error.strerror or error}") from None


def write_atomic(target: Path, text: str) -> None:
    """Write text to target via a temporary file in the same folder and a rename. An OSError
    (a full disk, a folder gone since it was checked) becomes a WriteError, and the target is
    left as it was."""
    try:
        _replace(target, text)
    except OSError as error:
        raise WriteError(f"cannot write {target}: {error.strerror or error}") from None


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
