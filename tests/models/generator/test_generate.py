"""The instance generator: deterministic, valid, on the real sites and communes, as staffed."""

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from dataclasses import replace

import pytest
from paths import ROOT
from pydantic import ValidationError

from maillage.models import load_instance
from maillage.models.facts import Facts
from maillage.models.generator.communes import by_insee, load_sites, real_apl
from maillage.models.generator.generate import (
    CentreStaff,
    GenerateError,
    GenerateParams,
    RoleCounts,
    generate,
    to_json,
)
from maillage.models.generator.geography import (
    MAX_MINUTES,
    commune_row,
    illustrative_apl,
    minutes_to,
)
from maillage.models.instance import Instance, Role
from maillage.models.validate import cross_check
from maillage.solver import SolveParams, check, solve
from maillage.solver.rules import RULES

MARCH = dt.date(2025, 3, 1)
RULE_NAMES = [rule.name for rule in RULES]


def params(**changes: object) -> GenerateParams:
    return GenerateParams.model_validate({"staff": 20, "start": MARCH, "seed": 3} | changes)


@pytest.fixture(scope="module")
def twenty() -> Instance:
    return generate(params())


def roles(instance: Instance) -> Counter[str]:
    return Counter(p.role.value for p in instance.staff)


def real_order() -> list[str]:
    """The ids of sites.csv: open centres, then planned, each followed by its permanences."""
    records = load_sites()
    centres = sorted((r for r in records if r.kind == "centre"), key=lambda r: r.status != "open")
    return [x.site for c in centres for x in (c, *(r for r in records if r.parent == c.site))]


def test_same_seed_same_bytes_other_seed_other_instance(twenty: Instance) -> None:
    text = to_json(twenty)
    assert to_json(generate(params())) == text
    assert to_json(generate(params(seed=4))) != text
    assert json.loads(text)["name"] == "occitanie-20-2025-03-seed3"


def test_valid_and_round_trips(twenty: Instance) -> None:
    assert Instance.model_validate(json.loads(to_json(twenty))) == twenty
    assert cross_check(twenty, RULE_NAMES) == []
    model = twenty.need_model
    assert not model.illustrative and "DREES APL to general practitioners, 2023" in (
        model.source or ""
    )
    general, womens = model.lines["general"], model.lines["womens"]
    assert (general.indicator, general.illustrative) == (
        "DREES APL to general practitioners, 2023",
        False,
    )
    assert "Etalab 2.0" in (general.source or "") and "DREES, APL 2023" in (general.source or "")
    assert womens.illustrative and "No APL to midwives in consultations" in womens.indicator
    assert "ILLUSTRATIVE" in twenty.description and "sites.csv" in twenty.description
    assert "DREES, APL 2023" in twenty.description


def test_communes_take_the_real_apl_of_the_vintage(twenty: Instance) -> None:
    for commune in twenty.communes:
        assert commune.apl == real_apl(commune.insee) and not commune.apl_illustrative
    older = generate(params(apl_vintage=2022))
    assert older.need_model.lines["general"].indicator.endswith("2022")
    assert [c.apl for c in older.communes] == [real_apl(c.insee, 2022) for c in older.communes]
    assert [c.apl for c in older.communes] != [c.apl for c in twenty.communes]


def test_a_commune_the_vintage_does_not_list_gets_a_flagged_estimate() -> None:
    record = replace(by_insee()["46268"], insee="46999")  # not a code of the vintage
    row = commune_row(record, seed=2025)
    assert row["apl_illustrative"] is True
    assert row["apl"] == illustrative_apl(2025, "46999", record.population, record.area_km2)
    real = commune_row(by_insee()["46268"], seed=2025)
    assert "apl_illustrative" not in real and real["apl"] == 0.154


def test_default_split_and_teams(twenty: Instance) -> None:
    assert roles(twenty) == {"doctor": 12, "secretary": 5, "ipa": 2, "midwife": 1}
    centres = [s.id for s in twenty.sites if s.kind == "centre"]
    assert len(centres) == 5  # about 4 staff per centre
    for centre in centres:
        team = Counter(p.role for p in twenty.staff if p.home_site == centre)
        assert 2 <= team[Role.doctor] <= 6 and team[Role.secretary] >= 1
    sites = {s.id: s for s in twenty.sites}
    for person in twenty.staff:
        assert person.home_site in person.sites and sites[person.home_site].kind == "centre"
        permanences = [s.id for s in twenty.sites if s.parent == person.home_site]
        if person.role == Role.doctor:
            assert person.sites == [person.home_site, *permanences]
        assert person.oncall == (person.role == Role.doctor and person.fte == 1.0)
        if person.oncall:  # leave and training stay off the on-call roster
            assert person.unavailable == []
        if person.fte <= 0.6:
            assert person.rules.max_days_per_week == 3
        for leave in person.unavailable:
            assert MARCH <= leave.from_ <= leave.to <= twenty.horizon.end
    assert sum(bool(p.unavailable) for p in twenty.staff) >= 1


def test_one_sector_per_centre_held_by_its_full_time_doctors(twenty: Instance) -> None:
    facts = Facts(twenty)
    for sector in twenty.sectors:
        (centre,) = sector.sites
        roster = [p for p in twenty.staff if facts.oncall_eligible(p, sector)]
        assert roster and all(p.home_site == centre and p.fte == 1.0 for p in roster)
        slots = sum(1 for _ in facts.sector_slots(sector))
        assert slots <= 6 * len(roster)  # the law's monthly maximum can be held
    assert [k.sites[0] for k in twenty.sectors] == [
        s.id for s in twenty.sites if s.kind == "centre"
    ]


def test_every_commune_within_reach_and_every_one_listed(twenty: Instance) -> None:
    reach = Facts(twenty).reach
    listed = {c.insee for c in twenty.communes}
    assert all(any(c.insee in reach[s.id] for s in twenty.sites) for c in twenty.communes)
    nearby = {
        r.insee
        for r in by_insee().values()
        if any(minutes_to(r, s.lat, s.lon) < MAX_MINUTES for s in twenty.sites)
    }
    assert listed == nearby


def test_real_sites_first_then_new_centres_far_from_every_site() -> None:
    instance = generate(params(staff=80, seed=0))
    ids = [s.id for s in instance.sites]
    real = real_order()
    assert ids[: len(real)] == real
    new = instance.sites[len(real) :]
    assert len([s for s in instance.sites if s.kind == "centre"]) == 20 and len(new) == 5
    for site in new:
        assert site.kind == "centre" and site.name.endswith("(proposed)")
        commune = by_insee()[site.insee or ""]
        others = [s for s in instance.sites if s.id != site.id]
        assert all(minutes_to(commune, o.lat, o.lon) >= MAX_MINUTES for o in others)
    assert cross_check(instance, RULE_NAMES) == []


def test_fewer_centres_than_real_sites_keeps_the_first() -> None:
    instance = generate(params(staff=8, seed=1))
    assert [s.id for s in instance.sites] == ["sainte-croix-volvestre", "salviac", "cazals"]
    cazals = instance.sites[2]
    assert (cazals.kind, cazals.parent, cazals.rooms, cazals.secretary) == (
        "permanence",
        "salviac",
        1,
        "remote",
    )
    assert 2 <= len(cazals.opening) <= 3


def test_departments_restrict_sites_and_communes() -> None:
    instance = generate(params(staff=12, departments=["46"]))
    assert [s.id for s in instance.sites][:4] == ["salviac", "cazals", "cahors", "catus"]
    table = by_insee()
    assert {table[s.insee or ""].department for s in instance.sites} == {"46"}
    assert {table[c.insee].department for c in instance.communes} == {"46"}
    assert cross_check(instance, RULE_NAMES) == []


def test_explicit_roles_sites_and_centre_figures() -> None:
    instance = generate(
        params(
            staff=12,
            roles=RoleCounts(doctor=7, secretary=3, ipa=1, midwife=1),
            real_sites=["millas", "salviac", "cazals"],
            centre_staff={"millas": CentreStaff(doctor=4, secretary=2, ipa=0, part_time_doctors=1)},
        )
    )
    assert [s.id for s in instance.sites] == ["salviac", "cazals", "millas"]  # file order
    assert roles(instance) == {"doctor": 7, "secretary": 3, "ipa": 1, "midwife": 1}
    millas = [p for p in instance.staff if p.home_site == "millas"]
    assert sorted(p.fte == 1.0 for p in millas if p.role == Role.doctor) == [
        False,
        True,
        True,
        True,
    ]
    assert sum(p.role == Role.secretary for p in millas) == 2
    assert [p.home_site for p in instance.staff if p.role == Role.ipa] == ["salviac"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"staff": 8, "sites": 9}, "sites"),
        ({"staff": 20, "departments": ["46"], "sites": 10}, "sites"),
        ({"real_sites": ["nowhere"]}, "real_sites"),
        ({"real_sites": ["cazals"]}, "real_sites"),
        ({"centre_staff": {"nowhere": {"doctor": 2}}}, "centre_staff"),
        ({"roles": {"doctor": 2, "secretary": 1}, "sites": 3}, "staff"),
    ],
)
def test_parameters_it_cannot_honour(changes: dict[str, object], field: str) -> None:
    if "roles" in changes:
        changes["staff"] = 3
    with pytest.raises(GenerateError) as raised:
        generate(params(**changes))
    assert raised.value.field == field


def test_the_default_centres_stop_where_the_geography_has_no_room() -> None:
    # one centre per 4 of 1,000 staff is more than Occitanie's under-served areas leave room
    # for: the default takes what there is room for and the centres grow; a count asked
    # for explicitly must be met
    instance = generate(params(staff=1000, days=7))
    centres = sum(s.kind == "centre" for s in instance.sites)
    assert 50 < centres < 250 and len(instance.staff) == 1000
    with pytest.raises(GenerateError) as raised:
        generate(params(staff=1000, days=7, sites=250))
    assert raised.value.field == "sites" and "room for" in raised.value.message


@pytest.mark.parametrize(
    "changes",
    [
        {"staff": 1},
        {"days": 0},
        {"days": 372},
        {"start": dt.date(9999, 12, 30)},
        {"departments": ["99"]},
        {"roles": {"doctor": 5, "secretary": 2}},  # 7, not 20
        {"colour": "blue"},
        {"apl_vintage": 2019},
    ],
)
def test_bad_parameters_are_validation_errors(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        params(**changes)


def test_department_codes_are_normalised() -> None:
    assert params(departments=["9", " 66", "09"]).departments == ["09", "66"]


@pytest.mark.parametrize(
    ("name", "counts", "sites"),
    [
        ("gip-network-2023-03", {"doctor": 27, "secretary": 13, "ipa": 3, "midwife": 2}, 17),
        ("occitanie-200-2026-01", {"doctor": 120, "secretary": 50, "ipa": 15, "midwife": 15}, 55),
    ],
)
def test_shipped_network_instances(name: str, counts: dict[str, int], sites: int) -> None:
    instance = load_instance(ROOT / "instances" / f"{name}.json", known_rules=RULE_NAMES)
    assert roles(instance) == counts and len(instance.sites) == sites
    open_ids = {s.site for s in load_sites() if s.status == "open"}
    real = [i for i in real_order() if name.startswith("occitanie") or i in open_ids]
    assert [s.id for s in instance.sites][: len(real)] == real
    reach = Facts(instance).reach
    assert all(any(c.insee in reach[s.id] for s in instance.sites) for c in instance.communes)
    assert len(instance.sectors) == sum(s.kind == "centre" for s in instance.sites)


def test_network_press_kit_figures() -> None:
    instance = load_instance(ROOT / "instances" / "gip-network-2023-03.json")
    millas = [p for p in instance.staff if p.home_site == "millas"]
    assert Counter(p.role.value for p in millas) == {"doctor": 4, "secretary": 2}
    assert sorted(p.fte == 1.0 for p in millas if p.role == Role.doctor) == [
        False,
        True,
        True,
        True,
    ]
    assert sum(p.role == Role.doctor for p in instance.staff if p.home_site == "mazamet") == 2
    assert "PRESS KIT" in instance.description


@pytest.mark.parametrize(
    "script",
    ["build_network.py", "build_millas.py", "build_grand_cahors.py", "build_grand_cahors_april.py"],
)
def test_committed_instances_are_up_to_date(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "instances" / script), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_a_generated_instance_solves_and_passes_the_checker() -> None:
    instance = generate(params(staff=8, seed=1))
    solution = solve(instance, SolveParams(time_limit=10, workers=1))
    assert solution.objective is not None and solution.assignments
    report = check(instance, solution)
    assert report.ok, (report.evaluation.hard, report.mismatches)
