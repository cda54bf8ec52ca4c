"""`maillage nrp`: a Curtois-Qu benchmark file solved by the engine, as benchmark JSON."""

from __future__ import annotations

import sys

import click

from maillage.cli.options import stage_mode
from maillage.cli.output import OutputPath, write_atomic
from maillage.models.limits import MAX_SEED


@click.command()
@click.argument("instance", type=click.Path(dir_okay=False))
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds, import and model building included.",
)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--seed", type=click.IntRange(0, MAX_SEED), default=0, show_default=True)
@click.option(
    "--backend",
    type=click.Choice(["cpsat", "mip"]),
    default="cpsat",
    show_default=True,
    help="cpsat: OR-Tools CP-SAT; mip: PuLP (CBC, or HiGHS where installed).",
)
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    default=None,
    help="Write the roster JSON here (atomically) instead of stdout.",
)
@stage_mode(
    "--neighbourhood",
    "Build and improve the roster a few nurses at a time before the whole model (auto: for "
    "models of at least 3,000 decisions; on smaller ones after column generation, moves next "
    "to the whole model, one worker each, until neither improves for a minute).",
)
@stage_mode(
    "--colgen",
    "Column generation over nurses first: a lower bound, and a roster from the decisions its "
    "LP optimum agrees on (auto: 300 decisions or more, at most 200 a nurse, 400 from a "
    "600 s limit).",
)
@stage_mode(
    "--branching",
    "After column generation: branch and price over the weekend days each nurse works, at "
    "most half of the time left (auto: once its LP optimum is reached).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def nrp(
    instance: str,
    time_limit: float,
    workers: int,
    seed: int,
    backend: str,
    output: str | None,
    neighbourhood: str,
    colgen: str,
    branching: str,
    quiet: bool,
) -> None:
    """Solve a nurse-rostering benchmark INSTANCE (Curtois-Qu text format) with the engine and
    write {instance, penalty, status, bound, assignments: [{employee, day, shift}]}; the
    penalty is the benchmark objective recomputed by the checker."""
    from maillage.solver.apps.nrp import format as nrp_format
    from maillage.solver.apps.nrp.solve import solve_nrp
    from maillage.solver.params import SolveParams

    problem = nrp_format.load(instance)
    params = SolveParams.model_validate(
        {
            "time_limit": time_limit,
            "workers": workers,
            "seed": seed,
            "backend": backend,
            "neighbourhood": neighbourhood,
            "colgen": colgen,
            "branching": branching,
            "progress": not quiet,
        }
    )
    result = solve_nrp(problem, params)
    write_atomic(output, result.model_dump_json(indent=2) + "\n")
    if not quiet:
        click.echo(
            f"{result.instance}: {result.status}, penalty {result.penalty}, bound {result.bound}, "
            f"{result.seconds:.1f} s",
            err=True,
        )
    for breach in result.violations:
        click.echo(f"VIOLATION {breach}", err=True)
    if result.penalty is None or result.violations:
        sys.exit(1)
