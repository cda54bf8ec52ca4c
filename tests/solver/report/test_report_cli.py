"""`maillage report`, `maillage export` and `solve --report`: files written, bad input exits 2."""

from __future__ import annotations

from pathlib import Path

from cli_runner import run
from report_setup import Solved


def test_report_french_and_english(solved: Solved, tmp_path: Path) -> None:
    fr, en = tmp_path / "fr.html", tmp_path / "en.html"
    done = run("report", str(solved.instance_path), str(solved.solution_path), "-o", str(fr))
    assert done.returncode == 0, done.stderr
    done = run(
        "report",
        str(solved.instance_path),
        str(solved.solution_path),
        "-o",
        str(en),
        "--lang",
        "en",
    )
    assert done.returncode == 0, done.stderr
    assert "Planning par site" in fr.read_text(encoding="utf-8")
    assert "Rota per site" in en.read_text(encoding="utf-8")


def test_report_bad_file_exits_2(solved: Solved, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    out = tmp_path / "out.html"
    done = run("report", str(solved.instance_path), str(bad), "-o", str(out))
    assert done.returncode == 2 and "bad input" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    missing = run("report", str(tmp_path / "nope.json"), str(bad), "-o", str(out))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_report_unknown_staff_exits_2(solved: Solved, tmp_path: Path) -> None:
    text = solved.solution_path.read_text(encoding="utf-8")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(text.replace('"staff": "d1"', '"staff": "ghost"', 1), encoding="utf-8")
    done = run("report", str(solved.instance_path), str(wrong), "-o", str(tmp_path / "o.html"))
    assert done.returncode == 2 and "ghost" in done.stderr, done.stderr


def test_export_writes_csv_and_ics(solved: Solved, tmp_path: Path) -> None:
    done = run(
        "export",
        str(solved.instance_path),
        str(solved.solution_path),
        "--csv",
        str(tmp_path / "csv"),
        "--ics",
        str(tmp_path / "ics"),
        "--combined",
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["assignments.csv", "staff.csv"]
    assert [p.name for p in (tmp_path / "ics").iterdir()] == ["tiny.ics"]
    nothing = run("export", str(solved.instance_path), str(solved.solution_path))
    assert nothing.returncode == 2


def test_solve_with_report(solved: Solved, tmp_path: Path) -> None:
    out, html = tmp_path / "sol.json", tmp_path / "rota.html"
    done = run(
        "solve",
        str(solved.instance_path),
        "-q",
        "--time-limit",
        "10",
        "-o",
        str(out),
        "--report",
        str(html),
    )
    assert done.returncode == 0, done.stderr
    assert out.exists() and 'class="grid"' in html.read_text(encoding="utf-8")


def test_export_to_a_folder_that_cannot_be_made_is_one_line(solved: Solved, tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("")
    done = run(
        "export",
        str(solved.instance_path),
        str(solved.solution_path),
        "--csv",
        str(blocker / "csv"),
    )
    assert done.returncode == 2, done.stderr
    assert f"Error: cannot create folder {blocker / 'csv'}: " in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
