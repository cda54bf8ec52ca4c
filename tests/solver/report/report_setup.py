"""A small solved month for the report tests, and a headless Chromium to look at the HTML."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from factory import SECTOR, commune, doctor_on_call, instance_dict, person, site

from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.solver import SolveParams, check, solve

ARTIFACTS = Path(__file__).parent / "artifacts"


def small_dict() -> dict[str, object]:
    """Two weeks around 1 and 8 May 2025 (public holidays), two sites, a sector with an
    evening and an overnight on-call (22:00-06:00), leave, all roles but midwife."""
    base = instance_dict(days=14, start="2025-04-28")
    base["shifts"].append(
        {"id": "nuit", "start": "22:00", "end": "06:00", "kind": "oncall", "weekdays": ["fri"]}
    )
    base["sites"] = [
        site(
            "A",
            name="Centre de santé d'Essai",
            insee="66001",
            requirements=[{"role": "doctor", "min": 2, "weekdays": ["sat"]}],
        ),
        site("B", name="Permanence <B>", kind="permanence", parent="A", lat=42.75, lon=2.85),
    ]
    base["communes"] = [
        commune("66001", name="Essai", population=3000),
        commune("66002", name="Loinville", population=1500, lat=42.95, lon=3.05),
        commune("66003", name="Bienservi", population=800, lat=42.72, lon=2.80, apl=3.5),
    ]
    base["staff"] = [
        doctor_on_call("d1", name="Dr Anne Étienne", sites=["A", "B"]),
        doctor_on_call(
            "d2",
            name="Dr Bruno Faure",
            unavailable=[{"from": "2025-05-05", "to": "2025-05-06", "reason": "leave"}],
        ),
        person("i1", role="ipa", name="Inès IPA", fte=0.5),
        person("s1", role="secretary", name="Sami Secrétaire"),
    ]
    base["sectors"] = [SECTOR | {"name": "Secteur d'essai", "slots": ["eve", "sat", "sun", "nuit"]}]
    return base


@dataclass(frozen=True)
class Solved:
    instance: Instance
    solution: Solution
    instance_path: Path
    solution_path: Path


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Solved:
    data = small_dict()
    instance = Instance.model_validate(data)
    solution = solve(instance, SolveParams(time_limit=10, workers=2, seed=0))
    assert solution.assignments, solution.status
    assert check(instance, solution).ok
    folder = tmp_path_factory.mktemp("solved")
    instance_path = folder / "instance.json"
    instance_path.write_text(json.dumps(data), encoding="utf-8")
    solution_path = folder / "solution.json"
    solution_path.write_text(solution.model_dump_json(indent=2), encoding="utf-8")
    return Solved(instance, solution, instance_path, solution_path)


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


@dataclass(frozen=True)
class Browser:
    """Headless Chromium driven through its command line, with a fresh profile each run."""

    executable: str
    profile: Path

    def run(self, page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                self.executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self.profile}",
                *flags,
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Browser:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return Browser(executable, tmp_path_factory.mktemp("chromium-profile"))
