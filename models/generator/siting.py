"""Where the generator's sites go: the real places of `sites.csv` first, then new centres
in the most under-served areas, and the communes within reach of them all.

New centres are placed greedily: each goes to the under-served commune (DREES APL of the
vintage under the 2.5 threshold, at least MIN_POPULATION inhabitants) more than 20 minutes
from every site so far whose 20-minute catchment holds the most unmet need not yet within
reach of a site, weighted by distance decay and by the engine's commune weight. That is the
service's stated aim (centres where the liberal sector is insufficient) read through the
engine's own objective. Scores only fall as sites are added, so a lazy greedy (a heap of
stale scores) gives the same choice as recomputing every score each time.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from maillage.models.generator.communes import (
    DEFAULT_APL_VINTAGE,
    CommuneRecord,
    by_insee,
    load_sites,
)
from maillage.models.generator.geography import (
    MAX_MINUTES,
    UNDERSERVED_THRESHOLD,
    Grid,
    commune_apl,
    reach_weight,
    service_weight,
    unmet_need,
)

MIN_POPULATION = 500  # a new centre goes to a bourg, not a hamlet (Sainte-Croix-Volvestre: ~600)


class GenerateError(ValueError):
    """Parameters the generator cannot honour; `field` names the parameter at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Place:
    """A site of the generated instance, before its staffing is known."""

    id: str
    name: str
    kind: Literal["centre", "permanence"]
    parent: str | None
    commune: CommuneRecord
    status: Literal["open", "planned", "new"]

    @property
    def centre(self) -> str:
        return self.parent or self.id


def slug(text: str) -> str:
    """An ASCII id from a commune name ("Saint Géry-Vers" -> "saint-gery-vers")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def real_places(ids: Sequence[str] | None, departments: Collection[str] | None) -> list[Place]:
    """The places of sites.csv (all, or those listed), each centre followed by its
    permanences, open centres before planned ones; only centres in `departments`."""
    records = load_sites()
    known = {r.site: r for r in records}
    if ids is not None:
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise GenerateError(
                "real_sites", f"not in sites.csv: {', '.join(unknown)} (see models/data/sites.csv)"
            )
        for i in ids:
            parent = known[i].parent
            if parent is not None and parent not in ids:
                raise GenerateError("real_sites", f"permanence {i!r} without its centre {parent!r}")
        records = tuple(r for r in records if r.site in ids)
    table = by_insee()
    centres = [r for r in records if r.kind == "centre"]
    if departments is not None:
        centres = [r for r in centres if table[r.insee].department in departments]
    centres.sort(key=lambda r: r.status != "open")  # stable: file order within each status
    out = []
    for centre in centres:
        for record in (centre, *(r for r in records if r.parent == centre.site)):
            label = "Centre de santé" if record.kind == "centre" else "Permanence"
            suffix = " (planned)" if record.status == "planned" else ""
            out.append(
                Place(
                    id=record.site,
                    name=f"{label} de {record.commune}{suffix}",
                    kind=record.kind,
                    parent=record.parent,
                    commune=table[record.insee],
                    status=record.status,
                )
            )
    return out


def first_centres(places: Sequence[Place], count: int) -> list[Place]:
    """The first `count` centres of `places`, with their permanences."""
    kept = [p.id for p in places if p.kind == "centre"][:count]
    return [p for p in places if p.centre in kept]


def new_centres(
    existing: Sequence[Place],
    count: int,
    pool: Sequence[CommuneRecord],
    grid: Grid,
    seed: int,
    vintage: int = DEFAULT_APL_VINTAGE,
    *,
    exactly: bool = True,
) -> list[Place]:
    """`count` new centres in the most under-served areas (see the module docstring); fewer
    when the geography has no room for more, unless `exactly`."""
    if count <= 0:
        return []
    apl = {c.insee: commune_apl(c, seed, vintage)[0] for c in pool}
    value = {
        c.insee: unmet_need(c.population, apl[c.insee]) * service_weight(apl[c.insee]) for c in pool
    }
    covered: set[str] = set()
    for place in existing:
        covered.update(r.insee for r, _ in grid.within(place.commune.lat, place.commune.lon))
    candidates = [
        c
        for c in pool
        if c.population >= MIN_POPULATION
        and apl[c.insee] < UNDERSERVED_THRESHOLD
        and c.insee not in covered
    ]
    catchment = {c.insee: grid.within(c.lat, c.lon) for c in candidates}
    by_code = {c.insee: c for c in candidates}

    def score(insee: str) -> float:
        return sum(
            value[r.insee] * reach_weight(minutes)
            for r, minutes in catchment[insee]
            if r.insee not in covered
        )

    heap = [(-score(c.insee), c.insee) for c in candidates]
    heapq.heapify(heap)
    used = {p.id for p in existing}
    out: list[Place] = []
    while heap and len(out) < count:
        _, insee = heapq.heappop(heap)
        if insee in covered:
            continue
        fresh = score(insee)
        if heap and -fresh > heap[0][0]:  # another candidate may now score more
            heapq.heappush(heap, (-fresh, insee))
            continue
        if fresh <= 0:
            break
        record = by_code[insee]
        site_id = slug(record.name)
        if site_id in used:
            site_id = f"{site_id}-{insee}"
        used.add(site_id)
        out.append(
            Place(
                id=site_id,
                name=f"Centre de santé de {record.name} (proposed)",
                kind="centre",
                parent=None,
                commune=record,
                status="new",
            )
        )
        covered.update(r.insee for r, _ in catchment[insee])
    if len(out) < count and exactly:
        real = len([p for p in existing if p.kind == "centre"])
        raise GenerateError(
            "sites",
            f"room for {real + len(out)} centres only ({real} real, {len(out)} new): no "
            f"under-served commune of {MIN_POPULATION}+ inhabitants with unmet need around it "
            f"is left more than {MAX_MINUTES:g} min from every site",
        )
    return out


def catchment_need(
    places: Sequence[Place], grid: Grid, seed: int, vintage: int = DEFAULT_APL_VINTAGE
) -> dict[str, float]:
    """Centre id -> unmet need within reach of the centre or its permanences, weighted by
    distance decay and commune weight (communes shared by two centres count for both)."""
    out: dict[str, float] = {}
    for centre in (p for p in places if p.kind == "centre"):
        best: dict[str, tuple[CommuneRecord, float]] = {}
        for place in (p for p in places if p.centre == centre.id):
            for record, minutes in grid.within(place.commune.lat, place.commune.lon):
                if record.insee not in best or minutes < best[record.insee][1]:
                    best[record.insee] = (record, minutes)
        total = 0.0
        for insee in sorted(best):
            record, minutes = best[insee]
            apl, _ = commune_apl(record, seed, vintage)
            total += (
                unmet_need(record.population, apl) * service_weight(apl) * reach_weight(minutes)
            )
        out[centre.id] = total
    return out
