"""Solve parameters: a validated model, loadable from JSON, shared by the CLI and the API."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from maillage.models.limits import MAX_SEED

BackendName = Literal["cpsat", "mip"]
NeighbourhoodMode = Literal["auto", "on", "off"]


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

    decompose: bool = Field(
        default=True,
        description="Solve independent parts of the instance (centres that no rule, commune or "
        "person links) one by one and merge them: the same optimum, found faster.",
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

    relax: bool = Field(
        default=False,
        description="Turn hard rules into heavily weighted soft ones and return the rota that "
        "breaks the fewest rule instances (each break is listed in `violations`).",
    )

    @classmethod
    def from_file(cls, path: str | Path) -> SolveParams:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))
