"""Labels of the report in French (the service's language, default) and English.

Kept as plain dictionaries so that a planner can correct a word without reading code.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

_FR: dict[str, str] = {
    "title": "Planning",
    "generated": "Rota calculé par maillage",
    "headline": "Chiffres clés",
    "need_served": "Besoin servi par semaine (consultations)",
    "population_reached": "Population atteinte",
    "communes_reached": "communes",
    "uncovered_sessions": "Sessions sous-dotées",
    "uncovered_oncalls": "Gardes non couvertes",
    "oncall_spread": "Écart de gardes (max − min)",
    "weekend_spread": "Écart de week-ends (max − min)",
    "objective": "Objectif",
    "bound": "Borne",
    "gap": "Écart à la borne",
    "status": "Statut",
    "grid": "Planning par site",
    "person": "Personne",
    "people": "Par personne",
    "role": "Rôle",
    "sessions": "Sessions",
    "hours": "Heures",
    "target": "Cible",
    "band": "Bande",
    "difference": "Écart",
    "oncalls": "Gardes",
    "weekends": "Week-ends",
    "days_worked": "Jours travaillés",
    "whole_days": "Jours entiers",
    "half_days_alone": "Demi-journées seules",
    "saturdays": "Samedis",
    "six_day_weeks": "Semaines de 6 jours",
    "patterns_note": "Jour entier : un jour d'au moins les sessions habituelles de la "
    "personne (en général deux ; une si le jour n'en offre qu'une, comme un samedi matin). "
    "Demi-journée seule : un jour d'au moins une session, mais moins que d'habitude. Les "
    "gardes travaillées comptent dans les jours travaillés, les astreintes à domicile non. "
    "Semaine de 6 jours : une semaine civile de 6 jours travaillés ou plus, jours de "
    "l'historique compris.",
    "leave": "Absence",
    "holiday": "Férié",
    "weekend": "Week-end",
    "legend": "Légende",
    "oncall_roster": "Tableau des gardes par secteur",
    "date": "Date",
    "shift": "Créneau",
    "times": "Horaires",
    "doctor_on_call": "Médecin de garde",
    "uncovered": "non couverte",
    "map": "Carte du besoin servi",
    "map_caption": "Part du besoin non satisfait que le planning met à portée, par commune",
    "site": "Site",
    "no_need": "sans besoin",
    "violations": "Règles souples non respectées",
    "no_violations": "Aucune règle souple enfreinte.",
    "penalty": "pénalité",
    "none": "aucune",
    "site_col": "Lieu",
    "doctor": "Médecin",
    "ipa": "IPA",
    "midwife": "Sage-femme",
    "nurse": "Infirmier·e",
    "secretary": "Secrétaire",
    "oncall": "Garde",
    "optimal": "optimal",
    "feasible": "réalisable",
    "infeasible": "infaisable",
    "unknown": "inconnu",
    "changes": "Changements",
    "changes_intro": "Par rapport au planning précédent : {added} ajout(s), {moved} "
    "déplacement(s), {removed} retrait(s). Dans les grilles, ce qui est ajouté ou déplacé est "
    "encadré, ce qui est retiré est barré.",
    "change_added": "ajouté",
    "change_moved": "déplacé depuis",
    "change_removed": "retiré",
    "change_moved_away": "déplacé vers",
    "was": "avant",
    "legend_added": "ajouté",
    "legend_moved": "déplacé ici",
    "legend_gone": "retiré ou déplacé ailleurs",
    "files_ab": "A : le planning précédent, B : celui-ci",
}

_EN: dict[str, str] = {
    "title": "Rota",
    "generated": "Rota computed by maillage",
    "headline": "Headline figures",
    "need_served": "Need served per week (consultations)",
    "population_reached": "Population reached",
    "communes_reached": "communes",
    "uncovered_sessions": "Understaffed sessions",
    "uncovered_oncalls": "Uncovered on-call slots",
    "oncall_spread": "On-call spread (max − min)",
    "weekend_spread": "Weekend spread (max − min)",
    "objective": "Objective",
    "bound": "Bound",
    "gap": "Gap",
    "status": "Status",
    "grid": "Rota per site",
    "person": "Person",
    "people": "Per person",
    "role": "Role",
    "sessions": "Sessions",
    "hours": "Hours",
    "target": "Target",
    "band": "Band",
    "difference": "Difference",
    "oncalls": "On-calls",
    "weekends": "Weekends",
    "days_worked": "Days worked",
    "whole_days": "Whole days",
    "half_days_alone": "Half-days alone",
    "saturdays": "Saturdays",
    "six_day_weeks": "6-day weeks",
    "patterns_note": "Whole day: a day of at least the person's usual sessions (usually "
    "two; one where the day offers only one, as a Saturday morning). Half-day alone: a day "
    "of at least one session but fewer than usual. Worked on-calls count as days worked, "
    "home stand-by does not. 6-day week: a calendar week of 6 or more days worked, the "
    "history's days included.",
    "leave": "Leave",
    "holiday": "Holiday",
    "weekend": "Weekend",
    "legend": "Legend",
    "oncall_roster": "On-call roster per sector",
    "date": "Date",
    "shift": "Shift",
    "times": "Times",
    "doctor_on_call": "Doctor on call",
    "uncovered": "uncovered",
    "map": "Map of need served",
    "map_caption": "Share of unmet need the rota puts within reach, per commune",
    "site": "Site",
    "no_need": "no need",
    "violations": "Soft rules not met",
    "no_violations": "No soft rule broken.",
    "penalty": "penalty",
    "none": "none",
    "site_col": "Place",
    "doctor": "Doctor",
    "ipa": "IPA",
    "midwife": "Midwife",
    "nurse": "Nurse",
    "secretary": "Secretary",
    "oncall": "On call",
    "optimal": "optimal",
    "feasible": "feasible",
    "infeasible": "infeasible",
    "unknown": "unknown",
    "changes": "Changes",
    "changes_intro": "Against the earlier rota: {added} added, {moved} moved, {removed} "
    "removed. On the grids, what was added or moved is framed, what was removed is struck "
    "through.",
    "change_added": "added",
    "change_moved": "moved from",
    "change_removed": "removed",
    "change_moved_away": "moved to",
    "was": "before",
    "legend_added": "added",
    "legend_moved": "moved here",
    "legend_gone": "removed or moved away",
    "files_ab": "A: the earlier rota, B: this one",
}

WEEKDAYS_SHORT: dict[Lang, tuple[str, ...]] = {
    "fr": ("lu", "ma", "me", "je", "ve", "sa", "di"),
    "en": ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"),
}
MONTHS: dict[Lang, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

RULE_NAMES: dict[Lang, dict[str, str]] = {
    "fr": {
        "min_staffing": "Effectif minimum",
        "oncall_coverage": "Couverture des gardes",
        "day_off_preference": "Jours de repos souhaités",
        "site_preference": "Sites à éviter",
        "contract_hours": "Heures du contrat",
        "oncall_fairness": "Équité des gardes",
        "weekend_fairness": "Équité des week-ends",
        "non_home_site": "Hors site de rattachement",
        "coverage": "Besoin servi",
        "rota_changes": "Changements du planning publié",
        "whole_days": "Journées entières",
        "saturday_fairness": "Équité des samedis",
        "preferred_pattern": "Jours de travail souhaités",
        "shift_requests": "Demandes de créneaux",
        "cover": "Effectif demandé",
        "run_limits": "Longueur des séries",
        "complete_weekends": "Week-ends complets",
        "worked_totals": "Totaux travaillés",
    },
    "en": {},
}


def labels(lang: Lang) -> dict[str, str]:
    """Every label for the language; English fills any gap so a label is never blank."""
    return _EN | (_FR if lang == "fr" else {})


def rule_title(lang: Lang, rule: str) -> str:
    return RULE_NAMES[lang].get(rule, rule.replace("_", " "))


def number(value: float, lang: Lang, digits: int = 1) -> str:
    """A figure with the language's decimal mark (comma in French) and thin-space thousands."""
    text = f"{value:,.{digits}f}"
    if lang == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text
