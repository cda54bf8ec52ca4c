"""What a server is started with, in one frozen object shared by the app and the job pool."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_DB = "sqlite:///maillage.db"
DEFAULT_MAX_BODY = 16 * 1024 * 1024  # a network's month is a few MB of JSON


@dataclass(frozen=True)
class Settings:
    """`workers`: job processes at once (the pool's bound); `search_workers`: CP-SAT threads
    per job unless a request asks for more, one by default so that N jobs use N cores;
    `run_jobs`: False for an app that only queues (tests of the API alone)."""

    db_url: str = DEFAULT_DB
    workers: int = 2
    search_workers: int = 1
    max_body_bytes: int = DEFAULT_MAX_BODY
    max_time_limit: float = 600.0
    run_jobs: bool = True
