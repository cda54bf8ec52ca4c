"""`maillage generate`: JSON out, same bytes for the same options, bad options exit 2."""

import json
from pathlib import Path

import pytest
from cli_runner import run

OPTIONS = ("--staff", "8", "--start", "2025-03-01", "--seed", "1")


def test_generate_writes_a_valid_instance(tmp_path: Path) -> None:
    out = tmp_path / "gen.json"
    done = run("generate", *OPTIONS, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == (
        "generated occitanie-8-2025-03-seed1: 8 staff (5 doctors, 2 secretaries, 1 IPA, "
        "0 midwives), 3 sites (2 centres, 1 permanence), 98 communes, 31 days\n"
    )
    validated = run("validate", str(out))
    assert validated.returncode == 0, validated.stderr
    assert "valid (8 staff, 3 sites, 98 communes, 31 days)" in validated.stdout
    # another process (another hash seed) prints the same bytes to stdout
    again = run("generate", *OPTIONS)
    assert again.returncode == 0 and again.stdout == out.read_text(encoding="utf-8")
    assert json.loads(again.stdout)["horizon"] == {"start": "2025-03-01", "days": 31}


def test_apl_vintage_2022(tmp_path: Path) -> None:
    out = tmp_path / "gen.json"
    done = run("generate", *OPTIONS, "--departments", "46", "--apl-vintage", "2022", "-o", str(out))
    assert done.returncode == 0, done.stderr
    instance = json.loads(out.read_text(encoding="utf-8"))
    lines = instance["need_model"]["lines"]
    assert lines["general"]["indicator"] == "DREES APL to general practitioners, 2022"
    assert {c["insee"]: c["apl"] for c in instance["communes"]}["46042"] == 4.113  # Cahors


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--staff", "0"], "--staff"),
        (["--staff", "8", "--start", "notadate"], "--start"),
        (["--staff", "8", "--start", "9999-12-30"], "--start"),  # its dates overflowed
        (["--staff", "8", "--departments", "99"], "--departments"),
        (["--staff", "8", "--departments", ","], "--departments"),
        (["--staff", "8", "--sites", "9"], "--sites"),
        (["--staff", "8", "--sites", "0"], "--sites"),
        (["--staff", "8", "--days", "372"], "--days"),
        (["--staff", "80", "--departments", "48", "--sites", "30"], "--sites"),
        ([], "--staff"),
        (["--staff", "8", "--apl-vintage", "2019"], "--apl-vintage"),
    ],
)
def test_bad_options_exit_2_naming_the_option(args: list[str], option: str, tmp_path: Path) -> None:
    out = tmp_path / "gen.json"
    out.write_text("previous")
    done = run("generate", *args, "-o", str(out))
    assert done.returncode == 2, done.stderr
    assert option in done.stderr and "Traceback" not in done.stderr
    assert out.read_text() == "previous"  # never half-written, never clobbered
    assert [p.name for p in tmp_path.iterdir()] == ["gen.json"]  # no temporary file left
