import datetime as dt
import json
from pathlib import Path

import pytest
from replan_instances import (
    MONDAY_10,
    PARAMS,
    centre,
    changed,
    far_home,
    published,
    rota,
    two_centres,
)

from maillage.models.errors import InputError
from maillage.models.facts import Facts
from maillage.solver import check, solve
from maillage.solver.apps.replan import Lock, load_edits, replan, replan_instance
from maillage.solver.apps.whatif import Leave, RemoveStaff
from maillage.solver.parts.split import split
from maillage.solver.rules.rota_changes import change_unit

LEAVE = Leave(staff="d1", start=MONDAY_10, end=dt.date(2025, 3, 12))


def test_a_leave_mid_horizon_changes_only_what_it_must() -> None:
    inst = centre()
    before = published(inst)
    new = replan(inst, before, MONDAY_10, [LEAVE], PARAMS)
    assert new.status.value == "optimal"
    assert rota(new, until=MONDAY_10) == rota(before, until=MONDAY_10)
    replanned = replan_instance(inst, before, MONDAY_10, [LEAVE])
    assert check(replanned, new).ok
    on_leave = {a for a in rota(new) if a[0] == "d1" and MONDAY_10 <= a[1] <= LEAVE.end}
    assert not on_leave
    # a re-solve from scratch with the same leave moves far more
    scratch = solve(LEAVE.apply(inst), PARAMS)
    assert check(LEAVE.apply(inst), scratch).ok
    assert changed(before, new, MONDAY_10) < changed(before, scratch, MONDAY_10)
    # the changes in words, one line per person, as `maillage diff` writes them
    assert new.changes is not None and new.changes[0].startswith("D1: ")
    people = {line.split(":")[0] for line in new.changes}
    assert len(people) == len(new.changes)
    changed_people = {a[0] for a in rota(before, MONDAY_10) ^ rota(new, MONDAY_10)}
    assert len(new.changes) == len(changed_people)
    for _, date, shift, _ in rota(before, MONDAY_10) - rota(new, MONDAY_10):
        assert any(f"{date:%d/%m} {shift}" in line for line in new.changes)


def test_without_a_change_nothing_changes() -> None:
    inst = centre()
    before = published(inst)
    new = replan(inst, before, MONDAY_10, [], PARAMS)
    assert new.changes == []
    assert rota(new) == rota(before)
    assert new.objective is not None and new.objective.terms["rota_changes"] == 0.0
    assert check(replan_instance(inst, before, MONDAY_10), new).ok


def test_coverage_buys_changes_only_when_reoptimising() -> None:
    inst = far_home()
    before = published(inst, coverage=0.0)  # published with coverage ignored: all at home B
    assert {a[3] for a in rota(before)} == {"B"}
    kept = replan(inst, before, MONDAY_10, [], PARAMS)
    assert kept.changes == [] and rota(kept) == rota(before)
    assert check(replan_instance(inst, before, MONDAY_10), kept).ok
    moved = replan(inst, before, MONDAY_10, [], PARAMS, reoptimise=True)
    assert moved.changes and rota(moved, until=MONDAY_10) == rota(before, until=MONDAY_10)
    assert any(a[3] == "A" for a in rota(moved, MONDAY_10))
    assert kept.objective and moved.objective
    assert moved.objective.terms["coverage"] > kept.objective.terms["coverage"]
    replanned = replan_instance(inst, before, MONDAY_10, reoptimise=True)
    assert check(replanned, moved).ok


def test_a_removed_person_keeps_the_published_days() -> None:
    inst = centre()
    before = published(inst)
    new = replan(inst, before, MONDAY_10, [RemoveStaff(staff="d2")], PARAMS)
    assert rota(new, until=MONDAY_10) == rota(before, until=MONDAY_10)
    assert not {a for a in rota(new, MONDAY_10) if a[0] == "d2"}
    replanned = replan_instance(inst, before, MONDAY_10, [RemoveStaff(staff="d2")])
    assert check(replanned, new).ok


def test_a_lock_on_a_day_of_leave_is_a_conflict_and_relax_breaks_it() -> None:
    inst = centre()
    before = published(inst)
    lock = Lock(staff="d1", date=dt.date(2025, 3, 11), shift="am", site="A")
    new = replan(inst, before, MONDAY_10, [LEAVE, lock], PARAMS)
    assert new.status.value == "infeasible" and new.conflicts
    assert any("fixed_assignments" in c.rules for c in new.conflicts)
    relaxed = replan(
        inst, before, MONDAY_10, [LEAVE, lock], PARAMS.model_copy(update={"relax": True})
    )
    assert relaxed.relaxed and relaxed.objective is not None
    assert rota(relaxed, until=MONDAY_10) == rota(before, until=MONDAY_10)
    # the checker finds only the lock or the leave broken, as the relaxed solve says
    found = check(replan_instance(inst, before, MONDAY_10, [LEAVE, lock]), relaxed)
    broken = {v.rule for v in found.evaluation.hard}
    assert broken and broken <= {"fixed_assignments", "availability"}
    assert broken == {v.rule for v in relaxed.violations if v.rule in broken}


@pytest.mark.parametrize(
    ("changes", "from_date", "path"),
    [
        ([], dt.date(2025, 3, 17), "--from"),
        ([], dt.date(2025, 3, 2), "--from"),
        ([Leave(staff="zz", start=MONDAY_10, end=MONDAY_10)], MONDAY_10, "--leave"),
        ([Leave(staff="d1", start=dt.date(2025, 3, 7), end=MONDAY_10)], MONDAY_10, "--leave"),
        ([RemoveStaff(staff="zz")], MONDAY_10, "--remove"),
        ([Lock(staff="d1", date=MONDAY_10, shift="am", site="Z")], MONDAY_10, ".site"),
    ],
)
def test_bad_input_names_the_field(changes: list, from_date: dt.date, path: str) -> None:  # type: ignore[type-arg]
    inst = centre()
    before = published(inst)
    with pytest.raises(InputError) as error:
        replan_instance(inst, before, from_date, changes)
    assert any(path in issue.path for issue in error.value.issues), error.value.issues


def test_a_rota_of_another_instance_is_refused() -> None:
    inst = centre()
    other = published(inst).model_copy(update={"instance": "elsewhere"})
    with pytest.raises(InputError) as error:
        replan_instance(inst, other, MONDAY_10)
    assert error.value.issues[0].path == "$.instance"


def test_the_replan_section_is_validated_with_json_paths() -> None:
    inst = centre()
    data = inst.model_dump(mode="json", by_alias=True)
    data["replan"] = {
        "from_date": "2025-04-01",
        "published": [{"staff": "zz", "date": "2025-03-01", "shift": "x", "site": "Q"}],
    }
    from maillage.models.instance import Instance
    from maillage.models.validate import cross_check

    paths = {i.path for i in cross_check(Instance.model_validate(data))}
    assert paths == {
        "$.replan.from_date",
        "$.replan.published[0].staff",
        "$.replan.published[0].date",
        "$.replan.published[0].shift",
        "$.replan.published[0].site",
    }


def test_an_edits_file_is_a_list_of_changes(tmp_path: Path) -> None:
    good = tmp_path / "edits.json"
    good.write_text(
        json.dumps(
            [
                {"kind": "leave", "staff": "d1", "start": "2025-03-10", "end": "2025-03-12"},
                {"kind": "lock", "staff": "d2", "date": "2025-03-11", "shift": "am", "site": "A"},
                {"kind": "fte", "staff": "d3", "fte": 0.8},
                {"kind": "remove", "staff": "i1"},
            ]
        )
    )
    edits = load_edits(str(good))
    assert [e.kind for e in edits] == ["leave", "lock", "fte", "remove"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"kind": "leave", "staff": "d1"}, {"kind": "swap"}]))
    with pytest.raises(InputError) as error:
        load_edits(str(bad))
    paths = {i.path for i in error.value.issues}
    assert "$[0].leave.start" in paths and any(p.startswith("$[1]") for p in paths)
    with pytest.raises(InputError):
        load_edits(str(tmp_path / "missing.json"))


def test_a_network_re_planned_part_by_part_charges_the_whole_unit() -> None:
    inst = two_centres()
    assert len(split(inst, Facts(inst))) == 2
    before = published(inst)
    leave = Leave(staff="b1", start=MONDAY_10, end=dt.date(2025, 3, 12))
    new = replan(inst, before, MONDAY_10, [leave], PARAMS)
    assert new.status.value == "optimal" and new.changes
    assert rota(new, until=MONDAY_10) == rota(before, until=MONDAY_10)
    replanned = replan_instance(inst, before, MONDAY_10, [leave])
    # the heavier commune is B's: A's part alone would derive a smaller unit
    assert replanned.replan is not None
    assert replanned.replan.unit == change_unit(Facts(replanned))
    assert check(replanned, new).ok
