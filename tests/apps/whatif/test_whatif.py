"""What-if scenarios: monotonicity, ranking against independent solves, checked solutions."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from factory import commune, make
from whatif_instances import multi_site, one_site

from maillage.models.errors import InputError
from maillage.models.instance import Instance, Role
from maillage.solver import SolveParams, check, solve
from maillage.solver.apps.whatif import (
    ChangeFte,
    CloseSite,
    Leave,
    OpenPermanence,
    Outcome,
    Recruit,
    RemoveStaff,
    Scenario,
    WhatIfResult,
    ranking_warnings,
    recruit_scenarios,
    table,
    whatif,
)

PARAMS = SolveParams(time_limit=30, workers=1, seed=0)
INSTANCES = {
    "multi_site": multi_site,
    "one_site": one_site,
    "factory_large_need": lambda: make(communes=[commune(population=20000)]),
}


def _optimal(result: WhatIfResult) -> None:
    for o in [result.baseline, *result.scenarios]:
        assert o.status == "optimal", (o.name, o.status)


@pytest.mark.parametrize("which", sorted(INSTANCES))
def test_recruit_never_lowers_objective(which: str) -> None:
    instance = INSTANCES[which]()
    scenarios = recruit_scenarios(instance, Role.doctor, 1.0)
    result = whatif(instance, scenarios, PARAMS)
    _optimal(result)
    assert result.baseline.objective is not None
    for o in result.scenarios:
        assert o.objective is not None
        assert o.objective >= result.baseline.objective - 1e-6, o.name
        assert o.served_need >= result.baseline.served_need - 1e-6


def test_recruit_where_need_is_saturated_costs_contract_hours() -> None:
    """Not a theorem in general: in the factory week two doctors already serve the only
    commune, so a third one only adds contract-hours penalty (whole 4-hour sessions)."""
    instance = make()
    result = whatif(instance, recruit_scenarios(instance, Role.doctor, 1.0), PARAMS)
    _optimal(result)
    (o,) = result.scenarios
    assert o.served_need == pytest.approx(result.baseline.served_need)
    assert o.objective is not None and result.baseline.objective is not None
    assert o.objective <= result.baseline.objective


def test_ranking_matches_independent_solves() -> None:
    instance = multi_site()
    scenarios = recruit_scenarios(instance, Role.doctor, 1.0) + recruit_scenarios(
        instance, Role.midwife, 0.6
    )
    result = whatif(instance, scenarios, PARAMS, jobs=2)
    _optimal(result)
    independent = {}
    for scenario in scenarios:
        solution = solve(scenario.apply(instance), PARAMS)
        assert solution.status == "optimal" and solution.objective is not None
        independent[scenario.name] = solution.objective.total
    ranked = [o.name for o in result.scenarios]
    expected = sorted(independent, key=lambda n: (-round(independent[n], 6), n))
    for o in result.scenarios:
        assert o.objective == pytest.approx(independent[o.name], abs=1e-6)
    # equal objectives may come in either order; strictly better ones never rank lower
    assert [round(independent[n], 6) for n in ranked] == [
        round(independent[n], 6) for n in expected
    ]


def _all_kinds(instance: Instance) -> list[Scenario]:
    return [
        Scenario(name="recruit B", changes=[Recruit(role=Role.doctor, fte=0.8, home_site="B")]),
        Scenario(
            name="recruit P late",
            changes=[
                Recruit(role=Role.ipa, fte=1.0, home_site="P", start_date=dt.date(2025, 3, 5))
            ],
        ),
        Scenario(name="remove d2", changes=[RemoveStaff(staff="d2")]),
        Scenario(name="d1 half", changes=[ChangeFte(staff="d1", fte=0.5)]),
        Scenario(
            name="d2 leave",
            changes=[Leave(staff="d2", start=dt.date(2025, 3, 4), end=dt.date(2025, 3, 6))],
        ),
        Scenario(
            name="open 66005",
            changes=[OpenPermanence(insee="66005", parent="B", weekdays=["mon", "wed", "sat"])],
        ),
        Scenario(name="close P", changes=[CloseSite(site="P")]),
        Scenario(
            name="combined",
            changes=[CloseSite(site="P"), Recruit(role=Role.doctor, fte=1.0, home_site="A")],
        ),
    ]


def test_every_scenario_solution_passes_check() -> None:
    instance = multi_site()
    scenarios = _all_kinds(instance)
    result = whatif(instance, scenarios, PARAMS, jobs=2)
    by_name = {s.name: s for s in scenarios}
    assert {o.name for o in result.scenarios} == set(by_name)
    for o in result.scenarios:
        modified = by_name[o.name].apply(instance)
        assert o.solution.objective is not None, o.name
        report = check(modified, o.solution)
        assert report.ok, (o.name, report.mismatches, report.evaluation.hard)
    opened = next(o for o in result.scenarios if o.name == "open 66005")
    assert any(a.site == "perm-66005" for a in opened.solution.assignments)
    closed = next(o for o in result.scenarios if o.name == "close P")
    assert all(a.site != "P" for a in closed.solution.assignments)
    removed = next(o for o in result.scenarios if o.name == "remove d2")
    assert all(a.staff != "d2" for a in removed.solution.assignments)


def test_parallel_is_deterministic_and_matches_sequential() -> None:
    instance = multi_site()
    scenarios = recruit_scenarios(instance, Role.doctor, 1.0)
    one = whatif(instance, scenarios, PARAMS, jobs=1)
    two = whatif(instance, scenarios, PARAMS, jobs=2)
    threads = whatif(instance, scenarios, PARAMS, jobs=2, executor=lambda n: ThreadPoolExecutor(n))
    for other in (two, threads):
        assert [o.name for o in other.scenarios] == [o.name for o in one.scenarios]
        for a, b in zip(one.scenarios, other.scenarios, strict=True):
            assert a.objective == b.objective
            assert a.solution.assignments == b.solution.assignments


def test_manager_figures() -> None:
    instance = multi_site()
    result = whatif(instance, recruit_scenarios(instance, Role.doctor, 1.0, candidates=["A"]))
    base, (o,) = result.baseline, result.scenarios
    assert o.served_need_change == pytest.approx(o.served_need - base.served_need, abs=1e-3)
    # d1 alone holds the sector at baseline; the recruit at A shares it
    assert base.oncalls_max >= o.oncalls_max and o.oncalls_mean <= base.oncalls_mean
    assert o.uncovered_oncall <= base.uncovered_oncall
    pops = {c.insee: c.population for c in instance.communes}
    assert o.population_newly_reached == sum(pops[i] for i in o.communes_newly_reached)
    text = table(result)
    assert "baseline" in text and "+doctor 1 @ A" in text


def test_ranking_warnings_when_gap_exceeds_difference() -> None:
    sol = make_solution()

    def outcome(name: str, objective: float, bound: float) -> Outcome:
        return Outcome(
            name=name,
            status="feasible",
            objective=objective,
            bound=bound,
            gap=0.0,
            served_need=0.0,
            solution=sol,
        )

    ranked = [outcome("a", 100.0, 100.0), outcome("b", 99.0, 104.0), outcome("c", 50.0, 50.0)]
    warnings = ranking_warnings(ranked)
    assert len(warnings) == 1 and "'a' ranks above 'b'" in warnings[0]
    assert ranking_warnings([outcome("a", 100.0, 100.0), outcome("b", 90.0, 90.0)]) == []


def make_solution():  # type: ignore[no-untyped-def]
    from maillage.models.solution import Solution

    return Solution(instance="x", status="feasible")


@pytest.mark.parametrize(
    ("change", "option"),
    [
        (Recruit(role=Role.doctor, fte=1.0, home_site="Z"), "--recruit"),
        (
            Recruit(role=Role.doctor, fte=1.0, home_site="A", start_date=dt.date(2026, 1, 1)),
            "--recruit",
        ),
        (RemoveStaff(staff="nobody"), "--remove"),
        (ChangeFte(staff="nobody", fte=0.5), "--fte"),
        (Leave(staff="d1", start=dt.date(2025, 3, 6), end=dt.date(2025, 3, 4)), "--leave"),
        (OpenPermanence(insee="99999", parent="A"), "--open-permanence"),
        (OpenPermanence(insee="66003", parent="P"), "--open-permanence"),
        (CloseSite(site="Z"), "--close"),
    ],
)
def test_bad_changes_name_the_option(change: object, option: str) -> None:
    instance = multi_site()
    with pytest.raises(InputError) as caught:
        whatif(instance, [Scenario(name="bad", changes=[change])], PARAMS)  # type: ignore[list-item]
    assert caught.value.issues[0].path == option


def test_unknown_candidate_site() -> None:
    with pytest.raises(InputError) as caught:
        recruit_scenarios(multi_site(), Role.doctor, 1.0, candidates=["Z"])
    assert caught.value.issues[0].path == "--candidates"


def test_scenarios_round_trip_json() -> None:
    instance = multi_site()
    for scenario in _all_kinds(instance):
        again = Scenario.model_validate_json(scenario.model_dump_json())
        assert again == scenario
        assert again.apply(instance) == scenario.apply(instance)
