"""Fixtures: the tiny instance of cover_instances.py, its rota, both as files."""

from __future__ import annotations

from pathlib import Path

import pytest
from cover_instances import rota, solution_of, tiny

from maillage.models.instance import Instance
from maillage.models.solution import Solution


@pytest.fixture
def instance() -> Instance:
    return tiny()


@pytest.fixture
def solution(instance: Instance) -> Solution:
    return solution_of(instance, rota())


@pytest.fixture
def files(tmp_path: Path, instance: Instance, solution: Solution) -> tuple[Path, Path]:
    ipath, spath = tmp_path / "tiny.json", tmp_path / "rota.json"
    ipath.write_text(instance.model_dump_json(by_alias=True))
    spath.write_text(solution.model_dump_json())
    return ipath, spath
