"""Compile a LinearModel to a MIP with PuLP and solve it with CBC, or HiGHS when available.

It compiles the same LinearModel as the CP-SAT backend, so no rule is written twice:

- every variable is integer, with the model's bounds; `lo <= a.x <= hi` becomes an equality,
  or one or two inequalities;
- an enforcement literal z becomes a big-M taken from the activity's own range over the
  bounds (`least <= a.x <= most`, as cpsat.py closes open sides): `a.x + (most - hi) z <= most`
  and `a.x - (lo - least) z >= least`, so z = 1 enforces the constraint and z = 0 leaves it
  no tighter than the bounds already are;
- the objective (the sum of the named terms) is divided by the gcd of its coefficients before
  it is handed over (weights times OBJ_SCALE share a large factor: the solver's floats get
  far smaller numbers); every value reported is recomputed exactly from the solution's
  integer values (the solver's floats, rounded, and checked against every constraint), in
  the LinearModel's units;
- hints become a MIP start: `setInitialValue` on the hinted variables, written as CBC's
  `-mips` file (a partial start, which CBC completes) or HiGHS's `--read_solution_file`.

The solver is HiGHS (`highs` on PATH, run as a command: highspy is never imported, its HiGHS
clashes with the copy inside OR-Tools), else the CBC that PuLP bundles. It runs as a subprocess
in its own session, so that a signal reaches it only through us: SIGINT or SIGTERM forwards
SIGINT, on which CBC stops and writes its best solution (HiGHS has no such handler: it stops
without one). Its log (stdout) is read as it comes, for the progress lines, the time of the
first solution, the final status and the best bound. PuLP's CBC interface does not return the
bound, hence the log: a status is `optimal` only on CBC's "Result - Optimal solution found" or
HiGHS's "Status Optimal" (both run with a zero relative gap); the bound is the last of CBC's
"Lower bound:" / "best possible" / continuous objective, or HiGHS's "Dual bound", rounded up to
the integer objective it bounds (never above the incumbent).
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import reduce
from pathlib import Path
from typing import IO, Literal

import pulp

from maillage.solver.backends.common import BackendResult, BackendStatus, polish_reserve
from maillage.solver.budget import Budget, Stop
from maillage.solver.model.linear import Constraint, LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.progress import ProgressPrinter

Engine = Literal["cbc", "highs"]
Row = tuple[dict[int, int], int, int]  # terms {var: coef}, PuLP sense, right-hand side

# Beyond the time limit, a solver still running is asked to stop (SIGINT), then killed.
STOP_GRACE_SECONDS = 2.0
KILL_GRACE_SECONDS = 5.0


def engine() -> Engine:
    """HiGHS when a `highs` executable is on PATH, else PuLP's bundled CBC."""
    return "highs" if shutil.which("highs") else "cbc"


# -- compiling -------------------------------------------------------------------------------


@dataclass
class Compiled:
    problem: pulp.LpProblem
    variables: list[pulp.LpVariable]  # by LinearModel index
    scale: int  # the LinearModel's objective = scale x the MIP's
    infeasible: bool = False  # a constraint without variables that cannot hold


def activity_range(lm: LinearModel, terms: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """Least and most of sum(coef * var) over the variables' bounds, for (var, coef) terms."""
    least = most = 0
    for var, coef in terms:
        low, high = coef * lm.lower[var], coef * lm.upper[var]
        least += min(low, high)
        most += max(low, high)
    return least, most


def rows(lm: LinearModel, con: Constraint) -> list[Row]:
    """The constraint as MIP rows; an enforced one with big-M from its activity range."""
    terms = dict(zip(con.vars, con.coefs, strict=True))
    if con.enforce is None:
        if con.lo is not None and con.lo == con.hi:
            return [(terms, pulp.LpConstraintEQ, con.lo)]
        out = [] if con.lo is None else [(terms, pulp.LpConstraintGE, con.lo)]
        return out + ([] if con.hi is None else [(terms, pulp.LpConstraintLE, con.hi)])
    least, most = activity_range(lm, terms.items())
    z, out = con.enforce, []
    if con.lo is not None and least < con.lo:  # z = 1: a.x >= lo; z = 0: a.x >= least
        out.append((_plus(terms, z, -(con.lo - least)), pulp.LpConstraintGE, least))
    if con.hi is not None and most > con.hi:  # z = 1: a.x <= hi; z = 0: a.x <= most
        out.append((_plus(terms, z, most - con.hi), pulp.LpConstraintLE, most))
    return out


def _plus(terms: dict[int, int], var: int, coef: int) -> dict[int, int]:
    out = dict(terms)
    out[var] = out.get(var, 0) + coef
    if out[var] == 0:
        del out[var]
    return out


def _holds_empty(sense: int, rhs: int) -> bool:
    if sense == pulp.LpConstraintEQ:
        return rhs == 0
    return rhs <= 0 if sense == pulp.LpConstraintGE else rhs >= 0


def _variable(problem: pulp.LpProblem, name: str, lo: int, hi: int) -> pulp.LpVariable:
    if hasattr(problem, "add_variable"):  # PuLP >= 3.3
        return problem.add_variable(name, lo, hi, cat=pulp.LpInteger)
    return pulp.LpVariable(name, lo, hi, cat=pulp.LpInteger)


def compile_model(lm: LinearModel) -> Compiled:
    problem = pulp.LpProblem("maillage", pulp.LpMinimize)
    variables = [
        _variable(problem, f"x{i}", lo, hi)
        for i, (lo, hi) in enumerate(zip(lm.lower, lm.upper, strict=True))
    ]
    compiled = Compiled(problem, variables, 1)
    for k, con in enumerate(lm.constraints):
        for j, (terms, sense, rhs) in enumerate(rows(lm, con)):
            if not terms:
                compiled.infeasible |= not _holds_empty(sense, rhs)
                continue
            expr = pulp.LpAffineExpression([(variables[v], c) for v, c in terms.items()])
            problem.addConstraint(pulp.LpConstraint(expr, sense, f"c{k}_{j}", rhs))
    objective: dict[int, int] = {}
    for terms_ in lm.objective.values():
        for coef, var in terms_:
            objective[var] = objective.get(var, 0) + coef
    objective = {v: c for v, c in objective.items() if c}
    compiled.scale = reduce(math.gcd, (abs(c) for c in objective.values()), 0) or 1
    problem.setObjective(
        pulp.LpAffineExpression([(variables[v], c // compiled.scale) for v, c in objective.items()])
    )
    for var, value in lm.hints.items():
        variables[var].setInitialValue(min(max(value, lm.lower[var]), lm.upper[var]))
    return compiled


def objective_value(lm: LinearModel, values: list[int]) -> int:
    return sum(lm.term_values(values).values())


def violation(lm: LinearModel, values: list[int]) -> str | None:
    """The first bound or constraint the values break (exact integer arithmetic), if any."""
    for i, value in enumerate(values):
        if not lm.lower[i] <= value <= lm.upper[i]:
            return f"{lm.names[i]} = {value} outside [{lm.lower[i]}, {lm.upper[i]}]"
    for k, con in enumerate(lm.constraints):
        if con.enforce is not None and values[con.enforce] == 0:
            continue
        activity = sum(c * values[v] for v, c in zip(con.vars, con.coefs, strict=True))
        if (con.lo is not None and activity < con.lo) or (con.hi is not None and activity > con.hi):
            where = k if con.tag is None else con.tag
            return f"constraint {where}: {con.lo} <= {activity} <= {con.hi}"
    return None


# -- reading the solver's log ----------------------------------------------------------------

_NUMBER = r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf)"
_CBC_SOLUTION = re.compile(rf"Integer solution of {_NUMBER} found.*\(([\d.]+) seconds\)")
_CBC_START = re.compile(rf"MIPStart provided solution with cost {_NUMBER}")
_CBC_BOUND = re.compile(rf"best possible {_NUMBER}(?: \(([\d.]+) seconds\))?")
_CBC_CONTINUOUS = re.compile(rf"^Continuous objective value is {_NUMBER}")
_CBC_LOWER = re.compile(rf"^Lower bound:\s+{_NUMBER}")
_CBC_OBJECTIVE = re.compile(rf"^Objective value:\s+{_NUMBER}")
_NUMBER_ONLY = re.compile(_NUMBER)
_HIGHS_FIELD = re.compile(r"^\s*(Model status|Status|Primal bound|Dual bound)\s*:?\s+(.+?)\s*$")


def lower_end(text: str) -> float:
    """The least value a printed number may stand for: logs print bounds rounded (CBC's
    progress lines to 8 digits, "-1.8482348e+09" for -1848234838), and a rounded-up lower bound
    would claim more than was proven."""
    m = re.fullmatch(r"\s*[-+]?\d*\.?(\d*)(?:[eE]([-+]?\d+))?\s*", text)
    value = float(text)
    if m is None or not math.isfinite(value):
        return value
    return value - 0.5 * 10.0 ** (int(m[2] or 0) - len(m[1]))


@dataclass
class SolverLog:
    """What the log says, in the MIP's (scaled) objective units, minimised."""

    engine: Engine
    scale: int
    printer: ProgressPrinter
    started: float = field(default_factory=time.monotonic)
    lines: list[str] = field(default_factory=list)
    result: str = ""  # CBC's "Result - ..." or HiGHS's model status
    incumbent: float | None = None
    bound: float | None = None
    first: float | None = None
    no_solution: bool = False

    def follow(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.lines.append(line)
            self.read(line.rstrip("\r\n"))

    def read(self, line: str) -> None:
        if self.engine == "cbc":
            self._cbc(line)
        else:
            self._highs(line)

    def _improved(self, value: float, seconds: float) -> None:
        if self.first is None:
            self.first = seconds
        if self.incumbent is None or value < self.incumbent:
            self.incumbent = value
            bound = value if self.bound is None else min(self.bound, value)
            self.printer.solution(seconds, value * self.scale, bound * self.scale)

    def _lower(self, text: str, seconds: float | None = None) -> None:
        value = lower_end(text)
        if math.isfinite(value) and (self.bound is None or value > self.bound):
            self.bound = value
            if seconds is not None:
                self.printer.bound(seconds, value * self.scale)

    def _cbc(self, line: str) -> None:
        if m := _CBC_SOLUTION.search(line):
            self._improved(float(m[1]), float(m[2]))
        elif m := _CBC_START.search(line):
            self._improved(float(m[1]), time.monotonic() - self.started)
        elif m := _CBC_BOUND.search(line):
            self._lower(m[1], None if m[2] is None else float(m[2]))
        elif (m := _CBC_CONTINUOUS.search(line)) or (m := _CBC_LOWER.search(line)):
            self._lower(m[1])
        elif m := _CBC_OBJECTIVE.search(line):
            if float(m[1]) < 1e49:
                self.incumbent = float(m[1])
        elif line.startswith("Result - "):
            self.result = line[len("Result - ") :].strip()
        elif line.startswith(("Problem is infeasible", "Pre-processing says infeasible")):
            self.result = line.strip()  # before any search (every variable is bounded, so a
            # pre-processing "infeasible or unbounded" is infeasible)
        elif "No feasible solution found" in line:
            self.no_solution = True

    def _highs(self, line: str) -> None:
        m = _HIGHS_FIELD.match(line)
        if m is None:
            return
        key, value = m[1], m[2]
        if key in ("Model status", "Status"):
            self.result = value
            return
        text = value.split()[0]
        if key == "Primal bound" and _NUMBER_ONLY.fullmatch(text) and math.isfinite(float(text)):
            self.incumbent = float(text)
        elif key == "Dual bound" and _NUMBER_ONLY.fullmatch(text):
            self._lower(text)

    def status(self, has_solution: bool) -> BackendStatus:
        result = self.result.lower()
        if has_solution and (
            result.startswith("optimal")  # CBC: "Optimal solution found"; HiGHS: "Optimal"
        ):
            return "optimal"
        if "infeasible" in result and not has_solution:
            return "infeasible"
        return "feasible" if has_solution else "unknown"

    @property
    def claims_solution(self) -> bool:
        return not self.no_solution and self.incumbent is not None


# -- running the solver ----------------------------------------------------------------------


def _cbc_path() -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PuLP 3.3 nudges to COIN_CMD
        return str(pulp.PULP_CBC_CMD(msg=False).path)


def _seed(seed: int) -> int:
    return 1 + seed % 2_147_483_646  # CBC and CLP take 0 as "seed from the clock"


@dataclass
class _Files:
    mps: Path
    solution: Path
    start: Path | None
    names: dict[str, str]  # PuLP variable name -> name in the MPS file


def _write(compiled: Compiled, lm: LinearModel, folder: Path, which: Engine) -> _Files:
    mps, solution = folder / "model.mps", folder / "model.sol"
    _, names, _, _ = compiled.problem.writeMPS(str(mps), rename=True)
    start = None
    hinted = [(i, v) for i, v in enumerate(compiled.variables) if v.varValue is not None]
    if hinted:
        start = folder / "start.sol"
        if which == "cbc":  # CBC's -mips: a partial start is completed by CBC
            lines = ["Stopped on time - objective value 0\n"]
            lines += [
                f"{i:>7} {names[v.name]} {round(v.varValue):>15} 0\n"
                for i, v in hinted
                if v.name in names
            ]
        else:  # HiGHS wants every column: the unhinted at their lower bound
            given = {i: round(v.varValue) for i, v in hinted}
            columns = [
                f"{names[v.name]} {given.get(i, lm.lower[i])}\n"
                for i, v in enumerate(compiled.variables)
                if v.name in names
            ]
            lines = ["Model status\n", "None\n", "\n", "# Primal solution values\n"]
            lines += ["Feasible\n", "\n", f"# Columns {len(columns)}\n", *columns]
        start.write_text("".join(lines), encoding="utf-8")
    return _Files(mps, solution, start, names)


def _command(files: _Files, params: SolveParams, seconds: float, which: Engine) -> list[str]:
    seconds = max(0.1, seconds)
    if which == "cbc":
        args = [_cbc_path(), str(files.mps), "-sec", f"{seconds:.3f}", "-timeMode", "elapsed"]
        args += ["-randomSeed", str(_seed(params.seed)), "-randomCbcSeed", str(_seed(params.seed))]
        args += ["-ratioGap", "0"]
        if params.workers > 1:
            args += ["-threads", str(params.workers)]
        if files.start is not None:
            args += ["-mips", str(files.start)]
        return [*args, "-solve", "-printingOptions", "all", "-solution", str(files.solution)]
    options = files.mps.with_name("highs.opt")
    options.write_text(
        "\n".join(
            [
                f"solution_file={files.solution}",
                "write_solution_to_file=true",
                "write_solution_style=0",
                "mip_rel_gap=0",
                f"threads={params.workers}",
                f"random_seed={params.seed % 2_147_483_647}",
                "log_to_console=true",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    args = [shutil.which("highs") or "highs", str(files.mps), f"--options_file={options}"]
    args.append(f"--time_limit={seconds:.3f}")
    if files.start is not None:
        args.append(f"--read_solution_file={files.start}")
    return args


def _read_values(files: _Files, compiled: Compiled, which: Engine) -> dict[str, float]:
    """Values by PuLP variable name, from the solution file."""
    if not files.solution.exists() or files.solution.stat().st_size == 0:
        return {}
    by_file: dict[str, float] = {}
    if which == "cbc":
        with files.solution.open(encoding="utf-8") as handle:
            next(handle, None)  # the status line
            for line in handle:
                parts = line.split()
                if parts and parts[0] == "**":  # CBC marks values breaking a row or bound
                    parts = parts[1:]
                if len(parts) >= 3:
                    by_file[parts[1]] = float(parts[2])
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            by_file = pulp.HiGHS_CMD(msg=False).readsol(str(files.solution))
    return {name: by_file[renamed] for name, renamed in files.names.items() if renamed in by_file}


def _run(
    lm: LinearModel,
    compiled: Compiled,
    params: SolveParams,
    seconds: float,
    printer: ProgressPrinter,
    stop: Stop | None = None,
) -> BackendResult:
    """One solve of a compiled model; values checked against the LinearModel. `stop` asks
    the solver to stop (without one, a signal does)."""
    started = time.monotonic()
    own = stop is None
    stop = Stop() if stop is None else stop
    if compiled.infeasible:
        return BackendResult("infeasible", None, None, None, 0.0, None)
    which = engine()
    log = SolverLog(which, compiled.scale, printer)
    process: list[subprocess.Popen[bytes]] = []

    def halt() -> None:
        for proc in process:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)  # CBC stops and writes its best solution

    with tempfile.TemporaryDirectory(prefix="maillage-mip-") as folder:
        files = _write(compiled, lm, Path(folder), which)
        command = _command(files, params, seconds - (time.monotonic() - started), which)
        signals = stop.on_signals() if own else contextlib.nullcontext(stop)
        with signals:
            log.started = time.monotonic()
            proc, output = _launch(command, folder)
            process.append(proc)
            with stop.calling(halt):
                reader = threading.Thread(target=log.follow, args=(output,), daemon=True)
                reader.start()
                _wait(proc, started + seconds)
                reader.join(KILL_GRACE_SECONDS)
        by_name = _read_values(files, compiled, which) if log.claims_solution else {}
    elapsed = time.monotonic() - started
    was_interrupted = stop.interrupted
    if not by_name:
        status = log.status(False)
        return BackendResult(status, None, None, None, elapsed, None, was_interrupted)
    values = [
        min(max(round(by_name.get(v.name, lm.lower[i])), lm.lower[i]), lm.upper[i])
        for i, v in enumerate(compiled.variables)
    ]
    broken = violation(lm, values)
    if broken is not None:
        raise RuntimeError(f"{which} returned a solution that breaks {broken}")
    objective = objective_value(lm, values)
    status = log.status(True)
    bound = objective if status == "optimal" else _bound(log, compiled.scale, objective)
    return BackendResult(status, values, objective, bound, elapsed, log.first, was_interrupted)


def _launch(command: list[str], folder: str) -> tuple[subprocess.Popen[bytes], Iterator[str]]:
    """Start the solver in its own session (a terminal's Ctrl-C reaches it only through us),
    its output on a pseudo-terminal where there is one: through a pipe, CBC's C library would
    hold its log lines back in 4 KiB blocks, and progress would come in bursts."""
    try:
        import pty

        reading, writing = pty.openpty()
    except (ImportError, OSError):  # no pseudo-terminals here: a pipe
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=folder,
            start_new_session=True,
        )
        assert proc.stdout is not None
        return proc, _lines(proc.stdout.fileno(), proc.stdout)
    try:
        proc = subprocess.Popen(
            command,
            stdout=writing,
            stderr=writing,
            stdin=subprocess.DEVNULL,
            cwd=folder,
            start_new_session=True,
        )
    except BaseException:
        os.close(reading)
        raise
    finally:
        os.close(writing)
    return proc, _lines(reading, None)


def _lines(fd: int, owner: IO[bytes] | None) -> Iterator[str]:
    """Decoded lines from a file descriptor until end of file (a pseudo-terminal says EIO
    once the solver has exited); closes it."""
    pending = b""
    try:
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for line in complete:
                yield line.decode("utf-8", "replace") + "\n"
        if pending:
            yield pending.decode("utf-8", "replace")
    finally:
        if owner is not None:
            owner.close()
        else:
            os.close(fd)


def _wait(proc: subprocess.Popen[bytes], deadline: float) -> None:
    """Wait for the solver in short steps (signals are handled meanwhile); past the deadline
    ask it to stop, then kill it."""
    asked: float | None = None
    while proc.poll() is None:
        now = time.monotonic()
        if asked is None and now > deadline + STOP_GRACE_SECONDS:
            proc.send_signal(signal.SIGINT)
            asked = now
        elif asked is not None and now > asked + KILL_GRACE_SECONDS:
            proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(0.05)


def _bound(log: SolverLog, scale: int, objective: int) -> int | None:
    """The log's best lower bound, rounded up to the integer objective it bounds."""
    if log.bound is None:
        return None
    slack = 1e-9 * max(1.0, abs(log.bound))  # the solver's float arithmetic
    return min(objective, math.ceil(log.bound - slack) * scale)


# -- the backend -----------------------------------------------------------------------------


def solve(lm: LinearModel, params: SolveParams, budget: Budget) -> BackendResult:
    if budget.stopped:
        return BackendResult("unknown", None, None, None, 0.0, None, budget.interrupted)
    time_limit = budget.left()
    if budget.soft_seconds is not None:  # CBC cannot stop "at the first solution after S"
        time_limit = min(time_limit, budget.soft_seconds)
    deadline = time.monotonic() + time_limit
    lm = _completed_start(lm, params, params.stages.polish.mip_share * time_limit)
    compiled = compile_model(lm)
    # Unlike CP-SAT's last solutions, CBC's incumbent often comes from a heuristic that left
    # its rota's coverage under-allocated: keep time to polish it.
    reserve = polish_reserve(params, time_limit, share=params.stages.polish.mip_share)
    seconds = deadline - reserve - time.monotonic()
    result = _run(lm, compiled, params, seconds, budget.printer, budget.stop)
    if result.status != "feasible" or result.values is None or result.objective is None:
        return result
    polish = min(params.polish_seconds, deadline - time.monotonic())
    if result.interrupted:
        polish = min(polish, params.stages.polish.interrupted_seconds)
    if polish > 0.05:
        values, objective = _polish(lm, result.values, result.objective, params, polish)
        bound = None if result.bound is None else min(result.bound, objective)
        result = replace(result, values=values, objective=objective, bound=bound)
    return result


def _completed_start(lm: LinearModel, params: SolveParams, seconds: float) -> LinearModel:
    """The model with a whole MIP start where its hints give a rota (every decision) and
    nothing else: CBC completes a partial start from its LP, and drops it when a few
    auxiliaries come out fractional, so the hinted rota is lost. Its flows and slacks are
    solved here instead, as a MIP of their own (the rota fixed), within `seconds`."""
    hints = lm.hints
    if not hints or len(hints) == lm.num_vars or any(d not in hints for d in lm.decisions):
        return lm
    rota = {d: min(max(hints[d], lm.lower[d]), lm.upper[d]) for d in lm.decisions}
    result = _solve_rota(lm, rota, hints, params, seconds)
    if result.values is None:  # the rota breaks a hard rule, or no time: CBC's own completion
        return lm
    return lm.fixed({}, hints=dict(enumerate(result.values)))


def _solve_rota(
    lm: LinearModel,
    rota: Mapping[int, int],
    hints: Mapping[int, int],
    params: SolveParams,
    seconds: float,
) -> BackendResult:
    """The model with the rota's decisions fixed, its flows and slacks solved (quietly)."""
    fixed = lm.fixed(rota, hints=hints)
    return _run(fixed, compile_model(fixed), params, seconds, ProgressPrinter(False))


def _polish(
    lm: LinearModel, values: list[int], objective: int, params: SolveParams, seconds: float
) -> tuple[list[int], int]:
    """Fix the rota and re-optimise the rest (flows, slacks), so every term is exact for it:
    an incumbent found before the search ends need not allocate its rota's coverage best."""
    rota = {var: values[var] for var in lm.decisions}
    result = _solve_rota(lm, rota, dict(enumerate(values)), params, seconds)
    if result.values is not None and result.objective is not None and result.objective <= objective:
        return result.values, result.objective
    return values, objective
