"""An evaluator of benchmark rosters written straight from SEMANTICS.md (H1-H9, S1-S3), on the
parsed file and a list of (employee, day, shift): it shares nothing with the engine's rules,
so it judges both the import and the engine's checker."""

from __future__ import annotations

from collections import Counter

from maillage.solver.apps.nrp.format import NrpInstance


def evaluate(nrp: NrpInstance, roster: list[tuple[str, int, str]]) -> tuple[int, list[str]]:
    """(penalty, hard breaches) of a roster."""
    hard: list[str] = []
    h = nrp.days
    length = {s.id: s.minutes for s in nrp.shifts}
    forbidden = {s.id: set(s.forbidden_next) for s in nrp.shifts}
    per_day: dict[tuple[str, int], list[str]] = {}
    for e, d, s in roster:
        per_day.setdefault((e, d), []).append(s)
    for (e, d), shifts in per_day.items():
        if len(shifts) > 1:
            hard.append(f"H1 {e} day {d}")
    take = {k: v[0] for k, v in per_day.items()}
    for emp in nrp.staff:
        e = emp.id
        work = [(e, d) in take for d in range(h)]
        for d in range(h - 1):
            if work[d] and work[d + 1] and take[(e, d + 1)] in forbidden[take[(e, d)]]:
                hard.append(f"H2 {e} day {d}")
        counts = Counter(take[(e, d)] for d in range(h) if work[d])
        for s, cap in emp.max_shifts.items():
            if counts[s] > cap:
                hard.append(f"H3 {e} {s}")
        minutes = sum(length[take[(e, d)]] for d in range(h) if work[d])
        if not emp.min_total_minutes <= minutes <= emp.max_total_minutes:
            hard.append(f"H4 {e} {minutes}")
        for d in range(h - emp.max_consecutive):
            if all(work[d : d + emp.max_consecutive + 1]):
                hard.append(f"H5 {e} day {d}")
        runs = []  # (value, start, length)
        for d in range(h):
            if runs and runs[-1][0] == work[d]:
                runs[-1][2] += 1
            else:
                runs.append([work[d], d, 1])
        for value, start, n in runs:
            if start == 0 or start + n == h:
                continue
            if value and n < emp.min_consecutive:
                hard.append(f"H6 {e} day {start}")
            if not value and n < emp.min_days_off:
                hard.append(f"H7 {e} day {start}")
        weekends = sum(1 for w in range(h // 7) if work[7 * w + 5] or work[7 * w + 6])
        if weekends > emp.max_weekends:
            hard.append(f"H8 {e} {weekends}")
        for d in emp.days_off:
            if work[d]:
                hard.append(f"H9 {e} day {d}")
    penalty = 0
    for r in nrp.on_requests:
        if take.get((r.employee, r.day)) != r.shift:
            penalty += r.weight
    for r in nrp.off_requests:
        if take.get((r.employee, r.day)) == r.shift:
            penalty += r.weight
    staffed = Counter((d, s) for (_, d), s in take.items())
    for c in nrp.cover:
        n = staffed[(c.day, c.shift)]
        penalty += c.under * max(0, c.required - n) + c.over * max(0, n - c.required)
    return penalty, hard
