"""`maillage replan`: a published rota re-planned from a date with the fewest changes."""

from __future__ import annotations

import datetime as dt
import sys

import click

from maillage.cli import options
from maillage.cli.output import OutputPath, write_atomic
from maillage.cli.scenario_options import whatif_scenarios
from maillage.models.errors import InputError, Issue
from maillage.models.load import load_instance, load_solution


@click.command()
@click.argument("instance", type=str)
@click.argument("published", type=str)
@click.option(
    "--from",
    "from_text",
    required=True,
    metavar="DATE",
    help="First date that may change (YYYY-MM-DD); the days before are kept as published.",
)
@click.option("--leave", multiple=True, metavar="STAFF_ID:FROM:TO", help="A leave.")
@click.option("--remove", multiple=True, metavar="STAFF_ID", help="A departure from --from on.")
@click.option("--fte", multiple=True, metavar="STAFF_ID:FTE", help="A change of FTE.")
@click.option(
    "--edits",
    "edits_file",
    type=str,
    default=None,
    metavar="FILE",
    help='A JSON list of changes: {"kind": "leave", "staff", "start", "end"}, {"kind": '
    '"remove", "staff"}, {"kind": "fte", "staff", "fte"}, {"kind": "lock", "staff", '
    '"date", "shift", "site"}.',
)
@click.option(
    "--reoptimise", is_flag=True, help="Let coverage buy changes (each change costs less)."
)
@click.option(
    "--relax",
    is_flag=True,
    help="Let hard rules break at a heavy price; return the rota breaking the fewest.",
)
@options.time_limit
@options.workers
@options.seed
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    default=None,
    help="Write the new solution JSON here (atomically) instead of stdout.",
)
@click.option(
    "--instance-out",
    type=OutputPath(),
    default=None,
    help="Also write the re-planned instance (the changes and the `replan` section): the "
    "instance to `check` or `report` the new rota against.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or changes on stderr.")
@options.max_size
def replan(
    instance: str,
    published: str,
    from_text: str,
    leave: tuple[str, ...],
    remove: tuple[str, ...],
    fte: tuple[str, ...],
    edits_file: str | None,
    reoptimise: bool,
    relax: bool,
    time_limit: float | None,
    workers: int | None,
    seed: int | None,
    output: str | None,
    instance_out: str | None,
    quiet: bool,
    max_size: int,
) -> None:
    """Re-plan PUBLISHED_SOLUTION of INSTANCE from --from: the days before kept as
    published, every hard rule holding after, and as few changes as can be."""
    from maillage.solver import SolveParams
    from maillage.solver.apps.replan import load_edits, replan_instance, solve_replanned
    from maillage.solver.rules import RULES

    try:
        from_date = dt.date.fromisoformat(from_text)
    except ValueError:
        issue = Issue("--from", f"{from_text!r} is not a date YYYY-MM-DD")
        raise InputError([issue], "command line") from None
    inst = load_instance(instance, known_rules=[r.name for r in RULES], max_bytes=max_size)
    sol = load_solution(published, max_size)
    scenarios = whatif_scenarios(inst, (), None, remove, fte, leave, (), ())
    changes = [c for s in scenarios for c in s.changes]
    if edits_file is not None:
        changes += load_edits(edits_file, max_size)
    replanned = replan_instance(
        inst, sol, from_date, changes, reoptimise=reoptimise, published_source=published
    )
    chosen = {"time_limit": time_limit, "workers": workers, "seed": seed}
    params = SolveParams(
        **{k: v for k, v in chosen.items() if v is not None}, relax=relax, progress=not quiet
    )
    solution = solve_replanned(inst, replanned, sol, params)
    if solution.interrupted and solution.objective is None:
        click.echo("interrupted before any rota was found; nothing written", err=True)
        sys.exit(1)
    write_atomic(output, solution.model_dump_json(indent=2) + "\n")
    if instance_out is not None:
        write_atomic(instance_out, replanned.model_dump_json(indent=2, by_alias=True) + "\n")
    if not quiet:
        for conflict in solution.conflicts:
            click.echo(f"{conflict.kind}: {conflict.message}", err=True)
        if solution.changes is not None:
            click.echo(f"{len(solution.changes)} people's rotas changed", err=True)
            for line in solution.changes:
                click.echo(f"  {line}", err=True)
        click.echo(f"status: {solution.status.value}", err=True)
    if solution.objective is None or solution.status.value not in ("optimal", "feasible"):
        sys.exit(1)
