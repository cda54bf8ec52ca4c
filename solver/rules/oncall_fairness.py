"""On-call slots are spread evenly among eligible doctors: the gap between the most and the
least loaded (counts pro rata of days available) is penalised per slot. With a history, the
totals since its counters' date are compared: the counters plus the horizon's count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from maillage.models.instance import ShiftKind
from maillage.solver.check.fairness import team_gaps
from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule
from maillage.solver.rules.spread import encode_spread

NAME = "oncall_fairness"


def encode(build: Build) -> None:
    counts = {
        pid: [v for s, _, v in entries if s.kind == ShiftKind.oncall]
        for pid, entries in build.by_person.items()
    }
    earlier = {pid: c.oncalls for pid, c in build.facts.counters.items()}
    encode_spread(build, NAME, counts, earlier)


def check(rota: RotaView) -> Iterator[Finding]:
    counts = Counter(pid for pid, entries in rota.placed.items() for p in entries if p.is_oncall)
    history = rota.instance.history
    earlier = {c.staff: c.oncalls for c in history.counters} if history else {}
    since = " since the counters' date" if earlier else ""
    for gap in team_gaps(rota.facts, counts, earlier):
        most = counts[gap.most] + earlier.get(gap.most, 0)
        least = counts[gap.least] + earlier.get(gap.least, 0)
        yield Finding(
            NAME,
            f"on-call load{since} differs by {gap.amount:g} slot(s) between "
            f"{rota.name(gap.most)} ({most}) and {rota.name(gap.least)} ({least}), pro rata "
            f"of days available",
            amount=gap.amount,
        )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
