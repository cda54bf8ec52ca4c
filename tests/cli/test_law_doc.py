"""docs/law.md's profile tables are the code's (PROFILES, PROFILE_SOURCES): they cannot drift."""

from pathlib import Path

import pytest

from maillage.models.instance import PROFILE_SOURCES, PROFILES

LAW = Path(__file__).resolve().parents[2] / "docs" / "law.md"


def _table(name: str) -> list[str]:
    """The rows under the profile's marker, up to the first line that is not a table row."""
    lines = LAW.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"<!-- profile {name}:"))
    rows = []
    for line in lines[start + 3 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_profile_table_is_the_codes(name: str) -> None:
    expected = [
        f"| `{field}` | {value:g} | {PROFILE_SOURCES[name][field]} |"
        for field, value in PROFILES[name].model_dump(exclude_none=True).items()
    ]
    assert _table(name) == expected


def test_every_value_a_profile_sets_has_its_article() -> None:
    for name, params in PROFILES.items():
        assert set(params.model_dump(exclude_none=True)) == set(PROFILE_SOURCES[name]), name
