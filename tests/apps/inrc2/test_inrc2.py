"""INRC-II through the engine: the evaluator written from the specification against the
competition validator's own report, the engine's histories against the competition's
simulator, and rosters solved week by week judged by both the engine's checker and the
evaluator."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from cli_runner import run
from paths import ROOT

from maillage.models.errors import InputError
from maillage.solver.apps.inrc2 import format as fmt
from maillage.solver.apps.inrc2.evaluate import evaluate
from maillage.solver.apps.inrc2.instance import to_instance
from maillage.solver.apps.inrc2.simulator import java, simulate
from maillage.solver.apps.inrc2.solve import solve_multistage
from maillage.solver.params import SolveParams

BENCH = ROOT / "benchmarks" / "inrc2"
DATA = BENCH / "data"
SAMPLE = DATA / "n005w4" / "Solution_H_0-WD_1-2-3-3"
SAMPLE_FILES = ["Sol-n005w4-1-0.txt", "Sol-n005w4-2-1.txt", "Sol-n005w4-3-2.txt"]
SAMPLE_FILES.append("Sol-n005w4-3-3.txt")


def needs_java() -> None:
    """Skip without Java, unless MAILLAGE_REQUIRE_JAVA is set (CI): then fail."""
    if java() is None:
        if os.environ.get("MAILLAGE_REQUIRE_JAVA"):
            pytest.fail("java is required (MAILLAGE_REQUIRE_JAVA is set) and not installed")
        pytest.skip("java is not installed")


def files(name: str, history: int, weeks: list[int]) -> tuple[Path, Path, list[Path]]:
    d = DATA / name
    return (
        d / f"Sc-{name}.txt",
        d / f"H0-{name}-{history}.txt",
        [d / f"WD-{name}-{w}.txt" for w in weeks],
    )


def load(name: str, history: int, weeks: list[int]):  # type: ignore[no-untyped-def]
    sc_path, h_path, w_paths = files(name, history, weeks)
    sc = fmt.load_scenario(sc_path)
    return sc, fmt.load_history(h_path, sc), [fmt.load_week(w, sc) for w in w_paths]


def test_the_evaluator_reproduces_the_competition_validators_report() -> None:
    """The organisers' sample solution and their validator's report on it, line by line."""
    sc, h, weeks = load("n005w4", 0, [1, 2, 3, 3])
    sols = [fmt.load_solution(SAMPLE / n, sc) for n in SAMPLE_FILES]
    judged = evaluate(sc, h, weeks, sols)
    report = (SAMPLE / "validator.txt").read_text()
    expected = {k: int(v) for k, v in re.findall(r"^([A-Z][a-z ]+): (\d+)$", report, re.M)}
    assert judged.hard == []
    assert judged.total == expected.pop("Total cost") == 1695
    hard_lines = ["Minimal coverage", "Required skill", "Illegal shift type succession"]
    for line in [*hard_lines, "Single assignment per day"]:
        assert expected.pop(f"{line} constraints" if line in hard_lines else line) == 0
    assert judged.categories() == expected


def test_the_evaluator_sees_hard_breaches() -> None:
    sc, h, weeks = load("n005w4", 0, [1])
    sol = fmt.WeekSolution(0, sc.name, [fmt.Assignment("Sara", 0, "Early", "HeadNurse")])
    sol.assignments.append(fmt.Assignment("Sara", 0, "Late", "Nurse"))
    judged = evaluate(sc, h, weeks, [sol])
    kinds = {line.split(":")[0] for line in judged.hard}
    assert {"missing skill", "single assignment", "under-staffing"} <= kinds


def test_the_history_becomes_past_assignments() -> None:
    """HN_0 worked the last 5 days, the last 2 of them Night (n030w4, H0-1)."""
    sc, h, weeks = load("n030w4", 1, [6])
    inst, _ = to_instance(sc, h, weeks)
    assert inst.history is not None
    past = sorted((a.date, a.shift) for a in inst.history.assignments if a.staff == "HN_0")
    assert [s for _, s in past] == ["Early", "Early", "Early", "Night", "Night"]
    assert past[-1][0].isoformat() == "2023-12-31"  # the eve of the first Monday
    ct = [a for a in inst.history.assignments if a.staff == "CT_17"]  # 2 days off
    assert [a.date.isoformat() for a in ct] == ["2023-12-29"]


def test_our_histories_are_the_competition_simulators() -> None:
    needs_java()
    sc_path, h_path, w_paths = files("n005w4", 0, [1, 2, 3, 3])
    texts = [(SAMPLE / n).read_text() for n in SAMPLE_FILES]
    theirs = simulate(BENCH / "Simulator.jar", sc_path, h_path, w_paths, texts).histories
    sc = fmt.load_scenario(sc_path)
    h = fmt.load_history(h_path, sc)
    for k, text in enumerate(texts):
        h = fmt.next_history(h, fmt.parse_solution(text, sc))
        assert fmt.parse_history(theirs[k], sc).nurses == h.nurses
        assert fmt.history_text(h, sc).split() == theirs[k].split()


def _solve_and_judge(name: str, history: int, weeks: list[int], seconds: float) -> int:
    """Solve week by week; the engine's cost, the evaluator's and (with Java) the simulator's
    histories agree, and no hard constraint is broken."""
    sc, h, data = load(name, history, weeks)
    stages = solve_multistage(sc, h, data, SolveParams(time_limit=seconds, workers=2))
    judged = evaluate(sc, h, data, [s.solution for s in stages])
    assert judged.hard == [] and all(s.hard == [] for s in stages)
    assert sum(s.cost for s in stages) == judged.total
    if java() is not None or os.environ.get("MAILLAGE_REQUIRE_JAVA"):
        needs_java()
        sc_path, h_path, w_paths = files(name, history, weeks)
        texts = [fmt.solution_text(s.solution) for s in stages]
        theirs = simulate(BENCH / "Simulator.jar", sc_path, h_path, w_paths, texts).histories
        for stage, text in zip(stages, theirs, strict=True):
            assert fmt.parse_history(text, sc).nurses == stage.history.nurses
    return judged.total


def test_a_small_instance_week_by_week() -> None:
    cost = _solve_and_judge("n005w4", 0, [1, 2, 3, 3], 2)
    assert cost < 1695  # the organisers' sample solution of the same instance


@pytest.mark.slow
def test_n030w4_week_by_week() -> None:
    """The first competition instance, n030w4 H0-1 weeks 6-2-9-1, a few seconds a week."""
    cost = _solve_and_judge("n030w4", 1, [6, 2, 9, 1], 6)
    assert cost < 5000


def test_cli_writes_the_competition_files(tmp_path: Path) -> None:
    sc_path, h_path, w_paths = files("n005w4", 0, [1, 2])
    out = tmp_path / "out"
    args = ["inrc2", str(sc_path), str(h_path), *map(str, w_paths), "-o", str(out)]
    done = run(*args, "--time-limit", "2", "-q")
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "result.json").read_text())
    assert result["cost"] == result["engine_cost"] and result["hard"] == []
    sc = fmt.load_scenario(sc_path)
    h = fmt.load_history(h_path, sc)
    sols = [fmt.load_solution(out / f"sol-week{k}.txt", sc) for k in (0, 1)]
    data = [fmt.load_week(w, sc) for w in w_paths]
    assert evaluate(sc, h, data, sols).total == result["cost"]
    assert fmt.load_history(out / "history-week1.txt", sc).week == 2


def test_cli_bad_file_exits_2_without_traceback(tmp_path: Path) -> None:
    sc_path, h_path, _ = files("n005w4", 0, [])
    bad = tmp_path / "WD-bad.txt"
    bad.write_text("WEEK_DATA\nn005w4\n\nREQUIREMENTS\nEarly HeadNurse (1,1) (0,0)\n")
    done = run("inrc2", str(sc_path), str(h_path), str(bad), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "line 5" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_parse_errors_name_the_line() -> None:
    sc = fmt.load_scenario(DATA / "n005w4" / "Sc-n005w4.txt")
    with pytest.raises(InputError) as caught:
        fmt.parse_history("HISTORY\n0 n005w4\nNURSE_HISTORY\nSara 0 0 Dusk 1 1 0\n", sc)
    text = str(caught.value)
    assert "line 4: unknown last shift 'Dusk'" in text and "no history for nurse Patrick" in text
