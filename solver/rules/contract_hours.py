"""Hours worked over the horizon should meet the contract target; each hour above or below
it is penalised (the hard band is `contract_hours_band`).

Encoding: hours are a multiple of g, the gcd of the person's shift lengths, so the total
takes one of at most a few hundred values k x g; a one-hot choice among them carries the
exact penalty |k x g - target|. Its LP relaxation is the convex hull of the penalty, a far
tighter bound than |sum - target| with a free deviation (which lets 8.75 half-days meet a
35 h target).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from maillage.solver.check.rota import Finding, RotaView
from maillage.solver.model.build import Build
from maillage.solver.rules.base import Rule

NAME = "contract_hours"
MAX_CHOICES = 600  # beyond this many totals, a plain deviation variable is used instead


def encode(build: Build) -> None:
    for person in build.instance.staff:
        target = build.facts.target_minutes(person)
        terms = build.hour_terms(person.id)
        most = sum(c for c, _ in terms)
        step = math.gcd(*(c for c, _ in terms)) if terms else 1
        # Every reachable total, not only those inside the hard band: the band is its own
        # rule, and relaxing or explaining it must not find it enforced here as well.
        choices = range(most // step + 1) if step else range(1)
        if 0 < len(choices) <= MAX_CHOICES:
            pick = []
            for k in choices:
                b = build.lm.new_bool(f"hours[{person.id}]={k * step}")
                pick.append((k, b))
                build.penalise(NAME, b, abs(k * step - target), units_per_var=60)
            build.lm.add([(1, b) for _, b in pick], lo=1, hi=1)
            build.lm.add(terms + [(-k * step, b) for k, b in pick], lo=0, hi=0)
            continue
        dev = build.lm.new_var(0, max(target, most), f"hours_dev[{person.id}]")
        build.lm.add([(1, dev)] + [(-c, v) for c, v in terms], lo=-target)  # dev >= sum - target
        build.lm.add([(1, dev), *terms], lo=target)  # dev >= target - sum
        build.penalise(NAME, dev, 1, units_per_var=60)  # weight is per hour, dev in minutes


def check(rota: RotaView) -> Iterator[Finding]:
    for person in rota.instance.staff:
        target, minutes = rota.facts.target_minutes(person), rota.minutes(person.id)
        if minutes != target:
            side = "over" if minutes > target else "under"
            yield Finding(
                NAME,
                f"{person.name} works {rota.hours(minutes)} for a target of "
                f"{rota.hours(target)} ({rota.hours(abs(minutes - target))} {side})",
                amount=abs(minutes - target) / 60,
                staff=person.id,
            )


RULE = Rule(NAME, hard=False, summary=__doc__ or "", encode=encode, check=check, weight=NAME)
