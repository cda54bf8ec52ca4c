"""Split an instance into independent parts, solved apart and merged exactly.

A network of centres far apart is one model only on paper: no rule links a doctor of Millas
to one of Mazamet. Two things are in one part when a rule or the objective can link them:
a person and every site they may work at and every sector they may hold; a site and its
centre (permanences, coordinated practice, fairness teams); a sector and its sites; a
commune and every site it is within reach of (its need is shared); a cover line and its
site (or every site, for a cover line without one). The optimum of the whole is then the
sum of the parts' optima, and so is the bound; the checker judges the merged rota against
the whole instance.
"""

from __future__ import annotations

from collections import defaultdict

from maillage.models.facts import Facts
from maillage.models.instance import Instance


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def split(
    instance: Instance, facts: Facts | None = None, *, link_communes: bool = True
) -> list[Instance]:
    """The independent parts of an instance (just the instance itself when it has one).

    With `link_communes=False` a commune within reach of two centres no longer joins them:
    the parts then share no hard rule, only need (each part lists every commune its sites
    reach), so their rotas put together are a rota of the whole, though not its optimum:
    a start for a part too large to find a first rota quickly."""
    facts = facts or Facts(instance)
    u = _Union()
    site_ids = [s.id for s in instance.sites]
    for s in instance.sites:
        u.join(f"site:{s.id}", f"site:{s.centre}")
    for k in instance.sectors:
        for sid in k.sites:
            u.join(f"sector:{k.id}", f"site:{sid}")
    for p in instance.staff:
        for sid in [p.home_site, *p.sites]:
            u.join(f"staff:{p.id}", f"site:{sid}")
        for k in instance.sectors:
            if facts.oncall_eligible(p, k):
                u.join(f"staff:{p.id}", f"sector:{k.id}")
    for sid, communes in facts.reach.items():
        for insee in communes if link_communes else ():
            u.join(f"commune:{insee}", f"site:{sid}")
    for c in instance.cover:
        linked = [c.site] if c.site else site_ids
        for sid in linked:
            u.join(f"site:{sid}", f"site:{linked[0]}")
    groups: dict[str, list[str]] = defaultdict(list)
    for sid in site_ids:
        groups[u.find(f"site:{sid}")].append(sid)
    staffed = {u.find(f"staff:{p.id}") for p in instance.staff}
    # parts nobody works in still carry their sectors' hard rules: keep them with a staffed one
    first = next(root for root in groups if root in staffed)
    for root in [r for r in groups if r not in staffed]:
        groups[first] += groups.pop(root)
        u.parent[root] = first
    if len(groups) == 1:
        return [instance]
    return [_part(instance, facts, u, root, k) for k, root in enumerate(groups)]


def _part(instance: Instance, facts: Facts, u: _Union, root: str, k: int) -> Instance:
    def mine(key: str) -> bool:
        return u.find(key) == root

    sites = [s for s in instance.sites if mine(f"site:{s.id}")]
    reached = {insee for s in sites for insee in facts.reach.get(s.id, {})}
    return instance.model_copy(
        update={
            "name": f"{instance.name}#{k + 1}",
            "sites": sites,
            "staff": [p for p in instance.staff if mine(f"staff:{p.id}")],
            "sectors": [s for s in instance.sectors if mine(f"sector:{s.id}")],
            "communes": [c for c in instance.communes if c.insee in reached],
            "cover": [c for c in instance.cover if c.site is None or mine(f"site:{c.site}")],
        }
    )
