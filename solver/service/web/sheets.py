"""People, leave and preferences from a spreadsheet (CSV or XLSX): the templates the app
offers, and the import, which names every error by its sheet, row and column.

A sheet's kind is told by its columns, so one upload takes any of the three CSV files or the
XLSX workbook with its three sheets. Headers are accepted in French or English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from maillage.models.instance import Instance, Preferences, Staff, Unavailability

Kind = Literal["people", "leave", "preferences"]
KINDS: tuple[Kind, ...] = ("people", "leave", "preferences")
# each column: the field it fills, its French header, its English header
COLUMNS: dict[Kind, list[tuple[str, str, str]]] = {
    "people": [
        ("id", "id", "id"),
        ("name", "nom", "name"),
        ("role", "rôle", "role"),
        ("fte", "etp", "fte"),
        ("sites", "sites", "sites"),
        ("home_site", "site_principal", "home_site"),
        ("oncall", "gardes", "oncall"),
        ("start_date", "début", "start_date"),
        ("end_date", "fin", "end_date"),
    ],
    "leave": [
        ("id", "id", "id"),
        ("from", "du", "from"),
        ("to", "au", "to"),
        ("reason", "motif", "reason"),
    ],
    "preferences": [
        ("id", "id", "id"),
        ("days_off", "jours_off", "days_off"),
        ("dates_off", "dates_off", "dates_off"),
        ("avoid_sites", "sites_évités", "avoid_sites"),
        ("pattern", "rythme", "pattern"),
    ],
}
SHEET_NAMES: dict[Kind, tuple[str, str]] = {
    "people": ("Personnes", "People"),
    "leave": ("Absences", "Leave"),
    "preferences": ("Préférences", "Preferences"),
}
# a column only this kind has: how a sheet's kind is told, in this order
ORDER: tuple[Kind, ...] = ("leave", "preferences", "people")
MARKERS: dict[Kind, set[str]] = {
    "leave": {"du", "from", "au", "to"},
    "preferences": {"jours_off", "days_off", "dates_off", "sites_évités", "avoid_sites"},
    "people": {"nom", "name", "rôle", "role", "etp", "fte"},
}
WEEKDAYS = {
    "lun": "mon", "mar": "tue", "mer": "wed", "jeu": "thu", "ven": "fri", "sam": "sat",
    "dim": "sun", "lundi": "mon", "mardi": "tue", "mercredi": "wed", "jeudi": "thu",
    "vendredi": "fri", "samedi": "sat", "dimanche": "sun",
}  # fmt: skip
ROLES = {
    "médecin": "doctor", "medecin": "doctor", "infirmier": "nurse", "infirmière": "nurse",
    "infirmier·e": "nurse", "sage-femme": "midwife", "secrétaire": "secretary",
    "secretaire": "secretary",
}  # fmt: skip
YES = {"oui", "yes", "true", "vrai", "1", "x"}
NO = {"non", "no", "false", "faux", "0", ""}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # the spreadsheet's row number: the header is row 1
    column: str
    message: str


@dataclass
class Sheet:
    name: str
    kind: Kind
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # row number, field -> raw cell


@dataclass
class Applied:
    """The instance with every row that could be read applied, what was done in words, and
    the errors: an import is saved only without any."""

    instance: Instance
    done: list[str]
    errors: list[RowError]


# -- templates ---------------------------------------------------------------------------------
def _examples(instance: Instance, lang: str) -> dict[Kind, list[list[str]]]:
    """A row or two from the month itself, so the template shows real ids."""
    site = instance.sites[0].id
    doctor, yes, wednesday = ("médecin", "oui", "mer") if lang == "fr" else ("doctor", "yes", "wed")
    start = instance.horizon.start
    return {
        "people": [["nouveau1", "Dr Nouvelle Recrue", doctor, "0.8", site, site, yes, "", ""]],
        "leave": [
            [
                instance.staff[0].id,
                (start + dt.timedelta(days=9)).isoformat(),
                (start + dt.timedelta(days=13)).isoformat(),
                "leave",
            ]
        ],
        "preferences": [[instance.staff[0].id, wednesday, "", "", ""]],
    }


def headers(kind: Kind, lang: str) -> list[str]:
    return [fr if lang == "fr" else en for _, fr, en in COLUMNS[kind]]


def template_csv(instance: Instance, kind: Kind, lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers(kind, lang))
    writer.writerows(_examples(instance, lang)[kind])
    return out.getvalue()


def template_xlsx(instance: Instance, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    examples = _examples(instance, lang)
    for i, kind in enumerate(KINDS):
        sheet = book.active if i == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = SHEET_NAMES[kind][0 if lang == "fr" else 1]
        sheet.append(headers(kind, lang))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in examples[kind]:
            sheet.append(row)
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading -----------------------------------------------------------------------------------
def _kind(name: str, found: Sequence[str]) -> Kind | None:
    names = {h.strip().lower() for h in found}
    for kind in ORDER:
        if names & MARKERS[kind]:
            return kind
    for kind, sheet_names in SHEET_NAMES.items():
        if name.strip().lower() in {n.lower() for n in sheet_names}:
            return kind
    return None


def _sheet(name: str, table: Iterable[Sequence[Any]], errors: list[RowError]) -> Sheet | None:
    rows = [list(r) for r in table]
    while rows and all(c is None or str(c).strip() == "" for c in rows[0]):
        rows.pop(0)
    if not rows:
        return None
    found = ["" if c is None else str(c).strip() for c in rows[0]]
    kind = _kind(name, found)
    if kind is None:
        errors.append(RowError(name, 1, "", "unknown columns: " + ", ".join(found)))
        return None
    fields = {fr: f for f, fr, _ in COLUMNS[kind]} | {en: f for f, _, en in COLUMNS[kind]}
    columns: list[str | None] = []
    for header in found:
        field = fields.get(header.lower())
        if field is None and header:
            errors.append(RowError(name, 1, header, "unknown column"))
        columns.append(field)
    if "id" not in columns:
        errors.append(RowError(name, 1, "id", "the id column is missing"))
        return None
    out = Sheet(name, kind, found, [])
    for number, raw in enumerate(rows[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in raw):
            continue
        cells = {f: raw[i] for i, f in enumerate(columns) if f is not None and i < len(raw)}
        out.rows.append((number, cells))
    return out


def read(filename: str, data: bytes) -> tuple[list[Sheet], list[RowError]]:
    """The sheets of an uploaded CSV or XLSX file, and the errors of its headers."""
    errors: list[RowError] = []
    sheets: list[Sheet] = []
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # a broken or foreign file: openpyxl's own words
            return [], [RowError(filename, 0, "", f"not a readable XLSX file: {error}")]
        for ws in book.worksheets:
            found = _sheet(ws.title, ws.iter_rows(values_only=True), errors)
            if found is not None:
                sheets.append(found)
        return sheets, errors
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # a spreadsheet saved as CSV on a French Windows PC
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    found = _sheet(filename, csv.reader(io.StringIO(text), delimiter=dialect), errors)
    if found is not None:
        sheets.append(found)
    return sheets, errors


# -- cells -------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _list(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[;,\s]+", _text(value)) if p.strip()]


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    if not text:
        return None
    french = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if french:
        day, month, year = (int(g) for g in french.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError as error:
            raise ValueError(f"{text!r} is not a date: {error}") from None
    return text  # ISO, or pydantic says why not


def _weekdays(value: Any) -> list[str]:
    return [WEEKDAYS.get(d.lower(), d.lower()) for d in _list(value)]


def _bool(value: Any) -> bool:
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{text!r} is not yes or no (oui, non)")


def _cells(kind: Kind, cells: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The row's fields as the contract names them (empty cells left out), and the errors
    of cells that cannot be read at all, by field."""
    out: dict[str, Any] = {}
    bad: dict[str, str] = {}
    for field, value in cells.items():
        if _text(value) == "":
            continue
        try:
            if field in ("sites", "avoid_sites"):
                out[field] = _list(value)
            elif field in ("days_off", "pattern"):
                out[field] = _weekdays(value)
            elif field == "dates_off":
                out[field] = [_date(d) for d in _list(value)]
            elif field in ("from", "to", "start_date", "end_date"):
                out[field] = _date(value)
            elif field == "oncall":
                out[field] = _bool(value)
            elif field == "role":
                out[field] = ROLES.get(_text(value).lower(), _text(value).lower())
            elif field == "fte":
                try:
                    out[field] = float(_text(value).replace(",", "."))
                except ValueError:
                    raise ValueError(f"{_text(value)!r} is not a number") from None
            else:
                out[field] = _text(value)
        except ValueError as error:
            bad[field] = str(error)
    return out, bad


def _column(sheet: Sheet, field: str) -> str:
    for f, fr, en in COLUMNS[sheet.kind]:
        if f == field:
            present = {h.lower() for h in sheet.headers}
            return fr if fr in present or en not in present else en
    return field


def _pydantic(
    sheet: Sheet, number: int, error: ValidationError, errors: list[RowError], under: str = ""
) -> None:
    for e in error.errors():
        loc = [str(p) for p in e["loc"]]
        if under and loc and loc[0] == under:
            loc = loc[1:]
        field = loc[0] if loc else ""
        message = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] == "missing":
            message = "required"
        errors.append(RowError(sheet.name, number, _column(sheet, field), message))


# -- applying ----------------------------------------------------------------------------------
def apply(instance: Instance, sheets: list[Sheet]) -> Applied:
    """The sheets' people added or updated, leave added and preferences replaced, with every
    error at once (the rows in error left out, so the others can still be cross-checked)."""
    errors: list[RowError] = []
    staff = {p.id: p for p in instance.staff}
    order = [p.id for p in instance.staff]
    done: list[str] = []
    ordered = sorted(sheets, key=lambda s: KINDS.index(s.kind))  # people before their leave
    for sheet in ordered:
        for number, cells in sheet.rows:
            fields, bad = _cells(sheet.kind, cells)
            for field, message in bad.items():
                errors.append(RowError(sheet.name, number, _column(sheet, field), message))
            if bad:
                continue
            pid = fields.pop("id", None)
            if pid is None:
                errors.append(RowError(sheet.name, number, _column(sheet, "id"), "required"))
                continue
            if sheet.kind == "people":
                old = staff.get(pid)
                base: dict[str, Any] = (
                    {} if old is None else old.model_dump(by_alias=True, exclude_none=True)
                )
                merged = base | {"id": pid} | fields
                if old is None and "home_site" not in merged and merged.get("sites"):
                    merged["home_site"] = merged["sites"][0]
                if old is None and "sites" not in merged and "home_site" in merged:
                    merged["sites"] = [merged["home_site"]]
                try:
                    staff[pid] = Staff.model_validate(merged)
                except ValidationError as error:
                    _pydantic(sheet, number, error, errors)
                    continue
                if old is None:
                    order.append(pid)
                done.append(f"{'+' if old is None else '~'} {pid}")
                continue
            person = staff.get(pid)
            if person is None:
                message = f"unknown person {pid!r}"
                errors.append(RowError(sheet.name, number, _column(sheet, "id"), message))
                continue
            if sheet.kind == "leave":
                try:
                    period = Unavailability.model_validate(fields)
                except ValidationError as error:
                    _pydantic(sheet, number, error, errors)
                    continue
                if period.to < period.from_:
                    message = f"ends before it starts ({period.from_})"
                    errors.append(RowError(sheet.name, number, _column(sheet, "to"), message))
                    continue
                if period not in person.unavailable:
                    staff[pid] = person.model_copy(
                        update={"unavailable": [*person.unavailable, period]}
                    )
                done.append(f"{pid}: {period.from_}–{period.to} ({period.reason})")
            else:
                try:
                    preferences = Preferences.model_validate(fields)
                except ValidationError as error:
                    _pydantic(sheet, number, error, errors)
                    continue
                staff[pid] = person.model_copy(update={"preferences": preferences})
                done.append(f"{pid}: preferences")
    data = instance.model_dump(by_alias=True)
    data["staff"] = [staff[pid].model_dump(by_alias=True) for pid in order]
    try:
        return Applied(Instance.model_validate(data), done, errors)
    except ValidationError as error:  # the instance's own checks, by JSON path
        for e in error.errors():
            path = "$." + ".".join(str(p) for p in e["loc"])
            errors.append(RowError("", 0, path, str(e["msg"])))
        return Applied(instance, done, errors)


def locate(path: str, instance: Instance, sheets: list[Sheet]) -> tuple[str, int, str]:
    """A cross-check's JSON path (`$.staff[3].home_site`) as the sheet, row and column
    that wrote it, when a row did; else the path itself."""
    found = re.match(r"\$\.staff\[(\d+)\]\.?(\w*)", path)
    if found is not None and int(found.group(1)) < len(instance.staff):
        pid = instance.staff[int(found.group(1))].id
        field = found.group(2)
        for sheet in sheets:
            for number, cells in sheet.rows:
                if _text(cells.get("id")) == pid and (
                    sheet.kind == "people" or field in ("unavailable", "preferences")
                ):
                    column = field if sheet.kind == "people" else "id"
                    return sheet.name, number, _column(sheet, column)
    return "", 0, path
