"""The solve command's closing lines: a rota without a proven bound says so."""

import pytest

from maillage.cli.main import _summary
from maillage.models.solution import Objective, Solution, Status


def _solution(bound: float | None, gap: float | None) -> Solution:
    return Solution(
        instance="x",
        status=Status.feasible,
        objective=Objective(total=100.0, terms={"coverage": 100.0}),
        bound=bound,
        gap=gap,
        assignments=[],
    )


@pytest.mark.parametrize(
    ("bound", "gap", "shown"),
    [(None, None, "bound none, gap unknown"), (110.0, 0.1, "bound 110.000, gap 10.00%")],
)
def test_the_bound_and_gap_line(
    bound: float | None, gap: float | None, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _summary(_solution(bound, gap))
    assert f"status: feasible, objective 100.000, {shown}" in capsys.readouterr().err


def test_terms_not_proven_exact_are_named_with_why(capsys: pytest.CaptureFixture[str]) -> None:
    solution = _solution(None, None)
    assert solution.objective is not None
    solution.objective.unproven = {"coverage": "not proven within 10.0 s"}
    _summary(solution)
    assert "term coverage not proven exact: not proven within 10.0 s" in capsys.readouterr().err
    _summary(_solution(None, None))
    assert "not proven exact" not in capsys.readouterr().err
