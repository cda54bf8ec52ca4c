"""Independent parts: what links two things, and that solving by parts changes nothing."""

import pytest
from factory import commune, doctor_on_call, make, person, site

from maillage.solver import SolveParams, check, solve
from maillage.solver.params import PartsParams, StageParams
from maillage.solver.parts import solve as parts_module
from maillage.solver.parts.split import split

# Site A near Perpignan, site B near Cahors: far beyond any reach band of each other.
FAR = {"lat": 44.45, "lon": 1.44}


def _two_centres(**kw):  # type: ignore[no-untyped-def]
    return make(
        days=14,
        sites=[site("A"), site("B", **FAR)],
        sectors=[
            {"id": "SA", "sites": ["A"], "slots": ["eve", "sat", "sun"]},
            {"id": "SB", "sites": ["B"], "slots": ["eve", "sat", "sun"]},
        ],
        communes=[
            commune("66001", population=6000, apl=1.5),
            commune("46001", population=4000, apl=2.0, lat=44.46, lon=1.45),
            commune("12001", population=900, apl=1.0, lat=43.0, lon=0.0),  # no site reaches it
        ],
        staff=[
            doctor_on_call("a1"),
            doctor_on_call("a2", fte=0.6),
            person("a3", role="secretary"),
            doctor_on_call("b1", sites=["B"], home_site="B"),
            doctor_on_call("b2", sites=["B"], home_site="B"),
        ],
        rules={"hours_tolerance": 0.15, "max_daily_hours": 12},
        **kw,
    )


def test_far_centres_are_two_parts_with_their_own_people_and_communes() -> None:
    parts = split(_two_centres())
    assert len(parts) == 2
    by_site = {p.sites[0].id: p for p in parts}
    assert [s.id for s in by_site["A"].staff] == ["a1", "a2", "a3"]
    assert [s.id for s in by_site["B"].staff] == ["b1", "b2"]
    assert [c.insee for c in by_site["A"].communes] == ["66001"]
    assert [k.id for k in by_site["B"].sectors] == ["SB"]


def test_a_person_allowed_at_both_sites_joins_them() -> None:
    inst = _two_centres()
    staff = [*inst.staff[:-1], inst.staff[-1].model_copy(update={"sites": ["A", "B"]})]
    assert len(split(inst.model_copy(update={"staff": staff}))) == 1


def test_a_commune_within_reach_of_both_sites_joins_them() -> None:
    inst = make(
        sites=[site("A"), site("B", lat=42.75, lon=2.80)],
        staff=[person("a1"), person("b1", sites=["B"], home_site="B")],
    )
    assert len(split(inst)) == 1  # the default commune is within reach of both


def test_solving_by_parts_gives_the_optimum_of_the_whole() -> None:
    inst = _two_centres()
    whole = solve(inst, SolveParams(time_limit=30, split_parts=False))
    parts = solve(inst, SolveParams(time_limit=30))
    assert whole.status == parts.status == "optimal"
    assert whole.objective is not None and parts.objective is not None
    assert abs(whole.objective.total - parts.objective.total) < 1e-6
    assert parts.bound is not None and abs(parts.bound - parts.objective.total) < 1e-6
    assert {s.staff for s in parts.staff_summary} == {"a1", "a2", "a3", "b1", "b2"}
    assert [c.insee for c in parts.coverage if c.line == "general"] == ["66001", "46001", "12001"]
    for solution in (whole, parts):
        report = check(inst, solution)
        assert report.ok, (report.evaluation.hard, report.mismatches)


def test_an_infeasible_part_makes_the_whole_infeasible() -> None:
    inst = _two_centres()
    # b1 must work exactly 35 h a week, but B opens five 4-hour mornings a week only.
    mornings = {d: ["am"] for d in ("mon", "tue", "wed", "thu", "fri")}
    sites = [inst.sites[0], inst.sites[1].model_copy(update={"opening": mornings})]
    rules = inst.staff[3].rules.model_copy(update={"hours_tolerance": 0.0})
    staff = [*inst.staff[:3], inst.staff[3].model_copy(update={"rules": rules}), inst.staff[4]]
    solution = solve(
        inst.model_copy(update={"sites": sites, "staff": staff}), SolveParams(time_limit=20)
    )
    assert solution.status == "infeasible" and solution.assignments == []
    assert solution.objective is None and solution.conflicts


def _shared_commune():  # type: ignore[no-untyped-def]
    # B is 10 km from A: the default commune is within reach of both, so one part.
    return make(
        days=14,
        sites=[site("A"), site("B", lat=42.75, lon=2.80)],
        communes=[commune("66001", population=6000, apl=1.5)],
        staff=[person("a1"), person("a2"), person("b1", sites=["B"], home_site="B")],
        rules={"hours_tolerance": 0.15, "max_daily_hours": 12},
    )


def test_without_commune_links_each_centre_keeps_the_communes_it_reaches() -> None:
    inst = _shared_commune()
    assert len(split(inst)) == 1
    pieces = split(inst, link_communes=False)
    assert sorted([s.id for s in p.sites] for p in pieces) == [["A"], ["B"]]
    assert all([c.insee for c in p.communes] == ["66001"] for p in pieces)


def test_a_large_part_started_from_its_centres_is_still_solved_and_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    original = parts_module._start_by_centres

    def spy(part, quick, budget, seconds):  # type: ignore[no-untyped-def]
        calls.append(len(part.model.instance.staff))
        original(part, quick, budget, seconds)

    monkeypatch.setattr(parts_module, "_start_by_centres", spy)
    # two far centres: one part is A+B (shared commune), the other C alone
    inst = _shared_commune()
    far = site("C", **FAR)
    inst = inst.model_copy(
        update={
            "sites": [*inst.sites, type(inst.sites[0]).model_validate(far)],
            "staff": [
                *inst.staff,
                type(inst.staff[0]).model_validate(person("c1", sites=["C"], home_site="C")),
                type(inst.staff[0]).model_validate(person("c2", sites=["C"], home_site="C")),
            ],
        }
    )
    by_centres = StageParams(parts=PartsParams(start_by_centres_staff=1))
    solution = solve(inst, SolveParams(time_limit=20, stages=by_centres))
    assert sorted(calls) == [2, 3]
    whole = solve(inst, SolveParams(time_limit=20, split_parts=False))
    assert solution.status == whole.status == "optimal"
    assert solution.objective is not None and whole.objective is not None
    assert abs(solution.objective.total - whole.objective.total) < 1e-6
    report = check(inst, solution)
    assert report.ok, (report.evaluation.hard, report.mismatches)
