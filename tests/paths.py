"""Where the repository's data lives, computed once here so a test file can move between
folders without its `Path(__file__).parents[n]` going wrong."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTANCES = ROOT / "instances"
NRP_DATA = ROOT / "benchmarks" / "nrp" / "data"
