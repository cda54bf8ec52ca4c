import datetime as dt

from factory import make
from verify import pin, verify

from maillage.models.solution import Assignment
from maillage.solver.check.checker import evaluate


def test_valid_rota_holds() -> None:
    verify("valid_assignment").given(make(), [("d1", "2025-03-08", "am", "A")]).holds()


def test_shift_absent_that_day_is_caught() -> None:
    # pm does not exist on Saturdays: the model has no such variable, the checker names it.
    inst = make()
    assert not pin(inst, [("d1", "2025-03-08", "pm", "A")]).feasible
    rota = [Assignment(staff="d1", date=dt.date(2025, 3, 8), shift="pm", site="A")]
    found = [v for v in evaluate(inst, rota).hard if v.rule == "valid_assignment"]
    assert len(found) == 1 and "does not exist on 2025-03-08" in found[0].message


def test_unknown_person_and_site_are_caught() -> None:
    rota = [
        Assignment(staff="zz", date=dt.date(2025, 3, 3), shift="am", site="A"),
        Assignment(staff="d1", date=dt.date(2025, 3, 3), shift="am", site="Q"),
    ]
    messages = [v.message for v in evaluate(make(), rota).hard if v.rule == "valid_assignment"]
    assert len(messages) == 2 and "unknown staff" in messages[0] and "unknown site" in messages[1]
