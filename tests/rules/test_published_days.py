from typing import Any

from factory import SECTOR, doctor_on_call, make, person
from verify import verify

from maillage.models.instance import Instance

# Monday 3 and Tuesday 4 March 2025; the re-plan changes from Tuesday.
PUBLISHED = [
    ("d1", "2025-03-03", "pm", "A"),
    ("d1", "2025-03-03", "eve", "S"),
    ("d2", "2025-03-03", "am", "A"),
    ("d1", "2025-03-04", "pm", "A"),
]


def replanned(published: list[tuple[str, str, str, str]] = PUBLISHED, **kw: Any) -> Instance:
    rows = [{"staff": s, "date": d, "shift": sh, "site": p} for s, d, sh, p in published]
    return make(
        sectors=[SECTOR],
        staff=[doctor_on_call("d1"), person("d2")],
        replan={"published": rows, "from_date": "2025-03-04"} | kw,
        communes=[],
    )


def test_the_published_monday_and_a_new_tuesday_hold() -> None:
    rota = [*PUBLISHED[:3], ("d2", "2025-03-04", "am", "A")]
    verify("published_days").given(replanned(), rota).holds()


def test_a_monday_session_moved_breaks() -> None:
    rota = [PUBLISHED[0], PUBLISHED[1], ("d2", "2025-03-03", "pm", "A")]
    found = verify("published_days").given(replanned(), rota).breaks()
    assert found == [
        "D2, am on 2025-03-03: published at A, now off (the days before 2025-03-04 are kept "
        "as published)",
        "D2, pm on 2025-03-03: published off, now at A (the days before 2025-03-04 are kept "
        "as published)",
    ]


def test_a_monday_on_call_dropped_breaks() -> None:
    rota = [PUBLISHED[0], PUBLISHED[2]]
    found = verify("published_days").given(replanned(), rota).breaks()
    assert len(found) == 1 and "eve on 2025-03-03: published at S, now off" in found[0]


def test_without_a_replan_section_nothing_is_pinned() -> None:
    inst = make(sectors=[SECTOR], staff=[doctor_on_call("d1"), person("d2")], communes=[])
    verify("published_days").given(inst, [("d2", "2025-03-03", "am", "A")]).holds()
