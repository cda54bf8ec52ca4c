import pytest
from factory import make
from verify import verify

AM = [("d1", f"2025-03-0{d}", "am", "A") for d in range(3, 8)]
PM = [("d1", f"2025-03-0{d}", "pm", "A") for d in range(3, 7)]


def _inst():  # type: ignore[no-untyped-def]
    # One full-time doctor, one week: target 35 h, band 31.5 h to 38.5 h.
    from factory import person

    return make(staff=[person("d1")], rules={"hours_tolerance": 0.1})


def test_thirty_six_hours_hold() -> None:
    verify("contract_hours_band").given(_inst(), AM + PM).holds()


def test_twenty_hours_break() -> None:
    found = verify("contract_hours_band").given(_inst(), AM).breaks()
    assert "works 20 h, outside the band 31.5 h to 38.5 h" in found[0]


# Worked out by hand from the rule's text: one full-time week, a target of 5 x 7 h = 2100
# min; with a tolerance of 20 % the band is 1680 to 2520 min; each session is 240 min
# (Monday to Friday am and pm, then Saturday am).
@pytest.mark.parametrize(
    ("tolerance", "sessions", "verdict"),
    [
        (0.2, 6, "breaks"),  # 1440
        (0.2, 7, "holds"),  # 1680, the lower edge
        (0.2, 10, "holds"),  # 2400
        (0.2, 11, "breaks"),  # 2640
        (0.0, 9, "breaks"),  # 2160: only exactly 2100 would do
        (0.15, 8, "holds"),  # 1920 within 1785 to 2415
    ],
)
def test_band_table(tolerance: float, sessions: int, verdict: str) -> None:
    from factory import person

    inst = make(staff=[person("d1")], rules={"hours_tolerance": tolerance, "max_days_per_week": 6})
    week = [(f"2025-03-0{d}", s) for d in range(3, 8) for s in ("am", "pm")]
    rota = [("d1", date, shift, "A") for date, shift in [*week, ("2025-03-08", "am")]]
    getattr(verify("contract_hours_band").given(inst, rota[:sessions]), verdict)()
