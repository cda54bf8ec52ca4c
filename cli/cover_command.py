"""`maillage cover`: who can take a session or an on-call slot of a rota, and why not the rest."""

from __future__ import annotations

import click

from maillage.cli import options
from maillage.cli.output import write_atomic
from maillage.models.load import load_instance, load_solution


@click.command()
@click.argument("instance", type=str)
@click.argument("solution", type=str)
@click.option(
    "--slot",
    "slot_text",
    required=True,
    metavar="DATE:SHIFT:SITE_OR_SECTOR",
    help="The slot: a session at a site, or an on-call slot of a sector "
    "(e.g. 2025-03-11:am:catus, 2025-03-10:oncall_eve:pdsa-cahors).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Suggestions shown in each list (as the rota is; after moves).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds for the searches for moves, shared among the candidates.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@options.max_size
def cover(
    instance: str,
    solution: str,
    slot_text: str,
    top: int,
    time_limit: float,
    as_json: bool,
    max_size: int,
) -> None:
    """Who can cover a slot of SOLUTION: those who can take it as the rota is, those who can
    after at most two other moves (listed), ranked by what it costs the objective, and the
    rule that stops everyone else. Every suggestion, applied, passes `maillage check`."""
    from maillage.solver.apps.cover import cover as answer_for
    from maillage.solver.apps.cover import parse_slot
    from maillage.solver.rules import RULES

    slot = parse_slot(slot_text)
    inst = load_instance(instance, known_rules=[r.name for r in RULES], max_bytes=max_size)
    sol = load_solution(solution, max_size)
    answer = answer_for(inst, sol, slot, top=top, time_limit=time_limit)
    if as_json:
        write_atomic(None, answer.model_dump_json(indent=2) + "\n")
    else:
        click.echo("\n".join(answer.lines()))
