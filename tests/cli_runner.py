"""The `maillage` command run as a user runs it: a subprocess, output captured."""

from __future__ import annotations

import subprocess
import sys

from paths import ROOT


def run(
    *args: str, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "maillage.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
