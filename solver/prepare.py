"""An instance's model, built, hinted and pre-checked: what the search stages start from.

Preparation is the only step that writes a model's hints; the stages hint copies.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from maillage.models.errors import InputError, Issue
from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Assignment, Conflict
from maillage.solver.backends.cpsat import ModelRejected
from maillage.solver.conflicts import explain, prechecks
from maillage.solver.model import cycle_collector
from maillage.solver.model.build import Build
from maillage.solver.model.linear import OBJ_SCALE, LinearModel
from maillage.solver.params import SolveParams
from maillage.solver.rules import RULES

# The most the objective, or a constraint, may sum to: within 64 bits for every backend's
# arithmetic. Real instances stay far below; this stops only numbers set absurdly high.
MAX_REACH = 2**62


@dataclass
class Prepared:
    """An instance's model, built and pre-checked, ready to be searched (once or more)."""

    instance: Instance
    facts: Facts
    build: Build
    found: list[Conflict]  # what the pre-checks found (conflicts, warnings)
    started: float  # when the solve began (monotonic): its times count from it

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def build_model(instance: Instance, facts: Facts | None = None) -> Build:
    """The model of an instance, every active rule encoded; exposed for inspection and tests.
    InputError when its weights are too large for 64-bit arithmetic."""
    with cycle_collector.paused():
        build = Build(instance, RULES, facts)
        for rule in build.rules:
            rule.encode(build)
    reach = build.lm.term_reach()
    if sum(reach.values()) > MAX_REACH:
        term = max(reach, key=reach.__getitem__)
        most = MAX_REACH / OBJ_SCALE
        message = (
            f"the objective term {term!r} can reach {reach[term] / OBJ_SCALE:.3g}, more than "
            f"the {most:.3g} the whole objective may reach: lower the weights that multiply it"
        )
        raise InputError([Issue("$.weights", message)], "the instance")
    return build


def prepare(
    instance: Instance,
    params: SolveParams,
    hint: Sequence[Assignment] = (),
    facts: Facts | None = None,
    *,
    started: float | None = None,
) -> Prepared:
    """Build the model, hint it with `hint`, run the pre-checks, and with `params.relax`
    turn the hard rules into heavily weighted soft ones."""
    started = time.monotonic() if started is None else started
    facts = facts or Facts(instance)
    build = build_model(instance, facts)
    build.lm.hints = hints_of(build, hint)
    found = prechecks.run(build)
    if params.relax:
        explain.relax(build)
    return Prepared(instance, facts, build, found, started)


def hints_of(build: Build, rota: Sequence[Assignment]) -> dict[int, int]:
    """Every decision hinted 1 when the rota has it, else 0, and the worked-day variables
    with them (no rota: no hint): a MIP start CBC completes must not leave it to find
    which days are worked."""
    if not rota:
        return {}
    day = build.facts.day_index
    placed = {(a.staff, day(a.date), a.shift, a.site) for a in rota}
    hints = {var: int(key in placed) for key, var in build.x.items()}
    work = {s.id for s in build.instance.shifts if s.counts_as_work}
    worked = {(a.staff, day(a.date)) for a in rota if a.shift in work}
    for key, var in build.worked_day_variables().items():
        hints[var] = int(key in worked)
    return hints


def hinted(build: Build, rota: Sequence[Assignment]) -> LinearModel:
    """A copy of the model hinted with a rota (the model itself when the rota is empty)."""
    if not rota:
        return build.lm
    return build.lm.fixed({}, hints=hints_of(build, rota))


@contextmanager
def numbers_checked(lm: LinearModel) -> Iterator[None]:
    """CP-SAT's refusal of a model as bad input when a number of it is beyond 64-bit
    integers; scanning for that is slow on the largest models, so it is done only when
    CP-SAT refuses one."""
    try:
        yield
    except ModelRejected:
        worst, where = lm.largest()
        if worst <= MAX_REACH:
            raise  # a bug in a rule's encoding
        message = (
            f"a number is too large for the solver: the constraint {where!r} reaches "
            f"{worst:.3g}, beyond 64-bit integers ({MAX_REACH:.3g}); look for a "
            "value far above the others (a population, a need, hours, a count)"
        )
        raise InputError([Issue("$", message)], "the instance") from None
