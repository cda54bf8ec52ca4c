"""`maillage carry`: the next month's instance with the history of the previous rota."""

from __future__ import annotations

import click

from maillage.cli import options
from maillage.cli.output import OutputPath, write_atomic
from maillage.models.load import load_instance, load_solution


def _rule_names() -> list[str]:
    from maillage.solver.rules import RULES

    return [r.name for r in RULES]


@click.command()
@click.argument("prev_instance", type=str)
@click.argument("prev_solution", type=str)
@click.argument("next_instance", type=str)
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    default=None,
    help="Write the next instance JSON here (atomically) instead of stdout.",
)
@click.option(
    "--days",
    type=click.IntRange(1, 371),
    default=14,
    show_default=True,
    help="Days of the previous rota kept as past assignments.",
)
@options.max_size
def carry(
    prev_instance: str,
    prev_solution: str,
    next_instance: str,
    output: str | None,
    days: int,
    max_size: int,
) -> None:
    """Write NEXT_INSTANCE with a `history` section from PREV_INSTANCE and its rota
    PREV_SOLUTION: the last days' assignments with their times, and the running counters
    (the previous ones plus the previous month), so that months chain."""
    from maillage.solver.apps.carry import carry as run

    rules = _rule_names()
    previous = load_instance(prev_instance, known_rules=rules, max_bytes=max_size)
    solution = load_solution(prev_solution, max_bytes=max_size)
    following = load_instance(next_instance, known_rules=rules, max_bytes=max_size)
    out = run(
        previous,
        solution,
        following,
        keep_days=days,
        solution_source=prev_solution,
        next_source=next_instance,
    )
    text = out.model_dump_json(indent=2, by_alias=True, exclude_unset=True) + "\n"
    write_atomic(output, text)
    history = out.history
    assert history is not None
    click.echo(
        f"carried {len(history.assignments)} assignment(s) from {history.start} and "
        f"{len(history.counters)} counter(s) into {out.name}",
        err=True,
    )
