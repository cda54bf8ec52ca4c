"""The benchmark file format: parsing, conversion to an instance, and bad files."""

from pathlib import Path

import pytest

from maillage.models import nrp
from maillage.models.errors import InputError
from maillage.models.validate import cross_check

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "nrp" / "data"


def test_instance2_parses_with_every_section() -> None:
    problem = nrp.load(DATA / "Instance2.txt")
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
    problem = nrp.load(DATA / f"Instance{number}.txt")
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
    problem = nrp.load(DATA / "Instance2.txt")
    person = problem.to_instance().staff[3]  # D: never a late shift
    assert person.rules.max_shifts == {"E": 14, "L": 0}
    assert (person.rules.min_consecutive_days, person.rules.min_consecutive_days_off) == (2, 2)
    assert (person.rules.max_consecutive_days, person.rules.max_weekends) == (5, 1)
    assert person.unavailable[0].from_.isoformat() == "2014-01-18"  # day 12


def test_a_bad_file_names_each_line_and_problem(tmp_path: Path) -> None:
    text = (DATA / "Instance1.txt").read_text()
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
