"""The HTML report: one self-contained file (inline CSS and SVG, no script, no network) that
opens offline on a health-centre PC and prints on A4 landscape."""

from __future__ import annotations

from pathlib import Path

import jinja2

from maillage.models.facts import Facts
from maillage.models.instance import Instance
from maillage.models.solution import Solution
from maillage.models.validate import check_rota
from maillage.solver.report import svgmap, view
from maillage.solver.report.changes import compare as changes_from
from maillage.solver.report.i18n import MONTHS, Lang, labels, number
from maillage.solver.report.rows import rows

TEMPLATES = Path(__file__).parent / "templates"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render(
    instance: Instance, solution: Solution, lang: Lang = "fr", compare: Solution | None = None
) -> str:
    """The report as HTML text; with `compare`, an earlier rota of the same instance (the
    one published before a re-plan), the changes from it are highlighted on the grids and
    listed per person. Without it, the report is exactly what it was before the option."""
    check_rota(instance, solution, "solution")  # another instance's rota would draw wrongly
    facts = Facts(instance)
    text = labels(lang)
    assigned = rows(instance, solution, facts)
    calendar = view.days(facts, lang)
    changes = None
    if compare is not None:
        changes = changes_from(instance, solution, compare, assigned, facts, lang)
    first = facts.dates[0]
    last = facts.dates[-1]
    period = f"{first.day} {MONTHS[lang][first.month - 1]} {first.year} – " + (
        f"{last.day} {MONTHS[lang][last.month - 1]} {last.year}"
    )
    template = _environment().get_template("rota.html.j2")
    return template.render(
        lang=lang,
        t=text,
        instance=instance,
        solution=solution,
        period=period,
        days=calendar,
        grids=view.grids(facts, assigned, calendar, changes),
        people=view.people(facts, solution, assigned, calendar),
        patterns=view.PATTERNS,
        rosters=view.rosters(facts, assigned, calendar, changes.earlier if changes else None),
        changes=changes,
        marks=changes.marks if changes else {},
        figures=view.headline(facts, solution, text, lang),
        groups=view.violation_groups(solution, lang),
        svg=svgmap.render(instance, solution, text) if instance.communes else None,
        legend=[(f"{p} %", svgmap.share_colour(p / 100)) for p in (0, 25, 50, 75, 100)],
        num=lambda value, digits=1: number(value, lang, digits),
        n_assignments=len(assigned),
    )
