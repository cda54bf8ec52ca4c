"""A throwaway PostgreSQL cluster for the storage tests: `initdb` and `pg_ctl` in a temporary
folder, on a free port, stopped at the end. PostgreSQL refuses to run as root, so as root
(here and in CI) the cluster belongs to `nobody` and the commands run as that user.

When no PostgreSQL binary is found, or the cluster does not start, the tests that need it
are skipped and say why; with MAILLAGE_REQUIRE_POSTGRES=1 (CI) they fail instead."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER = "nobody"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's
    /usr/lib/postgresql/<version>/bin (the newest)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(debian[-1]).parent if debian else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", USER, "--", *command]
    entry = pwd.getpwnam(USER)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise RuntimeError("running as root without runuser or setpriv to drop to a user")
    return [
        setpriv,
        f"--reuid={entry.pw_uid}",
        f"--regid={entry.pw_gid}",
        "--clear-groups",
        *command,
    ]


@dataclass
class Cluster:
    port: int
    folder: Path

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        return self.url(name)


class Unavailable(Exception):
    """Why no cluster could be had: the reason the tests print when they skip."""


def start() -> Iterator[Cluster]:
    """A running cluster for as long as the generator is open."""
    folder_bin = binaries()
    if folder_bin is None:
        raise Unavailable(
            "no PostgreSQL binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        raise Unavailable(f"psycopg is not installed ({error})") from None
    folder = Path(tempfile.mkdtemp(prefix="maillage-pg-"))
    data, log = folder / "data", folder / "log"
    if os.geteuid() == 0:
        entry = pwd.getpwnam(USER)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    port = free_port()
    initdb, pg_ctl = str(folder_bin / "initdb"), str(folder_bin / "pg_ctl")
    try:
        done = subprocess.run(
            _as_user([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
            capture_output=True,
            text=True,
            timeout=120,
            cwd=folder,
        )
        if done.returncode != 0:
            raise Unavailable(f"initdb failed: {done.stderr.strip()[-500:]}")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = subprocess.run(
            _as_user([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]),
            capture_output=True,
            text=True,
            timeout=120,
            cwd=folder,
        )
        if done.returncode != 0:
            tail = log.read_text()[-500:] if log.exists() else done.stderr[-500:]
            raise Unavailable(f"PostgreSQL did not start: {tail.strip()}")
    except (OSError, subprocess.TimeoutExpired, KeyError, RuntimeError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise Unavailable(f"PostgreSQL could not be started: {error}") from None
    try:
        yield Cluster(port, folder)
    finally:
        subprocess.run(
            _as_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
            cwd=folder,
        )
        shutil.rmtree(folder, ignore_errors=True)
