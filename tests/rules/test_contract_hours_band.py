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
