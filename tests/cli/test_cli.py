"""The command line: exit codes, JSON in and out, atomic output, no tracebacks."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_runner import run
from factory import instance_dict, person


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(instance_dict()))
    return path


def test_solve_then_check(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "sol.json"
    done = run("solve", str(tiny), "-o", str(out), "--time-limit", "10", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "objective" in done.stderr and "gap" in done.stderr  # progress and summary on stderr
    solution = json.loads(out.read_text())
    assert solution["status"] == "optimal" and solution["schema_version"] == "1.0"
    assert solution["stats"] == solution["stats"] | {"backend": "cpsat", "seed": 1}
    checked = run("check", str(tiny), str(out))
    assert checked.returncode == 0 and checked.stdout.startswith("OK"), checked.stdout


def test_solve_from_stdin_to_stdout(tiny: Path) -> None:
    done = run("solve", "-", "--quiet", "--time-limit", "10", stdin=tiny.read_text())
    assert done.returncode == 0 and json.loads(done.stdout)["status"] == "optimal"
    assert done.stderr == ""
    solution = tiny.parent / "stdout.json"
    solution.write_text(done.stdout)
    assert run("check", str(tiny), str(solution)).returncode == 0


def test_check_finds_violations(tiny: Path, tmp_path: Path) -> None:
    bad = {
        "schema_version": "1.0",
        "instance": "tiny",
        "status": "feasible",
        "assignments": [
            {"staff": "d1", "date": "2025-03-03", "shift": "am", "site": "A"},
            {"staff": "d1", "date": "2025-03-03", "shift": "pm", "site": "A"},
            {"staff": "d1", "date": "2025-03-04", "shift": "pm", "site": "A"},
        ],
    }
    inst = instance_dict(rules={"hours_tolerance": 1.0, "max_daily_hours": 6})
    tiny.write_text(json.dumps(inst))
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    done = run("check", str(tiny), str(tmp_path / "bad.json"))
    assert done.returncode == 1
    assert "VIOLATION max_daily_hours: D1 works 8 h on 2025-03-03, more than 6 h" in done.stdout


def test_bad_input_exit_2_with_path_and_no_traceback(tmp_path: Path) -> None:
    data = instance_dict()
    data["staff"][0]["role"] = "surgeon"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    done = run("solve", str(path))
    assert done.returncode == 2
    assert (
        "$.staff[0].role: Input should be 'doctor', 'ipa', 'midwife', 'secretary' or 'nurse'"
        in done.stderr
    )
    assert "Traceback" not in done.stderr
    for args in (["validate", str(tmp_path / "missing.json")], ["validate", "-"]):
        done = run(*args, stdin="{not json")
        assert done.returncode == 2 and "Traceback" not in done.stderr


def test_failed_run_leaves_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "sol.json"
    out.write_text("previous")
    path = tmp_path / "bad.json"
    path.write_text("{}")
    assert run("solve", str(path), "-o", str(out)).returncode == 2
    assert out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "sol.json"]


def test_infeasible_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "inf.json"
    path.write_text(
        json.dumps(instance_dict(rules={"hours_tolerance": 0.0, "max_weekly_hours": 20}))
    )
    done = run("solve", str(path), "-q", "--time-limit", "10")
    assert done.returncode == 1 and json.loads(done.stdout)["status"] == "infeasible"


@pytest.mark.parametrize("which", ["instance", "solution"])
def test_schema_is_valid_json_schema(which: str) -> None:
    done = run("schema", which)
    schema = json.loads(done.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    if which == "instance":
        jsonschema.validate(instance_dict(), schema)
        assert "schema_version" in schema["properties"]


def test_rules_lists_every_rule() -> None:
    from maillage.solver.rules import RULES

    *lines, profiles = run("rules").stdout.splitlines()
    # Whole words of each line, not substrings of the output: "cover" is inside "coverage".
    rows = [line.split()[:2] for line in lines]
    assert rows == [[r.name, "hard" if r.hard else "soft,"] for r in RULES]
    assert profiles.startswith("Rule profiles: code_du_travail (default), hospital;")


@pytest.mark.parametrize("name", ["code_du_travail", "hospital"])
def test_rules_lists_a_profile_with_its_articles(name: str) -> None:
    from maillage.models.instance import PROFILE_SOURCES, PROFILES, WORK_PATTERNS

    done = run("rules", "--profile", name)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    law, patterns = (
        lines.index(f"Profile {name}:"),
        next(i for i, line in enumerate(lines) if line.startswith("The service's work patterns")),
    )
    listed = {line.split()[0]: line for line in lines[law + 1 : patterns]}
    assert set(listed) == set(PROFILES[name].model_dump(exclude_none=True))
    for field, article in PROFILE_SOURCES[name].items():
        value = getattr(PROFILES[name], field)
        assert listed[field].split()[1] == f"{value:g}" and listed[field].endswith(article)
    after = [line.split()[0] for line in lines[patterns + 1 :]]
    assert after == [*WORK_PATTERNS.model_dump(exclude_none=True), "max_days_per_week"]
    assert "ceil(5 x fte) within the profile's 6" in lines[-1]


def test_rules_with_an_unknown_profile_says_so() -> None:
    done = run("rules", "--profile", "hopital")
    assert done.returncode == 2 and done.stdout == ""
    assert "no rule profile 'hopital'; the profiles are code_du_travail, hospital" in done.stderr
    assert "Traceback" not in done.stderr


# -- backends ---------------------------------------------------------------------------------


def test_solve_with_the_mip_backend_then_check(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "sol.json"
    done = run("solve", str(tiny), "-o", str(out), "--time-limit", "20", "--backend", "mip")
    assert done.returncode == 0, done.stderr
    assert "objective" in done.stderr and "Traceback" not in done.stderr
    solution = json.loads(out.read_text())
    assert solution["status"] == "optimal" and solution["stats"]["backend"] == "mip"
    checked = run("check", str(tiny), str(out))
    assert checked.returncode == 0 and checked.stdout.startswith("OK"), checked.stdout


def test_unknown_backend_exits_2_naming_the_option(tiny: Path) -> None:
    done = run("solve", str(tiny), "--backend", "foo")
    assert done.returncode == 2
    assert "'--backend'" in done.stderr and "'foo'" in done.stderr
    assert "Traceback" not in done.stderr


def test_params_file_chooses_the_backend(tiny: Path, tmp_path: Path) -> None:
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"backend": "mip", "time_limit": 20}))
    done = run("solve", str(tiny), "-q", "--params", str(params))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stats"]["backend"] == "mip"
    params.write_text(json.dumps({"backend": "gurobi"}))
    done = run("solve", str(tiny), "-q", "--params", str(params))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "$.backend: Input should be 'cpsat' or 'mip'" in done.stderr


def test_a_seed_beyond_32_bits_is_bad_input(tiny: Path, tmp_path: Path) -> None:
    """CP-SAT's seed is a 32-bit integer: 10^20 was an internal error (exit 3)."""
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"seed": 10**20}))
    done = run("solve", str(tiny), "-q", "--params", str(params))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "$.seed: Input should be less than or equal to 2147483647" in done.stderr
    done = run("solve", str(tiny), "-q", "--seed", str(2**31))
    assert done.returncode == 2 and "'--seed'" in done.stderr
    done = run("solve", str(tiny), "-q", "--seed", str(2**31 - 1), "--time-limit", "10")
    assert done.returncode == 0, done.stderr


def test_infeasible_is_explained_alike_with_either_backend(tmp_path: Path) -> None:
    # Found by search, not by the pre-checks: the explanation always runs on CP-SAT.
    staff = [person("d1", rules={"max_weekly_hours": 20}), person("d2")]
    path = tmp_path / "inf.json"
    path.write_text(json.dumps(instance_dict(staff=staff, rules={"hours_tolerance": 0.1})))
    outputs = {}
    for backend in ("cpsat", "mip"):
        out = tmp_path / f"{backend}.json"
        done = run("solve", str(path), "-o", str(out), "--time-limit", "10", "--backend", backend)
        assert done.returncode == 1, done.stderr
        solution = json.loads(out.read_text())
        assert solution["status"] == "infeasible" and solution["conflicts"]
        lines = [line for line in done.stderr.splitlines() if line.startswith("conflict")]
        outputs[backend] = (lines, solution["conflicts"])
    assert outputs["mip"] == outputs["cpsat"]
    assert "D1 works at most 20 h in the week of 2025-03-03" in outputs["mip"][0][0]


def _failing_with(error: BaseException) -> Any:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise error

    return fail


def test_ctrl_c_while_ortools_initialises_is_an_interruption_not_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A SIGINT during `import ortools...` surfaces as ImportError('initialization failed')
    caused by KeyboardInterrupt (seen with `maillage whatif` interrupted at 0.5 s)."""
    from maillage.cli import main as entry

    try:
        raise ImportError("initialization failed") from KeyboardInterrupt()
    except ImportError as caught:
        interrupted = caught
    monkeypatch.setattr(entry.cli, "main", _failing_with(interrupted))
    with pytest.raises(SystemExit) as exit_info:
        entry.main(["whatif"])
    assert exit_info.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"
    monkeypatch.setattr(entry.cli, "main", _failing_with(ImportError("no module named x")))
    monkeypatch.delenv("MAILLAGE_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        entry.main(["whatif"])
    assert exit_info.value.code == entry.EXIT_INTERNAL
    assert "internal error: ImportError: no module named x" in capsys.readouterr().err
