"""The competition's own simulator (`Simulator.jar`, Java) run on solutions already made: it
reads the scenario, history and week files itself, takes each week's solution from a stand-in
solver that hands over ours, and writes the history every week leaves, which the engine's
histories are compared with. (Its validator jar is not available: benchmarks/inrc2/SOURCE.md.)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# A solver for the simulator: copies the prepared solution of the week it is asked for.
_STAND_IN = """#!/bin/sh
prepared="$1"; shift
while [ $# -gt 0 ]; do
  if [ "$1" = "--sol" ]; then out=$(printf '%s' "$2" | tr -d '"'); fi
  shift
done
week=$(basename "$out" .txt)
cp "$prepared/$week.txt" "$out"
"""


class SimulatorError(Exception):
    """Java missing, or the simulator did not write what it should have."""


@dataclass
class Simulated:
    histories: list[str]  # history-week<k>.txt, as the simulator wrote them
    log: str


def java() -> str | None:
    return shutil.which("java")


def simulate(
    jar: Path, scenario: Path, history: Path, weeks: list[Path], solutions: list[str]
) -> Simulated:
    """Run the simulator over `weeks` with `solutions` (the texts of sol-week<k>.txt)."""
    exe = java()
    if exe is None:
        raise SimulatorError("java is not installed")
    with tempfile.TemporaryDirectory(prefix="inrc2-sim-") as tmp:
        root = Path(tmp)
        prepared, out = root / "prepared", root / "out"
        prepared.mkdir()
        out.mkdir()
        for k, text in enumerate(solutions):
            (prepared / f"sol-week{k}.txt").write_text(text)
        solver = root / "solver.sh"
        solver.write_text(_STAND_IN)
        solver.chmod(0o755)
        wrapper = root / "run.sh"  # the simulator passes no argument of ours: bake it in
        wrapper.write_text(f'#!/bin/sh\nexec "{solver}" "{prepared}" "$@"\n')
        wrapper.chmod(0o755)
        command = [
            exe,
            "-jar",
            str(jar.resolve()),
            "--sce",
            str(scenario.resolve()),
            "--his",
            str(history.resolve()),
            "--weeks",
            *(str(w.resolve()) for w in weeks),
            "--solver",
            str(wrapper),
            "--runDir",
            str(root),
            "--outDir",
            str(out),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        log = done.stdout + done.stderr
        histories = []
        for k in range(len(weeks)):
            path = out / f"history-week{k}.txt"
            if not path.exists():
                raise SimulatorError(f"the simulator wrote no {path.name}:\n{log[-2000:]}")
            histories.append(path.read_text())
        return Simulated(histories, log)
