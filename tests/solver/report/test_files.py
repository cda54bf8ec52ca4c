"""Atomic writes: the complete new content or the old file untouched, and a failure that
names the file (WriteError), with nothing left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from maillage.solver.report.files import WriteError, make_folder, write_atomic


def test_a_write_replaces_the_whole_file_with_the_permissions_open_gives(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old content, longer than the new")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_a_write_that_fails_raises_write_error_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"^cannot write .*gone/out\.json: "):
        write_atomic(tmp_path / "gone" / "out.json", "text")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_raises_write_error(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("")
    with pytest.raises(WriteError, match=r"^cannot create folder .*plain-file/csv: "):
        make_folder(blocker / "csv")
    make_folder(tmp_path / "a" / "b")
    make_folder(tmp_path / "a" / "b")  # an existing folder is fine
    assert (tmp_path / "a" / "b").is_dir()
