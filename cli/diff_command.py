"""`maillage diff`: what changed from one rota of an instance to another, in words or JSON.

Exit 0 whether or not the rotas differ: the command is a report (as `maillage report` is),
and a re-plan is expected to change something. Exit 2 when either file is not a rota of the
instance (another instance, an unknown id), naming the file and the field.
"""

from __future__ import annotations

from typing import Literal

import click

from maillage.cli import options
from maillage.models.load import load_instance, load_solution


@click.command()
@click.argument("instance", type=str)
@click.argument("a", type=str)
@click.argument("b", type=str)
@click.option("--json", "as_json", is_flag=True, help="Print the RotaDiff as JSON.")
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="en",
    show_default=True,
    help="Language of the words.",
)
@options.max_size
def diff(
    instance: str, a: str, b: str, as_json: bool, lang: Literal["fr", "en"], max_size: int
) -> None:
    """What changed from rota A to rota B of INSTANCE: per person, the sessions and on-calls
    added, removed or moved, hours and on-calls before and after; per objective term, the
    change. Every figure is recomputed from the assignments."""
    from maillage.solver.apps.diff import diff as run
    from maillage.solver.rules import RULES

    inst = load_instance(instance, known_rules=[r.name for r in RULES], max_bytes=max_size)
    before = load_solution(a, max_size)
    after = load_solution(b, max_size)
    result = run(inst, before, after, sources=(a, b))  # the files named in the messages
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        for line in result.lines(lang):
            click.echo(line)
