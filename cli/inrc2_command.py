"""`maillage inrc2`: an INRC-II instance rostered week by week by the engine, written as the
competition's solution and history files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from maillage.cli.output import make_folder, write_atomic
from maillage.models.limits import MAX_SEED


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.argument("history", type=click.Path(dir_okay=False))
@click.argument("weeks", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(file_okay=False),
    required=True,
    help="Folder for sol-week<k>.txt, history-week<k>.txt and result.json.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=20.0,
    show_default=True,
    help="Seconds per week, import and model building included.",
)
@click.option(
    "--static",
    "static_limit",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Also solve the static problem (all weeks at once) for this many seconds: its "
    "bound is a lower bound on any roster's cost (0: not solved).",
)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--seed", type=click.IntRange(0, MAX_SEED), default=0, show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def inrc2(
    scenario: str,
    history: str,
    weeks: tuple[str, ...],
    output: str,
    time_limit: float,
    static_limit: float,
    workers: int,
    seed: int,
    quiet: bool,
) -> None:
    """Roster an INRC-II instance (competition text files: SCENARIO, initial HISTORY, one WEEK
    data file per week) week by week, each week knowing only the history the previous weeks
    left; write the solution and history files and result.json, and print the cost as the
    specification's evaluator recomputes it. Exit 1 on a hard violation."""
    from maillage.solver.apps.inrc2 import format as fmt
    from maillage.solver.apps.inrc2.evaluate import evaluate
    from maillage.solver.apps.inrc2.solve import Infeasible, solve_multistage, solve_static
    from maillage.solver.params import SolveParams

    sc = fmt.load_scenario(scenario)
    start = fmt.load_history(history, sc)
    data = [fmt.load_week(w, sc) for w in weeks]
    if start.week + len(data) > sc.weeks:
        raise click.UsageError(
            f"{len(data)} week(s) from week {start.week} go beyond the scenario's {sc.weeks}"
        )
    params = SolveParams.model_validate(
        {"time_limit": time_limit, "workers": workers, "seed": seed, "progress": False}
    )
    try:
        stages = solve_multistage(sc, start, data, params)
    except Infeasible as error:
        click.echo(f"error: {error}; nothing written", err=True)
        sys.exit(1)
    judged = evaluate(sc, start, data, [s.solution for s in stages])
    result: dict[str, object] = {
        "scenario": sc.name,
        "history": history,
        "weeks": list(weeks),
        "cost": judged.total,
        "engine_cost": sum(s.cost for s in stages),
        "categories": judged.categories(),
        "hard": judged.hard + [h for s in stages for h in s.hard],
        "stages": [
            {"week": s.week, "status": s.status, "cost": s.cost, "seconds": round(s.seconds, 2)}
            for s in stages
        ],
    }
    if static_limit > 0:
        static = solve_static(
            sc, start, data, params.model_copy(update={"time_limit": static_limit})
        )
        result["static"] = {
            "status": static.status,
            "cost": static.cost,
            "bound": static.bound,
            "seconds": round(static.seconds, 2),
        }
    folder = Path(output)
    make_folder(folder)
    for s in stages:
        write_atomic(folder / f"sol-week{s.week}.txt", fmt.solution_text(s.solution))
        write_atomic(folder / f"history-week{s.week}.txt", fmt.history_text(s.history, sc))
    write_atomic(folder / "result.json", json.dumps(result, indent=2) + "\n")
    if not quiet:
        line = ", ".join(f"{k} {v}" for k, v in judged.categories().items() if v)
        click.echo(f"{sc.name}: cost {judged.total} ({line})", err=True)
        if "static" in result:
            click.echo(f"static problem: {result['static']}", err=True)
    for breach in result["hard"]:  # type: ignore[attr-defined]
        click.echo(f"VIOLATION {breach}", err=True)
    if result["hard"] or judged.total != result["engine_cost"]:
        if judged.total != result["engine_cost"]:
            click.echo(
                f"MISMATCH engine {result['engine_cost']} != evaluator {judged.total}", err=True
            )
        sys.exit(1)
