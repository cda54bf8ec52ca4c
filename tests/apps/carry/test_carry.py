"""`carry`: the next month's history from a rota, counters chained, bad input named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_runner import run
from factory import SECTOR, doctor_on_call, make

from maillage.models.errors import InputError
from maillage.models.instance import Counter, Instance
from maillage.models.load import load_instance
from maillage.models.solution import Assignment, Objective, Solution, Status
from maillage.solver.apps.carry import carry


def week(start: str) -> Instance:
    return make(
        start=start,
        name=f"week-{start}",
        sectors=[SECTOR],
        staff=[doctor_on_call("d1"), doctor_on_call("d2")],
    )


def rota(inst: Instance, rows: list[tuple[str, str, str, str]]) -> Solution:
    return Solution(
        instance=inst.name,
        status=Status.feasible,
        objective=Objective(total=0.0),
        assignments=[
            Assignment(staff=s, date=dt.date.fromisoformat(d), shift=sh, site=p)
            for s, d, sh, p in rows
        ],
    )


FIRST = [
    ("d1", "2025-03-03", "am", "A"),
    ("d1", "2025-03-08", "sat", "S"),
    ("d2", "2025-03-09", "sun", "S"),
    ("d2", "2025-03-09", "eve", "S"),
]


def test_the_rota_becomes_the_history_with_its_times_and_counters() -> None:
    march3, march10 = week("2025-03-03"), week("2025-03-10")
    out = carry(march3, rota(march3, FIRST), march10)
    history = out.history
    assert history is not None and history.start == dt.date(2025, 3, 3)
    rows = [
        (a.staff, a.date.isoformat(), a.shift, a.start, a.end, a.kind) for a in history.assignments
    ]
    assert rows == [
        ("d1", "2025-03-03", "am", "08:00", "12:00", "consultation"),
        ("d1", "2025-03-08", "sat", "12:00", "20:00", "oncall"),
        ("d2", "2025-03-09", "sun", "08:00", "20:00", "oncall"),
        ("d2", "2025-03-09", "eve", "20:00", "24:00", "oncall"),
    ]
    counters = {c.staff: c for c in history.counters}
    assert (counters["d1"].oncalls, counters["d1"].weekends) == (1, 1)
    assert (counters["d2"].oncalls, counters["d2"].weekends) == (2, 1)
    assert counters["d1"].since == dt.date(2025, 3, 3)
    # 4 h + 7.5 h worked (the Saturday on call holds a break) against a target of 35 h
    assert counters["d1"].minutes_balance == 690 - 35 * 60


def test_months_chain_and_counters_accumulate() -> None:
    march3, march10, march17 = week("2025-03-03"), week("2025-03-10"), week("2025-03-17")
    second = carry(march3, rota(march3, FIRST), march10)
    rows = [("d1", "2025-03-15", "sat", "S"), ("d1", "2025-03-16", "sun", "S")]
    third = carry(second, rota(second, rows), march17, keep_days=10)
    history = third.history
    assert history is not None and history.start == dt.date(2025, 3, 7)
    assert [(a.staff, a.date.day) for a in history.assignments] == [
        ("d1", 8), ("d2", 9), ("d2", 9), ("d1", 15), ("d1", 16)
    ]  # fmt: skip
    counters = {c.staff: c for c in history.counters}
    assert (counters["d1"].oncalls, counters["d1"].weekends) == (3, 2)
    assert (counters["d2"].oncalls, counters["d2"].weekends) == (2, 1)
    assert (counters["d1"].saturdays, counters["d2"].saturdays) == (2, 0)
    assert counters["d1"].since == dt.date(2025, 3, 3)


def _counters(previous: Instance, rows: list[tuple[str, str, str, str]]) -> dict[str, Counter]:
    history = carry(previous, rota(previous, rows), week("2025-03-10")).history
    assert history is not None
    return {c.staff: c for c in history.counters}


def test_saturdays_worked_are_counted_once_and_stand_by_is_not_work() -> None:
    march3 = week("2025-03-03")
    rows = [
        ("d1", "2025-03-08", "am", "A"),
        ("d1", "2025-03-08", "sat", "S"),  # the same Saturday: one Saturday worked
        ("d2", "2025-03-08", "sat", "S"),
        ("d2", "2025-03-09", "sun", "S"),  # a Sunday is no Saturday
    ]
    counters = _counters(march3, rows)
    assert (counters["d1"].saturdays, counters["d2"].saturdays) == (1, 1)
    # the Saturday on-call as stand-by: d2 holds a weekend but works no Saturday
    shifts = [
        s.model_copy(update={"counts_as_work": False}) if s.id == "sat" else s
        for s in march3.shifts
    ]
    counters = _counters(march3.model_copy(update={"shifts": shifts}), rows)
    assert (counters["d1"].saturdays, counters["d2"].saturdays) == (1, 0)
    assert counters["d2"].weekends == 1


def test_a_solution_of_another_instance_is_refused() -> None:
    march3, march10 = week("2025-03-03"), week("2025-03-10")
    with pytest.raises(InputError) as caught:
        carry(march3, rota(march10, []), march10)
    assert caught.value.issues[0].path == "$.instance"


@pytest.mark.parametrize("start", ["2025-03-03", "2025-03-09", "2025-03-11"])
def test_a_next_horizon_that_does_not_follow_is_refused(start: str) -> None:
    march3 = week("2025-03-03")
    with pytest.raises(InputError) as caught:
        carry(march3, rota(march3, FIRST), week(start))
    assert caught.value.issues[0].path == "$.horizon.start"


def _write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_cli_writes_a_self_contained_instance(tmp_path: Path) -> None:
    march3, march10 = week("2025-03-03"), week("2025-03-10")
    prev = _write(tmp_path / "prev.json", march3.model_dump_json(by_alias=True))
    sol = _write(tmp_path / "sol.json", rota(march3, FIRST).model_dump_json())
    nxt = _write(tmp_path / "next.json", march10.model_dump_json(by_alias=True))
    out = tmp_path / "out.json"
    done = run("carry", prev, sol, nxt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    loaded = load_instance(out)
    assert loaded.history is not None and len(loaded.history.assignments) == 4
    assert loaded.model_copy(update={"history": None}) == march10


def test_cli_bad_input_exits_2_naming_the_field_and_writes_nothing(tmp_path: Path) -> None:
    march3, march10 = week("2025-03-03"), week("2025-03-10")
    prev = _write(tmp_path / "prev.json", march3.model_dump_json(by_alias=True))
    other = _write(tmp_path / "sol.json", rota(march10, []).model_dump_json())
    nxt = _write(tmp_path / "next.json", march10.model_dump_json(by_alias=True))
    out = tmp_path / "out.json"
    done = run("carry", prev, other, nxt, "-o", str(out))
    assert done.returncode == 2
    assert "$.instance" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    data = json.loads(Path(prev).read_text())
    data["staff"][0]["id"] = "zz"  # the solution names d1, unknown there
    bad_prev = _write(tmp_path / "prev2.json", json.dumps(data))
    sol = _write(tmp_path / "sol2.json", rota(march3, FIRST).model_dump_json())
    done = run("carry", bad_prev, sol, nxt, "-o", str(out))
    assert done.returncode == 2 and "$.assignments[0].staff" in done.stderr
    assert not out.exists()
