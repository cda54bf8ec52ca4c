import pytest
from factory import SECTOR, doctor_on_call, make, person, site
from test_published_days import PUBLISHED, replanned
from verify import verify

from maillage.models.facts import Facts
from maillage.solver.rules.rota_changes import session_gain_bound

# From Tuesday 4 March (k = 0), urgency 1 over 14 days, on-call x 2, no communes: a unit of 1.
# A change k days after costs 1 + (14 - k) / 14, twice that on call.
TUESDAY_PM_REMOVED = 1 + 14 / 14
THURSDAY_AM_ADDED = 1 + 12 / 14
WEDNESDAY_EVE_ADDED = 2 * (1 + 13 / 14)


def test_the_published_rota_costs_nothing() -> None:
    verify("rota_changes").given(replanned(), PUBLISHED).holds()


def test_changes_cost_by_the_schedule() -> None:
    rota = [
        *PUBLISHED[:3],  # Monday as published; Tuesday's am removed
        ("d1", "2025-03-05", "eve", "S"),
        ("d2", "2025-03-06", "am", "A"),
    ]
    amount = TUESDAY_PM_REMOVED + THURSDAY_AM_ADDED + WEDNESDAY_EVE_ADDED
    found = verify("rota_changes").given(replanned(), rota).penalizes_by(amount)
    assert found == [
        "D1, pm on 2025-03-04: removed (published at A, now off)",
        "D1, eve on 2025-03-05: added (published off, now at S)",
        "D2, am on 2025-03-06: added (published off, now at A)",
    ]


def test_a_move_is_one_change() -> None:
    inst = replanned(published=[*PUBLISHED, ("d2", "2025-03-19", "am", "A")])
    two = inst.model_copy(update={"sites": [*inst.sites, make(sites=[site("B")]).sites[0]]})
    staff = [p.model_copy(update={"sites": ["A", "B"]}) for p in two.staff]
    two = two.model_copy(
        update={"staff": staff, "horizon": two.horizon.model_copy(update={"days": 17})}
    )
    rota = [*PUBLISHED, ("d2", "2025-03-19", "am", "B")]  # k = 15: past the urgency
    found = verify("rota_changes").given(two, rota).penalizes_by(1.0)
    assert found == ["D2, am on 2025-03-19: moved (published at A, now at B)"]


def test_reoptimise_lowers_the_unit() -> None:
    inst = replanned(reoptimise=True, reoptimise_share=0.25)
    rota = PUBLISHED[:3]
    verify("rota_changes").given(inst, rota).penalizes_by(0.25 * TUESDAY_PM_REMOVED)


def test_without_no_overlap_two_places_at_once_are_one_change() -> None:
    inst = replanned()
    both = make(
        sites=[site("A"), site("B")],
        sectors=[SECTOR],
        staff=[doctor_on_call("d1", sites=["A", "B"]), person("d2")],
        communes=[],
        replan=inst.replan.model_dump(mode="json") if inst.replan else None,
        rules={
            "hours_tolerance": 1.0,
            "disabled": ["no_overlap", "site_changes", "rooms", "weekly_rest"],
        },
    )
    rota = [*PUBLISHED, ("d1", "2025-03-04", "pm", "B")]
    verify("rota_changes").given(both, rota).penalizes_by(TUESDAY_PM_REMOVED)


def test_a_change_costs_more_than_a_session_can_gain() -> None:
    inst = make(replan={"published": [], "from_date": "2025-03-03"})
    facts = Facts(inst)
    heaviest = max(facts.commune_weight(c) for c in inst.communes)
    # a doctor's session offers 12 consultations, each worth at most the heaviest commune
    assert session_gain_bound(facts) == pytest.approx(12 * heaviest)
    assert heaviest > 1
