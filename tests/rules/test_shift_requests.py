from factory import make, person
from verify import verify

REQUESTS = [
    {"date": "2025-03-04", "shift": "am", "kind": "on", "weight": 2},
    {"date": "2025-03-05", "shift": "pm", "kind": "off", "weight": 3},
]


def test_granted_requests_hold() -> None:
    inst = make(staff=[person("d1", requests=REQUESTS)])
    rota = [("d1", "2025-03-04", "am", "A"), ("d1", "2025-03-05", "am", "A")]
    verify("shift_requests").given(inst, rota).holds()


def test_wrong_shift_and_unwanted_shift_cost_both_weights() -> None:
    inst = make(staff=[person("d1", requests=REQUESTS)])
    rota = [("d1", "2025-03-04", "pm", "A"), ("d1", "2025-03-05", "pm", "A")]
    found = verify("shift_requests").given(inst, rota).penalizes_by(5)
    assert found == [
        "D1 does not take am on 2025-03-04, asked on (weight 2)",
        "D1 takes pm on 2025-03-05, asked off (weight 3)",
    ]


def test_instance_weight_scales_requests() -> None:
    inst = make(staff=[person("d1", requests=REQUESTS)], weights={"shift_requests": 10})
    verify("shift_requests").given(inst, []).penalizes_by(2)
