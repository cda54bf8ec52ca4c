"""Solve parameters: a validated model, loadable from JSON, shared by the CLI and the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from maillage.models.limits import MAX_SEED

BackendName = Literal["cpsat", "mip"]
NeighbourhoodMode = Literal["auto", "on", "off"]


def _share(default: float, what: str) -> Any:
    return Field(default=default, ge=0, le=1, description=what)


def _seconds(default: float, what: str) -> Any:
    return Field(default=default, ge=0, description=what)


class _Stage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PriceAndFixParams(_Stage):
    """Column generation over people, then CP-SAT on the decisions its LP optimum leaves
    open (`maillage.solver.search.price_and_fix`)."""

    generation_share: float = _share(0.4, "Of the time limit, at most, for column generation.")
    fix_share: float = _share(0.15, "Of the time limit, at most, for the fixed model.")
    auto_min_decisions: int = Field(
        default=300,
        ge=0,
        description="auto: on from this many decisions (below, CP-SAT alone proves as fast).",
    )
    auto_max_decisions_per_person: int = Field(
        default=200,
        ge=1,
        description="auto: off above this many decisions a person (pricing "
        "one person is then too slow for the rounds to converge).",
    )
    auto_long_seconds: float = _seconds(
        600.0, "auto: from this time limit, `auto_long_max_decisions_per_person` applies."
    )
    auto_long_max_decisions_per_person: int = Field(
        default=400,
        ge=1,
        description="auto, from `auto_long_seconds`: off above this many decisions a person "
        "(with the time, a bound and an LP optimum not reached still guide the search).",
    )
    pricing_seconds: float = _seconds(
        1.0, "Per person and round: a slower pricing gives its proven bound instead."
    )


class BranchingParams(_Stage):
    """The branch and price over weekend days (`maillage.solver.search.weekend_branching`)."""

    share: float = _share(0.5, "Of the time left after price and fix, at most.")
    node_seconds: float = _seconds(
        10.0, "Column generation at one node, at most (its bound is valid when cut short)."
    )
    complete_seconds: float = _seconds(10.0, "CP-SAT on one weekend skeleton, at most.")


class NeighbourhoodParams(_Stage):
    """The neighbourhood search (`maillage.solver.search.lns`)."""

    auto_min_decisions: int = Field(
        default=3_000, ge=0, description="auto: on from this many decisions."
    )
    construction_share: float = _share(
        0.15, "Of the time limit, at most, for building the rota person by person."
    )
    whole_model_share: float = _share(
        0.1, "Of the time limit, kept for the backend on the whole model at the end."
    )
    whole_model_max_variables: int = Field(
        default=600_000,
        ge=0,
        description="Above, the whole model gets no share: the "
        "backend would not get through its presolve, and the moves go on instead.",
    )
    lp_share: float = _share(0.05, "Of the time limit, at most, for the LP relaxation.")
    move_seconds: float = _seconds(1.0, "The time limit of one move (less when time runs out).")
    max_move_seconds: float = _seconds(
        8.0, "The most a move's limit grows to after stalls (see `stall_seconds`)."
    )
    stall_seconds: float = _seconds(
        5.0,
        "Without a better rota for this long (times the move limit over its base), the "
        "move limit doubles: a rota no short move improves needs larger ones.",
    )
    min_step_seconds: float = _seconds(0.2, "A person's construction step gets at least this.")
    fast_move_seconds: float = _seconds(
        0.05, "A move proven within this (cut, solve, put back) makes the next one larger."
    )
    focused_share: float = _share(0.5, "Of the moves, those drawn around a penalty.")
    guided_share: float = _share(0.25, "Of the moves, those guided by the LP relaxation.")
    agreed_share: float = _share(
        1.0, "Of the moves, those guided by column generation's LP when it is the guide."
    )
    weekend_share: float = _share(
        0.5,
        "Of the moves guided by column generation's LP, those that free a few people's "
        "weekends, where weekends are capped.",
    )
    weekend_move_seconds: float = _seconds(6.0, "A weekend move's time limit.")


class SideBySideParams(_Stage):
    """The two searches run at once after column generation
    (`maillage.solver.search.side_by_side`)."""

    stall_seconds: float = _seconds(
        60.0,
        "No better rota from either for this long, with as long left: both stop and "
        "CP-SAT goes on alone with every worker.",
    )


class PartsParams(_Stage):
    """Independent parts (`maillage.solver.parts`)."""

    first_pass_share: float = _share(
        0.8, "Of the time limit, at most, for the first rota of every part."
    )
    min_round_seconds: float = _seconds(
        1.0, "No new round over the unproven parts with less time left."
    )
    start_by_centres_staff: int = Field(
        default=100,
        ge=0,
        description="A part with more staff gets its first rota from its centres solved apart.",
    )
    min_piece_seconds: float = _seconds(1.0, "A centre's first rota gets at least this.")
    min_fixed_seconds: float = _seconds(
        5.0, "Completing a large part's hint from its centres' rotas gets at least this."
    )


class PolishParams(_Stage):
    """Re-optimising coverage and slacks with the rota fixed, so that every reported term is
    exact for it (the backends' last step when a rota is not proven optimal)."""

    interrupted_seconds: float = _seconds(
        2.0, "After an interruption, at most this (the user is waiting)."
    )
    min_seconds: float = _seconds(
        0.25, "Kept at least, unless that is more than half the time limit."
    )
    exact_seconds: float = _seconds(
        10.0,
        "After the search, at most this to prove every term of the rota found exact, piece "
        "by piece (terms not proven are named in the solution's `objective.unproven`).",
    )
    cpsat_share: float = _share(0.03, "Of a CP-SAT time limit, kept for the polish.")
    mip_share: float = _share(0.1, "Of a MIP time limit, kept for the polish.")


class FirstRotaParams(_Stage):
    """A first rota found without the objective terms that slow CP-SAT's search down, which
    the whole model then starts from (`maillage.solver.search.pipeline.FirstRota`)."""

    share: float = _share(
        0.25, "Of the time left, at most, for a first rota without those terms (0: never)."
    )
    terms: list[str] = Field(
        default_factory=lambda: ["whole_days"],
        description="The objective terms left out: their LP relaxation is free (half a "
        "morning and half an afternoon every day cost nothing), so they only blur the "
        "search for a first rota.",
    )


class NetworkParams(_Stage):
    """A large network searched by groups of centres, the need of the communes they share
    priced (`maillage.solver.search.network`)."""

    min_staff: int = Field(
        default=300,
        ge=0,
        description="An instance (or part) of at least this many staff is searched as one "
        "network of groups, not part by part nor whole (0: never).",
    )
    first_share: float = _share(
        0.6, "Of the time left, at most, for the groups' first rotas (stopped at the first)."
    )
    round_seconds: float = _seconds(
        10.0, "Each round of priced searches gets at least this (or the time left)."
    )
    step: float = _share(
        0.5, "The first subgradient step, a fraction of the Polyak step (halved on no progress)."
    )


class StageParams(_Stage):
    """How the time limit is shared out among the stages, and their own limits."""

    first_rota: FirstRotaParams = Field(default_factory=FirstRotaParams)
    price_and_fix: PriceAndFixParams = Field(default_factory=PriceAndFixParams)
    branching: BranchingParams = Field(default_factory=BranchingParams)
    neighbourhood: NeighbourhoodParams = Field(default_factory=NeighbourhoodParams)
    side_by_side: SideBySideParams = Field(default_factory=SideBySideParams)
    parts: PartsParams = Field(default_factory=PartsParams)
    network: NetworkParams = Field(default_factory=NetworkParams)
    polish: PolishParams = Field(default_factory=PolishParams)


class SolveParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    time_limit: float = Field(default=60.0, gt=0, description="Seconds, model building included.")
    workers: int = Field(default=2, ge=1, le=64, description="Search workers (threads).")
    seed: int = Field(default=0, ge=0, le=MAX_SEED)
    backend: BackendName = Field(
        default="cpsat",
        description="cpsat: OR-Tools CP-SAT. mip: a MIP solver through PuLP (HiGHS when a `highs` "
        "executable is on PATH, else the CBC bundled with PuLP). Conflict explanations always "
        "use CP-SAT.",
    )
    progress: bool = Field(default=False, description="Print progress lines on stderr.")
    polish_seconds: float = Field(
        default=10.0,
        ge=0,
        description="Time to re-optimise coverage and slacks with the rota fixed, so that every "
        "reported term is exact for the returned rota (both backends, when not proven optimal).",
    )

    split_parts: bool = Field(
        default=True,
        description="Solve independent parts of the instance (centres that no rule, commune or "
        "person links) one by one and merge them: the same optimum, found faster. "
        "(`decompose`, its former name, is still read.)",
    )
    neighbourhood: NeighbourhoodMode = Field(
        default="auto",
        description="Build the rota person by person, then improve a few people or days at a "
        "time (`maillage.solver.search.lns`), before the backend gets the whole model: on, off, or "
        "auto (on for models of at least 3,000 decisions; on smaller ones, after column "
        "generation and with two workers, moves guided by its LP run next to the backend until "
        "neither improves for a minute, `maillage.solver.search.side_by_side`).",
    )
    colgen: NeighbourhoodMode = Field(
        default="auto",
        description="Column generation over people first "
        "(`maillage.solver.search.price_and_fix`): a lower "
        "bound from each person's rota priced whole, then a rota from the decisions its LP "
        "optimum agrees on, completed by CP-SAT; the search goes on from there. on, off, or "
        "auto (on with CP-SAT for rostering models without commune flows, of at least 300 "
        "decisions and at most 200 a person).",
    )
    branching: NeighbourhoodMode = Field(
        default="auto",
        description="After column generation, where weekends are capped: a branch and price "
        "over the weekend days each person works (`maillage.solver.search.weekend_branching`), "
        "for at "
        "most half of the time left; an exhausted tree proves the rota optimal. on, off, or "
        "auto (on when column generation reached its LP optimum).",
    )
    quick_presolve: bool = Field(
        default=False,
        description="One presolve pass, without probing (CP-SAT; the MIP backend ignores it): "
        "for the many small models of the neighbourhood search, where a full presolve took "
        "longer than finding a rota.",
    )
    stop_after_first_solution: bool = Field(
        default=False,
        description="Stop at the first rota found (CP-SAT; the MIP backend ignores it).",
    )

    stages: StageParams = Field(
        default_factory=StageParams,
        description="Time shares and limits of each stage (docs/solving.md).",
    )

    relax: bool = Field(
        default=False,
        description="Turn hard rules into heavily weighted soft ones and return the rota that "
        "breaks the fewest rule instances (each break is listed in `violations`).",
    )

    @model_validator(mode="before")
    @classmethod
    def _former_names(cls, data: Any) -> Any:
        """Params files written before `decompose` was renamed `split_parts` still load."""
        if isinstance(data, dict) and "decompose" in data and "split_parts" not in data:
            data = {("split_parts" if k == "decompose" else k): v for k, v in data.items()}
        return data

    @classmethod
    def from_file(cls, path: str | Path) -> SolveParams:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))
