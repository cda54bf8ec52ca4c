"""The executor factory of `whatif`: local by default, a Dask cluster on demand, and clear
messages when the extra is missing or the scheduler cannot be reached."""

from __future__ import annotations

import socket
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from cli_runner import run
from paths import ROOT
from whatif_instances import multi_site

from maillage.models.errors import InputError
from maillage.solver.apps.executors import (
    ADDRESS_VARIABLE,
    cluster_executor,
    executor_factory,
    scheduler_address,
)


def _closed_port() -> str:
    """An address where nothing listens (a port the system just gave and took back)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "multi.json"
    path.write_text(multi_site().model_dump_json(by_alias=True))
    return path


def test_local_is_a_process_pool() -> None:
    with executor_factory("local")(2) as pool:
        assert isinstance(pool, ProcessPoolExecutor)
        assert pool.submit(sum, [1, 2]).result() == 3


def test_scheduler_goes_with_the_cluster_only() -> None:
    with pytest.raises(InputError) as caught:
        executor_factory("local", "tcp://127.0.0.1:8786")
    assert caught.value.issues[0].path == "--scheduler"


def test_address_given_then_variable_then_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ADDRESS_VARIABLE, raising=False)
    assert scheduler_address() is None
    monkeypatch.setenv(ADDRESS_VARIABLE, "tcp://from-env:8786")
    assert scheduler_address() == "tcp://from-env:8786"
    assert scheduler_address("tcp://given:8786") == "tcp://given:8786"


@pytest.mark.parametrize("address", [None, "not an address"])
def test_unreachable_scheduler_names_the_option(address: str | None) -> None:
    with pytest.raises(InputError) as caught:
        cluster_executor(address or _closed_port(), timeout=2)
    assert caught.value.issues[0].path == "--scheduler"
    assert "cannot reach the Dask scheduler" in str(caught.value)


def test_cli_unreachable_scheduler_exits_2_before_solving(instance: Path) -> None:
    address = _closed_port()
    done = run(
        "whatif", str(instance), "--recruit", "doctor:1.0", "--executor", "cluster",
        "--scheduler", address, "--time-limit", "5",
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "--scheduler" in done.stderr and address in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_cli_without_dask_says_how_to_install(instance: Path) -> None:
    """The extra missing, as on an install without it: the imports of Dask fail."""
    code = (
        "import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None; "
        "from maillage.cli.main import main; main(sys.argv[1:])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "whatif", str(instance), "--recruit", "doctor:1.0",
         "--executor", "cluster", "--time-limit", "5"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "--executor" in done.stderr
    assert "pip install 'maillage[cluster]'" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
