"""The benchmark file format: parsing, conversion to an instance, and bad files."""

from pathlib import Path

import pytest
from paths import NRP_DATA

from maillage.models.errors import InputError
from maillage.models.validate import cross_check
from maillage.solver.apps.nrp import format as nrp


def test_instance2_parses_with_every_section() -> None:
    problem = nrp.load(NRP_DATA / "Instance2.txt")
    assert (problem.days, len(problem.staff), [s.id for s in problem.shifts]) == (
        14,
        14,
        ["E", "L"],
    )
    assert problem.shifts[1].forbidden_next == ["E"]
    first = problem.staff[0]
    assert (first.id, first.max_shifts, first.max_total_minutes, first.min_total_minutes) == (
        "A",
        {"E": 14, "L": 14},
        4320,
        3360,
    )
    assert first.days_off == [3]
    assert len(problem.cover) == 14 * 2


@pytest.mark.parametrize("number", range(1, 25))
def test_every_benchmark_file_imports_as_a_valid_instance(number: int) -> None:
    problem = nrp.load(NRP_DATA / f"Instance{number}.txt")
    instance = problem.to_instance()
    assert cross_check(instance) == []
    assert instance.horizon.days == problem.days
    assert len(instance.cover) == problem.days * len(problem.shifts)
    assert sum(len(p.requests) for p in instance.staff) == len(problem.on_requests) + len(
        problem.off_requests
    )
    days_off = sum(len(set(e.days_off)) for e in problem.staff)
    imported = sum((u.to - u.from_).days + 1 for p in instance.staff for u in p.unavailable)
    assert imported == days_off


def test_the_conversion_keeps_the_rules_per_person() -> None:
    problem = nrp.load(NRP_DATA / "Instance2.txt")
    person = problem.to_instance().staff[3]  # D: never a late shift
    assert person.rules.max_shifts == {"E": 14, "L": 0}
    assert (person.rules.min_consecutive_days, person.rules.min_consecutive_days_off) == (2, 2)
    assert (person.rules.max_consecutive_days, person.rules.max_weekends) == (5, 1)
    assert person.unavailable[0].from_.isoformat() == "2014-01-18"  # day 12


def test_a_bad_file_names_each_line_and_problem(tmp_path: Path) -> None:
    text = (NRP_DATA / "Instance1.txt").read_text()
    lines = text.splitlines()
    staff_line = next(i for i, line in enumerate(lines) if line.startswith("SECTION_STAFF")) + 2
    lines[staff_line] = "A,D=x,4320"
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        nrp.load(path)
    assert caught.value.source == str(path)
    issues = [str(i) for i in caught.value.issues]
    assert issues[0] == f"line {staff_line + 1}: an employee line has 8 fields, got 3"
    assert any("days off of unknown employee 'A'" in i for i in issues[1:])  # and what follows


def test_missing_sections_and_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("SECTION_HORIZON\n14\n")
    with pytest.raises(InputError) as caught:
        nrp.load(path)
    assert "file: missing SECTION_COVER" in [str(i) for i in caught.value.issues]
    with pytest.raises(InputError) as caught:
        nrp.load(tmp_path / "absent.txt")
    assert str(caught.value.issues[0]).startswith("file: cannot read it")


def _edited(tmp_path: Path, edits: dict[str, str]) -> tuple[Path, dict[str, int]]:
    """Instance1 with some lines replaced (old text -> new), and each new line's number."""
    lines = (NRP_DATA / "Instance1.txt").read_text().splitlines()
    numbers = {}
    for old, new in edits.items():
        at = lines.index(old)
        lines[at] = new
        numbers[new] = at + 1
    path = tmp_path / "edited.txt"
    path.write_text("\n".join(lines) + "\n")
    return path, numbers


def test_unknown_ids_and_days_outside_the_horizon_are_named_by_line(tmp_path: Path) -> None:
    edits = {
        "0,D,5,100,1": "0,X,5,100,1",  # cover of a shift the file does not define
        "1,D,7,100,1": "14,D,7,100,1",  # a 14-day horizon: days 0 to 13
        "A,2,D,2": "Z,2,D,2",  # request of an unknown employee
        "A,3,D,2": "A,3,N,2",  # request for an unknown shift
        "A,0": "A,20",  # a day off after the horizon
    }
    path, line = _edited(tmp_path, edits)
    with pytest.raises(InputError) as caught:
        nrp.load(path)
    assert sorted(str(i) for i in caught.value.issues) == sorted(
        [
            f"line {line['0,X,5,100,1']}: cover for unknown shift 'X' (shifts: D)",
            f"line {line['14,D,7,100,1']}: day 14 is outside the 14-day horizon (days 0 to 13)",
            f"line {line['Z,2,D,2']}: request of unknown employee 'Z'",
            f"line {line['A,3,N,2']}: request for unknown shift 'N' (shifts: D)",
            f"line {line['A,20']}: day 20 is outside the 14-day horizon (days 0 to 13)",
        ]
    )


def test_the_same_lines_unedited_are_accepted(tmp_path: Path) -> None:
    path, _ = _edited(tmp_path, {"0,D,5,100,1": "0,D,5,100,1", "A,0": "A,0"})
    problem = nrp.load(path)
    assert problem.cover[0].shift == "D" and problem.staff[0].days_off == [0]


def test_numbers_too_large_are_named_by_line(tmp_path: Path) -> None:
    """A weight of 10^20 reached CP-SAT as an integer beyond 64 bits (an internal error)."""
    edits = {"0,D,5,100,1": "0,D,5,100000000000000000000,1", "A,2,D,2": "A,2,D,1000001"}
    path, line = _edited(tmp_path, edits)
    with pytest.raises(InputError) as caught:
        nrp.load(path)
    assert sorted(str(i) for i in caught.value.issues) == sorted(
        [
            f"line {line[edits['0,D,5,100,1']]}: cover weight must be at most 1,000,000, "
            "got 100,000,000,000,000,000,000",
            f"line {line[edits['A,2,D,2']]}: weight must be at most 1,000,000, got 1,000,001",
        ]
    )


def test_values_the_engine_refuses_are_named_by_employee(tmp_path: Path) -> None:
    """The file's format allows them; the engine's rules do not (a pydantic error, which was
    an internal error): named by employee, with the file as the source."""
    edits = {
        "A,D=14,4320,3360,5,2,2,1": "A,D=14,4320,9999,5,2,2,1",  # least minutes above most
        "B,D=14,4320,3360,5,2,2,1": "B,D=14,4320,3360,0,2,2,1",  # runs of at most 0 days
    }
    path, _ = _edited(tmp_path, edits)
    problem = nrp.load(path)  # the file itself is well formed
    with pytest.raises(InputError) as caught:
        problem.to_instance()
    assert caught.value.source == str(path)
    assert sorted(str(i) for i in caught.value.issues) == [
        "employee A, rules: max_total_minutes (4320) is below min_total_minutes (9999)",
        "employee B, rules.max_consecutive_days: Input should be greater than or equal to 1",
    ]
