"""`diff`: two rotas of a tiny instance with known differences, identical rotas, the words."""

from __future__ import annotations

import datetime as dt

import pytest
from diff_instances import Edited, edited_pair, two_sites

from maillage.models.errors import InputError
from maillage.models.solution import Assignment, Solution
from maillage.solver.apps.diff import Move, RotaDiff, _changes, diff
from maillage.solver.check.checker import check


@pytest.fixture(scope="module")
def pair() -> Edited:
    return edited_pair()


def test_added_removed_moved(pair: Edited) -> None:
    d = diff(pair.instance, pair.a, pair.b)
    people = {p.staff: p for p in d.people}
    d1 = people["d1"]
    assert d1.added == [pair.added]
    assert d1.moved == [
        Move(date=pair.moved.date, shift=pair.moved.shift, site_before="A", site_after="B")
    ]
    # a move is listed once, as a move, not also as added at B and removed from A
    assert pair.moved not in d1.removed
    holder = pair.removed.staff
    assert people[holder].removed == [pair.removed]
    assert people[holder].added == [] and people[holder].moved == []
    assert set(people) == {"d1", holder}


def test_hours_and_oncall_counts(pair: Edited) -> None:
    d = diff(pair.instance, pair.a, pair.b)
    people = {p.staff: p for p in d.people}
    stated = {s.staff: s for s in pair.a.staff_summary}  # the solver's own figures for A
    d1, holder = people["d1"], people[pair.removed.staff]
    shifts = {s.id: s for s in pair.instance.shifts}
    assert d1.hours_before == pytest.approx(stated["d1"].hours)
    assert d1.hours_after == pytest.approx(stated["d1"].hours + 4)  # am and pm are 4 h
    assert (d1.sessions_before, d1.sessions_after) == (
        stated["d1"].sessions,
        stated["d1"].sessions + 1,
    )
    assert d1.oncalls_before == d1.oncalls_after == 0
    lost = shifts[pair.removed.shift].work_minutes / 60
    assert lost > 0
    assert holder.hours_before == pytest.approx(stated[holder.staff].hours)
    assert holder.hours_after == pytest.approx(stated[holder.staff].hours - lost)
    assert holder.oncalls_before == stated[holder.staff].oncalls
    assert holder.oncalls_after == holder.oncalls_before - 1


def test_term_changes(pair: Edited) -> None:
    assert check(pair.instance, pair.a).ok
    assert not check(pair.instance, pair.b).evaluation.hard  # the edits break no hard rule
    d = diff(pair.instance, pair.a, pair.b)
    terms = {t.term: t for t in d.terms}
    weights = pair.instance.weights
    # the uncovered on-call slot and the session away from home, at their weights
    assert terms["oncall_coverage"].change == pytest.approx(-weights.oncall_coverage)
    assert terms["non_home_site"].change == pytest.approx(-weights.non_home_site)
    for t in d.terms:
        assert t.change == pytest.approx(t.after - t.before)
        # A is the solver's rota: its stated terms agree with the recomputed "before"
        assert t.before == pytest.approx(pair.a.objective.terms.get(t.term, 0.0), abs=1e-3)
    assert d.total_change == pytest.approx(sum(t.change for t in d.terms))
    assert d.total_before == pytest.approx(pair.a.objective.total, abs=1e-3)
    assert d.recomputed == ["hours", "sessions", "oncalls", "terms", "total"]
    # B was edited by hand and kept A's objective: the stated total is not the recomputed one
    assert d.stated_total_after == pair.a.objective.total
    assert d.total_after != pytest.approx(d.stated_total_after)


def test_identical_rotas_give_an_empty_diff(pair: Edited) -> None:
    d = diff(pair.instance, pair.a, pair.a)
    assert d.empty
    assert d.people == []
    assert all(t.change == 0 for t in d.terms) and d.terms
    assert d.lines() == ["No change."]
    assert d.lines("fr") == ["Aucun changement."]
    shuffled = pair.a.model_copy(update={"assignments": pair.a.assignments[::-1]})
    assert diff(pair.instance, pair.a, shuffled).empty  # order is not a change
    assert not diff(pair.instance, pair.a, pair.b).empty


def test_lines_in_words(pair: Edited) -> None:
    d = diff(pair.instance, pair.a, pair.b)
    lines = d.lines()
    d1 = next(line for line in lines if line.startswith("D1: "))
    added = f"+{pair.added.date:%d/%m} {pair.added.shift} at Site A"
    weekday = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
    assert f"+{weekday[pair.added.date.weekday()]} {added[1:]}" in d1
    assert f"{pair.moved.date:%d/%m} {pair.moved.shift} Site A → Site B" in d1
    hours = next(p for p in d.people if p.staff == "d1")
    assert f"hours {hours.hours_before:g} → {hours.hours_after:g}" in d1
    holder = next(line for line in lines if line.startswith(pair.removed.staff.upper() + ": "))
    assert f"-{weekday[pair.removed.date.weekday()]} {pair.removed.date:%d/%m} on-call" in holder
    assert "on-calls" in holder
    assert "Objective (recomputed):" in lines
    assert any(line.strip().startswith("oncall coverage: ") for line in lines)
    assert any(line.startswith("! the file B states a total of") for line in lines)
    french = d.lines("fr")
    assert any(" à Site A" in line for line in french)
    assert any("gardes" in line for line in french)
    assert "Objectif (recalculé):" in french


def test_json_round_trip(pair: Edited) -> None:
    d = diff(pair.instance, pair.a, pair.b)
    again = RotaDiff.model_validate_json(d.model_dump_json())
    assert again == d
    assert again.lines() == d.lines()


def test_moves_pair_places_lost_and_gained() -> None:
    day = dt.date(2025, 3, 3)

    def at(site: str, shift: str = "am") -> Assignment:
        return Assignment(staff="d1", date=day, shift=shift, site=site)

    added, removed, moved = _changes([at("A"), at("C", "pm")], [at("B"), at("D"), at("C", "pm")])
    assert moved == [Move(date=day, shift="am", site_before="A", site_after="B")]
    assert added == [at("D")] and removed == []
    added, removed, moved = _changes([at("A"), at("A")], [at("A")])  # a duplicate dropped
    assert removed == [at("A")] and added == [] and moved == []


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ({"instance": "other"}, "$.instance"),
        ({"staff": "nobody"}, "$.assignments[0].staff"),
        ({"shift": "night"}, "$.assignments[0].shift"),
        ({"site": "Z"}, "$.assignments[0].site"),
        ({"date": dt.date(2025, 4, 1)}, "$.assignments[0].date"),
    ],
)
def test_a_rota_of_another_instance_is_bad_input(edit: dict[str, object], field: str) -> None:
    inst = two_sites()
    good = Assignment(staff="d1", date=dt.date(2025, 3, 3), shift="am", site="A")
    if "instance" in edit:
        bad = Solution(instance="other", status="feasible", assignments=[good])
    else:
        bad = Solution(
            instance=inst.name, status="feasible", assignments=[good.model_copy(update=edit)]
        )
    fine = Solution(instance=inst.name, status="feasible", assignments=[good])
    with pytest.raises(InputError) as raised:
        diff(inst, fine, bad)
    assert raised.value.source == "solution B"
    assert [i.path for i in raised.value.issues] == [field]


def test_one_line_per_person_in_time_order() -> None:
    inst = two_sites()

    def rota(*rows: tuple[str, int, str, str]) -> Solution:
        return Solution(
            instance=inst.name,
            status="feasible",
            assignments=[
                Assignment(staff=s, date=dt.date(2025, 3, day), shift=sh, site=p)
                for s, day, sh, p in rows
            ],
        )

    a = rota(("d1", 4, "am", "A"), ("d1", 3, "pm", "A"), ("d2", 3, "eve", "S"))
    b = rota(("d1", 3, "am", "A"), ("d1", 4, "am", "B"), ("d2", 4, "eve", "S"))
    d = diff(inst, a, b)
    total = d.total_before  # coverage, contract hours, uncovered on-calls: not the point here
    assert d.lines() == [  # as docs/planning.md shows them
        "D1: +Mo 03/03 am at Site A; -Mo 03/03 pm at Site A; Tu 04/03 am Site A → Site B; "
        "hours 8 → 8",
        "D2: -Mo 03/03 on-call eve (S); +Tu 04/03 on-call eve (S); hours 4 → 4; on-calls 1 → 1",
        "Objective (recomputed):",
        "  non home site: 0.000 → -1.000 (-1.000)",
        f"  total: {total:,.3f} → {total - 1:,.3f} (-1.000)",
    ]
    assert d.lines("fr")[1] == (
        "D2: -lu 03/03 garde eve (S); +ma 04/03 garde eve (S); heures 4 → 4; gardes 1 → 1"
    )
