"""The `maillage` command: a thin layer over maillage.models and maillage.solver.

Exit codes: 0 success; 1 infeasible, no rota found, or rule violations found; 2 bad input;
3 internal error (a bug: please report it with the input).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Literal, NoReturn

import click

from maillage.cli import options
from maillage.cli.options import stage_mode
from maillage.cli.output import OutputPath, output_errors, write_atomic
from maillage.cli.scenario_options import whatif_scenarios
from maillage.models.errors import InputError
from maillage.models.instance import Instance
from maillage.models.limits import MAX_SEED
from maillage.models.load import load_instance, load_solution
from maillage.models.solution import Solution, Status

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _rule_names() -> list[str]:
    from maillage.solver.rules import RULES

    return [r.name for r in RULES]


def _load(path: str, max_bytes: int) -> Instance:
    return load_instance(path, known_rules=_rule_names(), max_bytes=max_bytes)


def _dump(model: Solution | dict[str, Any]) -> str:
    if isinstance(model, Solution):
        return model.model_dump_json(indent=2) + "\n"
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="maillage")
def cli() -> None:
    """Monthly rotas for salaried health centres, maximising unmet care need within reach."""


@cli.command()
@click.argument("instance", type=str)
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    default=None,
    help="Write the solution JSON here (atomically) instead of stdout.",
)
@options.time_limit
@options.workers
@click.option(
    "--backend",
    type=click.Choice(["cpsat", "mip"]),
    default=None,
    help="cpsat (OR-Tools CP-SAT) or mip (HiGHS if `highs` is on PATH, else CBC); conflicts "
    "are always explained with CP-SAT. [default: cpsat]",
)
@options.seed
@click.option(
    "--params",
    "params_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="SolveParams JSON file; command-line options override it.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@stage_mode(
    "--neighbourhood",
    "Build and improve the rota a few people at a time before the whole model (auto: for "
    "models of at least 3,000 decisions; on smaller ones after column generation, moves next "
    "to the whole model, one worker each, until neither improves for a minute).",
    params_file=True,
)
@stage_mode(
    "--colgen",
    "Column generation over people first: a lower bound, and a rota from the decisions its "
    "LP optimum agrees on (auto: rostering models without commune flows, 300 decisions or "
    "more, at most 200 a person).",
    params_file=True,
)
@stage_mode(
    "--branching",
    "After column generation, where weekends are capped: branch and price over the weekend "
    "days each person works, at most half of the time left (auto: once its LP optimum is "
    "reached).",
    params_file=True,
)
@click.option(
    "--relax",
    is_flag=True,
    help="Let hard rules break at a heavy price; return the rota breaking the fewest.",
)
@click.option(
    "--report",
    "report_path",
    type=OutputPath(),
    default=None,
    help="Also write the HTML report of the rota here (see `maillage report`).",
)
@options.max_size
def solve(
    instance: str,
    output: str | None,
    time_limit: float | None,
    workers: int | None,
    backend: str | None,
    seed: int | None,
    params_file: str | None,
    quiet: bool,
    neighbourhood: str | None,
    colgen: str | None,
    branching: str | None,
    relax: bool,
    report_path: str | None,
    max_size: int,
) -> None:
    """Solve INSTANCE (a JSON file, or - for stdin) and print or write the rota JSON."""
    from maillage.solver import SolveParams
    from maillage.solver import solve as run

    inst = _load(instance, max_size)
    params = SolveParams()
    if params_file:  # bad parameters are bad input (exit 2), with their JSON path
        from maillage.models.load import parse, read_text

        params = parse(SolveParams, read_text(params_file, max_size), params_file)
    overrides = {
        "time_limit": time_limit,
        "workers": workers,
        "backend": backend,
        "seed": seed,
        "relax": relax or None,
        "neighbourhood": neighbourhood,
        "colgen": colgen,
        "branching": branching,
    }
    params = params.model_copy(
        update={k: v for k, v in overrides.items() if v is not None} | {"progress": not quiet}
    )
    solution = run(inst, params)
    if solution.interrupted and solution.objective is None:
        click.echo("interrupted before any rota was found; nothing written", err=True)
        sys.exit(EXIT_FAIL)
    write_atomic(output, _dump(solution))
    if report_path is not None and solution.objective is not None:  # --report
        from maillage.solver.report import render

        write_atomic(report_path, render(inst, solution))
    if not quiet:
        _summary(solution)
    if solution.status not in (Status.optimal, Status.feasible):
        sys.exit(EXIT_FAIL)


def _summary(solution: Solution) -> None:
    for conflict in solution.conflicts:
        click.echo(f"{conflict.kind}: {conflict.message}", err=True)
    if solution.objective is None:
        click.echo(f"status: {solution.status.value} (no rota)", err=True)
        return
    if solution.interrupted:
        click.echo("interrupted: the best rota found so far", err=True)
    # no proven bound (a part whose rota came with none): say so rather than print a zero
    bound = "none" if solution.bound is None else f"{solution.bound:.3f}"
    gap = "unknown" if solution.gap is None else f"{100 * solution.gap:.2f}%"
    click.echo(
        f"status: {solution.status.value}, objective {solution.objective.total:.3f}, "
        f"bound {bound}, gap {gap}",
        err=True,
    )
    click.echo(
        f"need within reach: {solution.served_need_per_week:.1f} consultations/week; "
        f"{len(solution.assignments)} assignments; {len(solution.violations)} soft-rule "
        "violations",
        err=True,
    )
    for term, why in (solution.objective.unproven or {}).items():
        click.echo(f"term {term} not proven exact: {why}", err=True)


@cli.command()
@click.argument("instance", type=str)
@options.max_size
def validate(instance: str, max_size: int) -> None:
    """Check INSTANCE against the schema and its cross-references."""
    inst = _load(instance, max_size)
    click.echo(
        f"{instance}: valid ({len(inst.staff)} staff, {len(inst.sites)} sites, "
        f"{len(inst.communes)} communes, {inst.horizon.days} days)"
    )


@cli.command()
@click.argument("instance", type=str)
@click.argument("solution", type=str)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@options.max_size
def check(instance: str, solution: str, as_json: bool, max_size: int) -> None:
    """Verify SOLUTION against INSTANCE independently of the solver: hard rules and terms."""
    from maillage.solver import check as run

    inst = _load(instance, max_size)
    sol = load_solution(solution, max_size)
    report = run(inst, sol)
    ev = report.evaluation
    if as_json:
        click.echo(
            _dump(
                {
                    "ok": report.ok,
                    "hard_violations": [v.model_dump(mode="json") for v in ev.hard],
                    "mismatches": report.mismatches,
                    "notes": report.notes,
                    "terms": ev.terms,
                    "total": ev.total,
                    "soft_violations": len(ev.soft),
                }
            ),
            nl=False,
        )
    else:
        for v in ev.hard:
            click.echo(f"VIOLATION {v.rule}: {v.message}")
        for m in report.mismatches:
            click.echo(f"MISMATCH {m}")
        for note in report.notes:
            click.echo(f"NOTE {note}")
        terms = ", ".join(f"{k} {v:.3f}" for k, v in ev.terms.items() if v)
        click.echo(
            f"{'OK' if report.ok else 'FAILED'}: {len(ev.hard)} hard-rule violation(s), "
            f"{len(report.mismatches)} mismatch(es); objective {ev.total:.3f} ({terms})"
        )
    if not report.ok:
        sys.exit(EXIT_FAIL)


@cli.command()
@click.argument("which", type=click.Choice(["instance", "solution"]), default="instance")
def schema(which: str) -> None:
    """Print the JSON Schema of an instance or a solution."""
    model = Instance if which == "instance" else Solution
    click.echo(_dump(model.model_json_schema(by_alias=True)), nl=False)


@cli.command()
@click.option(
    "--profile",
    "profile",
    default=None,
    help="List what a rule profile sets, value and article, then the service's work patterns.",
)
def rules(profile: str | None) -> None:
    """List every rule: name, hard or soft, default weight, what it says."""
    from maillage.models.instance import DEFAULT_PROFILE, PROFILES, Weights
    from maillage.solver.rules import RULES

    if profile is not None:
        _profile(profile)
        return
    defaults = Weights()
    for rule in RULES:
        kind = "hard" if rule.hard else f"soft, weight {getattr(defaults, rule.weight or '', 0):g}"
        first = " ".join(rule.summary.split("\n\n")[0].split())
        click.echo(f"{rule.name:<26} {kind:<20} {first}")
    names = ", ".join(f"{n} (default)" if n == DEFAULT_PROFILE else n for n in PROFILES)
    click.echo(f"Rule profiles: {names}; `maillage rules --profile NAME` lists one.")


def _profile(name: str) -> None:
    """What the profile sets, the service's work patterns apart (they are not law)."""
    from maillage.models.instance import PROFILE_SOURCES, PROFILES, WORK_PATTERNS

    if name not in PROFILES:
        click.echo(
            f"error: no rule profile {name!r}; the profiles are {', '.join(PROFILES)}", err=True
        )
        sys.exit(EXIT_INPUT)
    set_by = PROFILES[name].model_dump(exclude_none=True)
    click.echo(f"Profile {name}:")
    for field, value in set_by.items():
        click.echo(f"  {field:<30} {value:<8g} {PROFILE_SOURCES[name].get(field, '')}")
    click.echo("The service's work patterns (not law; an instance or person may change them):")
    for field, value in WORK_PATTERNS.model_dump(exclude_none=True).items():
        click.echo(f"  {field:<30} {value:g}")
    legal = set_by.get("max_days_per_week")
    within = f" within the profile's {legal}" if legal is not None else ""
    click.echo(f"  {'max_days_per_week':<30} ceil(5 x fte){within} (5 for a full-timer)")


# -- reports and exports (tracker issue 6) ---------------------------------------------------
lang_option = click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Language of the labels.",
)


@cli.command()
@click.argument("instance", type=str)
@click.argument("solution", type=str)
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    required=True,
    help="HTML file to write (atomically).",
)
@click.option(
    "--compare",
    metavar="EARLIER_SOLUTION",
    default=None,
    help="An earlier rota of INSTANCE (e.g. the published one before a re-plan): "
    "highlight what changed since and list the changes per person.",
)
@lang_option
@options.max_size
def report(
    instance: str,
    solution: str,
    output: str,
    compare: str | None,
    lang: Literal["fr", "en"],
    max_size: int,
) -> None:
    """Write a self-contained HTML report of SOLUTION: grids, people, on-calls, map."""
    from maillage.models.validate import check_rota
    from maillage.solver.report import render

    inst = _load(instance, max_size)
    sol = load_solution(solution, max_size)
    earlier = None
    if compare is not None:
        earlier = load_solution(compare, max_size)
        check_rota(inst, earlier, compare)  # the file named in the message
    write_atomic(output, render(inst, sol, lang, compare=earlier))


@cli.command()
@click.argument("instance", type=str)
@click.argument("solution", type=str)
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write assignments.csv and staff.csv into this folder.",
)
@click.option(
    "--ics",
    "ics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write one iCalendar file per person into this folder.",
)
@click.option("--combined", is_flag=True, help="With --ics: one calendar for everybody.")
@lang_option
@options.max_size
def export(
    instance: str,
    solution: str,
    csv_dir: str | None,
    ics_dir: str | None,
    combined: bool,
    lang: Literal["fr", "en"],
    max_size: int,
) -> None:
    """Export SOLUTION as CSV (payroll) and/or iCalendar (staff calendars)."""
    from maillage.solver.report import write_csv, write_ics

    if csv_dir is None and ics_dir is None:
        raise click.UsageError("give --csv DIR and/or --ics DIR")
    if combined and ics_dir is None:
        raise click.UsageError("--combined goes with --ics DIR")
    inst = _load(instance, max_size)
    sol = load_solution(solution, max_size)
    written = []
    with output_errors():
        if csv_dir is not None:
            written += write_csv(inst, sol, csv_dir)
        if ics_dir is not None:
            written += write_ics(inst, sol, ics_dir, combined=combined, lang=lang)
    click.echo(f"wrote {len(written)} file(s)", err=True)


# -- what-if scenarios (tracker issue 5) -----------------------------------------------------
@cli.command()
@click.argument("instance", type=str)
@click.option("--recruit", multiple=True, metavar="ROLE:FTE[:START]", help="A recruit.")
@click.option(
    "--candidates",
    default=None,
    metavar="all|SITE,SITE",
    help="Home sites tried for each --recruit (one scenario each). [default: all]",
)
@click.option("--remove", multiple=True, metavar="STAFF_ID", help="A departure.")
@click.option("--fte", multiple=True, metavar="STAFF_ID:FTE", help="A change of FTE.")
@click.option("--leave", multiple=True, metavar="STAFF_ID:FROM:TO", help="A leave.")
@click.option(
    "--open-permanence",
    multiple=True,
    metavar="INSEE:PARENT[:mon,tue...]",
    help="A new permanence at a commune of the instance.",
)
@click.option("--close", multiple=True, metavar="SITE", help="A site closed.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds per solve.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Search threads per solve. [default: 1 with --jobs > 1, else 2]",
)
@click.option("--seed", type=click.IntRange(0, MAX_SEED), default=0, show_default=True)
@click.option(
    "--executor",
    type=click.Choice(["local", "cluster"]),
    default="local",
    show_default=True,
    help="Where the scenarios' solves run: this machine's process pool, or a Dask "
    "cluster (pip install 'maillage[cluster]'; docs/cluster.md).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="The Dask scheduler, e.g. tcp://host:8786, with --executor cluster. [default: "
    "$DASK_SCHEDULER_ADDRESS, else a local cluster of --jobs workers]",
)
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    default=None,
    help="Write the full JSON here (atomically).",
)
@options.max_size
def whatif(
    instance: str,
    recruit: tuple[str, ...],
    candidates: str | None,
    remove: tuple[str, ...],
    fte: tuple[str, ...],
    leave: tuple[str, ...],
    open_permanence: tuple[str, ...],
    close: tuple[str, ...],
    jobs: int,
    time_limit: float,
    workers: int | None,
    seed: int,
    executor: Literal["local", "cluster"],
    scheduler: str | None,
    output: str | None,
    max_size: int,
) -> None:
    """Solve INSTANCE and each scenario (warm-started from it) and print them ranked."""
    from maillage.solver import SolveParams
    from maillage.solver.apps.executors import executor_factory
    from maillage.solver.apps.whatif import StudyInterrupted, table
    from maillage.solver.apps.whatif import whatif as run

    pool = None if executor == "local" and not scheduler else executor_factory(executor, scheduler)
    inst = _load(instance, max_size)
    scenarios = whatif_scenarios(
        inst, recruit, candidates, remove, fte, leave, open_permanence, close
    )
    if not scenarios:
        raise click.UsageError(
            "give at least one scenario (--recruit, --remove, --fte, --leave, "
            "--open-permanence, --close)"
        )
    chosen = {} if workers is None else {"workers": workers}
    params = SolveParams(time_limit=time_limit, seed=seed, **chosen)
    try:
        result = run(inst, scenarios, params, jobs=jobs, executor=pool)
    except StudyInterrupted:
        where = "; its tasks on the cluster were stopped" if executor == "cluster" else ""
        click.echo(
            f"interrupted before every scenario was solved{where}; nothing written", err=True
        )
        sys.exit(130)
    click.echo(table(result), nl=False)
    if output is not None:
        write_atomic(output, result.model_dump_json(indent=2, by_alias=True) + "\n")


def _register() -> None:
    from maillage.cli.carry_command import carry
    from maillage.cli.cover_command import cover
    from maillage.cli.diff_command import diff
    from maillage.cli.generate_command import generate
    from maillage.cli.inrc2_command import inrc2
    from maillage.cli.nrp_command import nrp
    from maillage.cli.replan_command import replan
    from maillage.cli.serve_command import serve

    cli.add_command(nrp)
    cli.add_command(inrc2)
    cli.add_command(replan)
    cli.add_command(generate)
    cli.add_command(cover)
    cli.add_command(carry)
    cli.add_command(diff)
    cli.add_command(serve)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns every failure into a message and an exit code, never a traceback."""
    try:
        cli.main(args=argv, prog_name="maillage", standalone_mode=False)
    except InputError as error:
        click.echo(f"error: bad input in {error.source}:", err=True)
        for issue in error.issues:
            click.echo(f"  {issue}", err=True)
        sys.exit(EXIT_INPUT)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_INPUT)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except ImportError as error:
        # Ctrl-C while a compiled module (OR-Tools) initialises comes out as an ImportError
        # caused by the KeyboardInterrupt: a user's interruption, not a bug
        if not isinstance(error.__cause__ or error.__context__, KeyboardInterrupt):
            _internal(error)
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:
        _internal(error)


def _internal(error: Exception) -> NoReturn:
    """A bug: report it without a traceback unless asked."""
    if os.environ.get("MAILLAGE_DEBUG"):
        raise error
    click.echo(
        f"internal error: {type(error).__name__}: {error} (set MAILLAGE_DEBUG=1 for the traceback)",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
