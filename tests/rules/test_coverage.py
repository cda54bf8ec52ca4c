"""The gain term: an allocation (a flow), distance decay, need caps, commune weights."""

import pytest
from factory import commune, make, person, site
from verify import assignments, pin

from maillage.models.facts import Facts
from maillage.solver.check.checker import evaluate

MONDAY_AM = [("d1", "2025-03-03", "am", "A")]  # one doctor's half-day: 12 consultations


def _terms(inst, rota):  # type: ignore[no-untyped-def]
    model = pin(inst, rota).terms.get("coverage", 0.0)
    checked = evaluate(inst, assignments(rota), Facts(inst)).terms["coverage"]
    assert abs(model - checked) < 1e-6, (model, checked)
    return model


def _c(insee: str, need: float, lat: float = 42.70, weight: float = 1.0):  # type: ignore[no-untyped-def]
    return commune(insee, need={"general": need}, weight=weight, lat=lat, lon=2.76)


def test_need_caps_what_a_commune_is_served() -> None:
    inst = make(communes=[_c("66001", 10)], staff=[person("d1")])
    assert _terms(inst, MONDAY_AM) == 10.0  # 12 offered, 10 needed


def test_consultations_are_shared_never_counted_twice() -> None:
    inst = make(communes=[_c("66001", 10), _c("66002", 10)], staff=[person("d1")])
    assert _terms(inst, MONDAY_AM) == 12.0  # not 20


def test_distance_decay_bands() -> None:
    # 0.1 deg of latitude is 11.1 km, x1.3 at 60 km/h: about 14.5 min, the 2/3 band.
    inst = make(communes=[_c("66001", 100, lat=42.79)], staff=[person("d1")])
    assert _terms(inst, MONDAY_AM) == pytest.approx(12 * 0.667)
    far = make(communes=[_c("66001", 100, lat=42.95)], staff=[person("d1")])  # ~37 min
    assert _terms(far, MONDAY_AM) == 0.0


def test_allocation_favours_the_most_under_served() -> None:
    inst = make(
        communes=[_c("66001", 10, weight=1.0), _c("66002", 10, weight=2.0)], staff=[person("d1")]
    )
    assert _terms(inst, MONDAY_AM) == 2.0 * 10 + 1.0 * 2


def test_need_is_weekly() -> None:
    # Two sessions in one week cannot serve more than that week's need.
    inst = make(communes=[_c("66001", 15)], staff=[person("d1")])
    two = [*MONDAY_AM, ("d1", "2025-03-04", "am", "A")]
    assert _terms(inst, two) == 15.0


def test_secretaries_offer_no_consultations() -> None:
    inst = make(
        communes=[_c("66001", 10)], staff=[person("s1", role="secretary")], sites=[site("A")]
    )
    assert _terms(inst, [("s1", "2025-03-03", "am", "A")]) == 0.0
