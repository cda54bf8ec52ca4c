"""Part 1: a signal during the search writes the best rota so far, marked interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from factory import commune, instance_dict, person, site
from paths import INSTANCES, NRP_DATA

from maillage.models import load_instance, load_solution
from maillage.solver import check

MAILLAGE = str(Path(sys.executable).with_name("maillage"))


def _read_until(
    proc: subprocess.Popen[str], ready: Callable[[str], bool], seconds: float
) -> list[str]:
    """The progress lines (stderr) read until one is `ready` or `seconds` have passed."""
    assert proc.stderr is not None
    deadline = time.monotonic() + seconds
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if ready(line) or time.monotonic() > deadline:
            break
    return seen


def _new_best(line: str) -> bool:
    return line.rstrip().endswith("*")


def _interrupt(
    args: list[str],
    ready: Callable[[str], bool],
    seconds: float,
    *,
    settle: float = 0.0,
    signum: int = signal.SIGINT,
    env: dict[str, str] | None = None,
) -> tuple[list[str], str, int, float]:
    """Run `maillage ARGS` (with `env` added to the environment), read its progress until a
    line is `ready`, wait `settle` seconds and send `signum`: the lines read before, the rest
    of stderr, the exit code, and the seconds from the signal to the exit."""
    proc = subprocess.Popen(
        [MAILLAGE, *args],
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"COLUMNS": "200"} | (env or {}),
    )
    assert proc.stderr is not None
    seen = _read_until(proc, ready, seconds)
    time.sleep(settle)
    signalled = time.monotonic()
    proc.send_signal(signum)
    rest = proc.stderr.read()
    code = proc.wait(timeout=60)
    return seen, rest, code, time.monotonic() - signalled


def _big(path: Path) -> None:
    staff = [person(f"d{i}", fte=1.0 if i % 2 else 0.8) for i in range(12)]
    data = instance_dict(
        days=28,
        communes=[commune(f"6600{i}", population=3000 + 500 * i, apl=1.0) for i in range(5)],
        staff=staff,
        sites=[site(rooms=12)],
        rules={"hours_tolerance": 0.1},
    )
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.slow
def test_sigterm_writes_best_rota_so_far(tmp_path: Path) -> None:
    inst_path, out = tmp_path / "big.json", tmp_path / "rota.json"
    _big(inst_path)
    args = ["solve", str(inst_path), "-o", str(out), "--time-limit", "120"]
    _, rest, code, _ = _interrupt(args, _new_best, 60, signum=signal.SIGTERM)
    assert code == 0, rest
    assert "Traceback" not in rest
    solution = load_solution(out)
    assert solution.status == "feasible" and solution.interrupted is True
    assert check(load_instance(inst_path), solution).ok
    check_run = subprocess.run([MAILLAGE, "check", str(inst_path), str(out)], check=False)
    assert check_run.returncode == 0


MILLAS = INSTANCES / "millas-2025-03.json"


@pytest.mark.slow
@pytest.mark.parametrize("when", ["first rota", "at once"])
def test_sigint_during_a_cbc_solve_exits_cleanly(tmp_path: Path, when: str) -> None:
    # The MIP backend's solver runs in its own session: the signal reaches it through
    # maillage, which forwards it; CBC stops and hands over its best rota. Millas: CBC does not
    # prove it optimal in minutes, so the search is still on when the signal comes.
    out = tmp_path / "rota.json"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    args = ["solve", str(MILLAS), "-o", str(out), "--time-limit", "120", "--backend", "mip",
            "--workers", "1"]  # fmt: skip
    ready = _new_best if when == "first rota" else (lambda line: "elapsed" in line)
    _, rest, code, _ = _interrupt(args, ready, 60, env={"TMPDIR": str(scratch)})
    assert "Traceback" not in rest
    assert list(scratch.iterdir()) == []  # the solver's files are gone
    if code in (1, 130):  # no rota yet (1), or still building the model (130): no file
        assert when == "at once" and not out.exists(), rest
        assert "nothing written" in rest or "aborted" in rest
        return
    assert code == 0, rest
    solution = load_solution(out)
    assert solution.status == "feasible" and solution.interrupted is True
    assert solution.stats is not None and solution.stats.backend == "mip"
    assert check(load_instance(MILLAS), solution).ok


NRP12 = NRP_DATA / "Instance12.txt"
NRP7 = NRP12.with_name("Instance7.txt")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_neighbourhood_search_ends_it_with_its_roster(
    tmp_path: Path, signum: int
) -> None:
    """The signal stops the current neighbourhood and the search; the whole model then gets
    only the brief polish, not the rest of the time limit. SIGINT (Ctrl-C) once aborted the
    process (CP-SAT's own handler, with two neighbourhoods solved at once)."""
    out = tmp_path / "roster.json"
    args = ["nrp", str(NRP12), "--neighbourhood", "on", "--colgen", "off",
            "--time-limit", "300", "-o", str(out)]  # fmt: skip
    # the first "*" line: every nurse has a roster
    _, rest, code, took = _interrupt(args, _new_best, 120, signum=signum)
    assert took < 30, rest  # not the 300 s limit
    assert code == 0, rest
    assert "Traceback" not in rest
    result = json.loads(out.read_text())
    assert result["penalty"] is not None and result["violations"] == []


@pytest.mark.slow
def test_sigint_during_column_generation_stops_it_at_once(tmp_path: Path) -> None:
    """NRP 12's column generation takes 30-50 s: a Ctrl-C 3 s in stops the pricing solves in
    flight and the solve with them (no roster yet: exit 1, the JSON says unknown)."""
    out = tmp_path / "roster.json"
    args = ["nrp", str(NRP12), "--colgen", "on", "--time-limit", "300", "-o", str(out)]
    _, rest, code, took = _interrupt(
        args, lambda line: line.startswith("maillage solving"), 60, settle=3
    )
    assert took < 10, rest
    assert code == 1, rest
    assert "Traceback" not in rest and "stopped before the LP optimum" in rest
    result = json.loads(out.read_text())
    assert (result["penalty"], result["status"]) == (None, "unknown")


@pytest.mark.slow
def test_sigint_while_both_searches_run_after_price_and_fix_ends_them(tmp_path: Path) -> None:
    """After price and fix on NRP 7 the whole model runs in a thread of its own and the moves
    in the main one, which alone gets signals: a Ctrl-C stops the moves, they stop the whole
    model, and the better roster is written. (Without the branching over weekends, which
    comes first and proves NRP 7 optimal; the next test interrupts it.)"""
    out = tmp_path / "roster.json"
    args = ["nrp", str(NRP7), "--branching", "off", "--time-limit", "300", "-o", str(out)]
    _, rest, code, took = _interrupt(
        args, lambda line: line.startswith("price and fix"), 120, settle=2
    )
    assert took < 15, rest  # not the 300 s limit
    assert code == 0, rest
    assert "Traceback" not in rest and "neighbourhood search:" in rest
    result = json.loads(out.read_text())
    assert result["penalty"] is not None and result["violations"] == []


@pytest.mark.slow
def test_sigint_during_the_branching_over_weekends_writes_the_best_roster(
    tmp_path: Path,
) -> None:
    """NRP 7's branching starts right after price and fix: a Ctrl-C stops the node being
    priced or completed and the solve with it (no search after it), and the best roster so
    far is written, not claimed optimal."""
    out = tmp_path / "roster.json"
    args = ["nrp", str(NRP7), "--time-limit", "300", "-o", str(out)]
    _, rest, code, took = _interrupt(
        args, lambda line: line.startswith("price and fix"), 120, settle=1
    )
    assert took < 15, rest
    assert code == 0, rest
    assert "Traceback" not in rest and "weekend branching:" in rest
    assert "neighbourhood search:" not in rest and "tree exhausted" not in rest
    result = json.loads(out.read_text())
    assert result["status"] == "feasible" and result["violations"] == []
    assert result["penalty"] >= 1056


@pytest.mark.slow
def test_sigint_while_independent_parts_are_searched_merges_their_rotas(tmp_path: Path) -> None:
    """A network in independent parts: once every part has a rota (the first "part k/n" line
    of the second round), Ctrl-C stops the part being searched and the rest; the merged rota
    is written, marked interrupted, and passes the checker. This once aborted the process."""
    inst_path, out = tmp_path / "network.json", tmp_path / "rota.json"
    made = subprocess.run(
        [MAILLAGE, "generate", "--staff", "100", "--seed", "0", "-o", str(inst_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    args = ["solve", str(inst_path), "-o", str(out), "--time-limit", "300"]
    seen, rest, code, took = _interrupt(args, lambda line: line.lstrip().startswith("part "), 120)
    assert any("independent parts" in line for line in seen), "".join(seen)
    assert took < 30, rest  # not the 300 s limit
    assert code == 0, rest
    assert "Traceback" not in rest and "bad_function_call" not in rest
    solution = load_solution(out)
    assert solution.status == "feasible" and solution.interrupted is True
    assert check(load_instance(inst_path), solution).ok


GRAND_CAHORS = INSTANCES / "grand-cahors-2025-03.json"


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.5, 10.0])  # the baseline's solve, then the scenarios'
def test_sigint_stops_a_whatif_study_at_once_and_writes_nothing(
    tmp_path: Path, delay: float
) -> None:
    """A study cut short has no ranking to give: exit 130 within seconds, no file, and no
    worker process left behind. It once took a scenario's full time limit (30 s) to stop."""
    out = tmp_path / "whatif.json"
    proc = subprocess.Popen(
        [MAILLAGE, "whatif", str(GRAND_CAHORS), "--recruit", "doctor:1.0", "--candidates",
         "all", "--jobs", "2", "--time-limit", "30", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    time.sleep(delay)
    signalled = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert time.monotonic() - signalled < 10, err
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    # "aborted" or "interrupted": still loading the input, or importing OR-Tools
    assert "nothing written" in err or "aborted" in err or err == "interrupted\n"
    assert not out.exists()
    # forked workers share the parent's command line, which holds this test's own folder
    left = subprocess.run(["pgrep", "-f", str(out)], capture_output=True, text=True, check=False)
    assert left.stdout == ""
