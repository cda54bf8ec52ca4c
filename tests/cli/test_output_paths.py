"""Output files: a folder that cannot take them is reported before any work, by the option's
name, with exit code 2; a write that fails later is a message too, and leaves nothing behind."""

import json
from pathlib import Path

import pytest
from cli_runner import run
from factory import instance_dict
from paths import NRP_DATA

from maillage.cli.output import OutputError, make_folder, output_errors, write_atomic
from maillage.solver.report.files import WriteError

NRP1 = str(NRP_DATA / "Instance1.txt")


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(instance_dict()))
    return path


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["nrp", NRP1, "-o"], "'-o' / '--output'"),
        (["solve", "TINY", "-o"], "'-o' / '--output'"),
        (["solve", "TINY", "--report"], "'--report'"),
        (["generate", "--staff", "3", "-o"], "'-o' / '--output'"),
    ],
)
def test_missing_folder_is_refused_before_solving(
    command: list[str], option: str, tiny: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "out.json"
    args = [str(tiny) if a == "TINY" else a for a in command]
    done = run(*args, str(target))
    assert done.returncode == 2, done.stderr
    assert f"folder '{target.parent}' does not exist" in done.stderr
    assert f"Invalid value for {option}" in done.stderr  # the option given, not another
    assert "solving" not in done.stderr  # refused before any model was built
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not target.parent.exists()


def test_a_file_in_place_of_the_folder_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("")
    done = run("nrp", NRP1, "-o", str(blocker / "out.json"))
    assert done.returncode == 2
    assert f"'{blocker}' is not a folder" in done.stderr


def test_an_existing_folder_still_works(tmp_path: Path) -> None:
    out = tmp_path / "roster.json"
    done = run("nrp", NRP1, "--time-limit", "20", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["penalty"] == 607  # NRP 1's optimum


def test_write_that_fails_raises_output_error_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    with pytest.raises(OutputError, match=r"^cannot write .*gone/out\.json: "):
        write_atomic(folder / "out.json", "text")
    assert list(tmp_path.iterdir()) == []


def test_folder_that_cannot_be_made_raises_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("")
    with pytest.raises(OutputError, match=r"^cannot create folder .*plain-file/csv: "):
        make_folder(blocker / "csv")
    make_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()


def test_a_library_write_error_becomes_the_same_message_for_the_user() -> None:
    message = "cannot write /x/out.json: No space left on device"
    with pytest.raises(OutputError) as caught, output_errors():
        raise WriteError(message)
    assert caught.value.message == message


def test_dash_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_atomic("-", "to stdout\n")
    write_atomic(None, "and again\n")
    assert capsys.readouterr().out == "to stdout\nand again\n"
