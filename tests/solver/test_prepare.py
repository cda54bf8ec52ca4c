"""Hints from a rota: the decisions and the worked-day variables the rules made."""

import datetime as dt

from factory import make, person

from maillage.models.solution import Assignment
from maillage.solver.prepare import build_model, hints_of


def test_hints_set_the_worked_days_of_the_rota() -> None:
    # max_days_per_week makes worked-day variables for everyone (five days a full-timer)
    build = build_model(make(staff=[person("d1")]))
    days = build.worked_day_variables()
    assert days, "the rules made no worked-day variable"
    monday = build.facts.day_index(dt.date(2025, 3, 3))
    assert monday is not None
    rota = [Assignment(staff="d1", date=dt.date(2025, 3, 3), shift="am", site="A")]
    hints = hints_of(build, rota)
    assert hints[days[("d1", monday)]] == 1
    assert sum(hints[v] for v in days.values()) == 1  # every other day hinted off
    assert sum(hints[v] for v in build.x.values()) == 1
