"""Schools: import or update a municipality's schools from a CSV file (as Swedish Excel writes it)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import Clock
from bot.csvfiles import delimiter
from bot.errors import BrygganError
from storage.audit import AuditAction
from storage.models import School, SchoolKind
from storage.schools import add_school, list_schools

TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,31}$")
_CODE = re.compile(r"^[0-9]{8}$")  # not \d: that also matches Arabic-Indic and other digits
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,31}$")  # the column holds 32 characters
_NAME_LIMIT = 200
ACTOR = "cli"  # who an import is audited as: the administrator at the command line

# Header names, Swedish first, with their English aliases.
_COLUMNS = {
    "namn": "name",
    "name": "name",
    "typ": "kind",
    "kind": "kind",
    "skolenhetskod": "code",
    "school_unit_code": "code",
    "kanal": "channel",
    "channel": "channel",
}
_KINDS = {
    "kommunal": SchoolKind.KOMMUNAL,
    "municipal": SchoolKind.KOMMUNAL,
    "fristående": SchoolKind.FRISTAENDE,
    "fristaende": SchoolKind.FRISTAENDE,
    "friskola": SchoolKind.FRISTAENDE,
    "independent": SchoolKind.FRISTAENDE,
}


class UnreadableFile(BrygganError):
    """The file as a whole cannot be imported (not UTF-8, no header, no name column)."""


class ImportConflict(BrygganError):
    """The schools changed under the import; nothing was written."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One reason a row was not imported: a template key, the physical line, and the values it names."""

    line: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SchoolRow:
    """A valid row; `None` means the cell was empty (keep what the school has)."""

    line: int
    name: str
    kind: SchoolKind | None
    code: str | None
    channel: str | None


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """The valid rows, the reasons for the others, and the header columns that were ignored."""

    rows: list[SchoolRow]
    errors: list[RowError]
    ignored_columns: list[str]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did."""

    created: int
    updated: int
    unchanged: int
    errors: list[RowError]
    ignored_columns: list[str]

    @property
    def bad_rows(self) -> int:
        """How many rows had at least one error."""
        return len({error.line for error in self.errors})


def parse_schools(data: bytes) -> ParsedFile:
    """Read the CSV bytes into valid rows and row errors; UnreadableFile if the file as a whole is not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("not_utf8") from None
    records = _records(text)
    header = next(records, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        raise UnreadableFile("no_header")
    columns, ignored = _header(header[1])
    rows: list[SchoolRow] = []
    errors: list[RowError] = []
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # Excel writes empty rows as `;;;`
        values = {key: _clean(cells[i]) if i < len(cells) else "" for key, i in columns.items()}
        row, problems = _row(line, values)
        errors += problems
        if row is not None:
            rows.append(row)
    kept, duplicates = _without_duplicates(rows)
    return ParsedFile(kept, sorted(errors + duplicates, key=lambda e: e.line), ignored)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    start = 1
    try:
        for cells in reader:
            yield start, cells  # a quoted cell may span lines: report where the record begins
            start = reader.line_num + 1
    except csv.Error:
        raise UnreadableFile("not_csv", line=reader.line_num) from None


def _header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        title = _clean(cell)
        key = _COLUMNS.get(title.casefold())
        if key is None:
            if title:
                ignored.append(title)
            continue
        if key in columns:
            raise UnreadableFile("duplicate_column", column=title)
        columns[key] = index
    if "name" not in columns:
        raise UnreadableFile("no_name_column")
    return columns, ignored


def _clean(cell: str) -> str:
    # NFC: Excel on a Mac may write å as a plus a combining ring, which would never match "å".
    return " ".join(unicodedata.normalize("NFC", cell).split())


def _row(line: int, values: dict[str, str]) -> tuple[SchoolRow | None, list[RowError]]:
    name, kind, code, channel = (values.get(key, "") for key in ("name", "kind", "code", "channel"))
    errors: list[RowError] = []
    if not name:
        errors.append(RowError(line, "name_missing"))
    elif len(name) > _NAME_LIMIT:
        errors.append(RowError(line, "name_too_long", {"limit": _NAME_LIMIT}))
    if kind and kind.casefold() not in _KINDS:
        errors.append(RowError(line, "unknown_kind", {"value": kind}))
    if code and not _CODE.match(code):
        errors.append(RowError(line, "bad_code", {"value": code}))
    if channel and not _CHANNEL.match(channel):
        errors.append(RowError(line, "bad_channel", {"value": channel}))
    if errors:
        return None, errors
    school_kind = _KINDS[kind.casefold()] if kind else None
    return SchoolRow(line, name, school_kind, code or None, channel or None), []


def _without_duplicates(rows: list[SchoolRow]) -> tuple[list[SchoolRow], list[RowError]]:
    # The first occurrence is imported; a later row naming the same school is refused, not guessed at.
    seen: dict[tuple[str, str], int] = {}
    kept: list[SchoolRow] = []
    errors: list[RowError] = []
    for row in rows:
        keys = {"name": row.name, "code": row.code, "channel": row.channel}
        given = {(what, value.casefold()): value for what, value in keys.items() if value is not None}
        clashes = [
            RowError(row.line, f"duplicate_{key[0]}", {"value": value, "first": seen[key]})
            for key, value in given.items()
            if key in seen
        ]
        if clashes:
            errors += clashes
            continue
        kept.append(row)
        seen.update(dict.fromkeys(given, row.line))
    return kept, errors


class Schools:
    """Use cases around the schools of a workspace."""

    def __init__(self, *, sessions: sessionmaker[Session], clock: Clock, audit: Auditor) -> None:
        self._sessions = sessions
        self._clock = clock
        self._audit = audit

    def import_file(self, data: bytes, *, team_id: str) -> ImportReport:
        """Create or update a CSV file's schools in one unit of work; bad rows are reported, not written."""
        parsed = parse_schools(data)
        try:
            with self._sessions.begin() as session:
                created, updated, unchanged, conflicts = self._apply(session, team_id, parsed.rows)
        except IntegrityError:
            # Someone bound a channel or named a school between our checks and the commit.
            raise ImportConflict("import_conflict") from None
        errors = sorted(parsed.errors + conflicts, key=lambda e: e.line)
        return ImportReport(created, updated, unchanged, errors, parsed.ignored_columns)

    def _apply(
        self, session: Session, team_id: str, rows: list[SchoolRow]
    ) -> tuple[int, int, int, list[RowError]]:
        schools = list_schools(session, team_id=team_id)
        created = updated = unchanged = 0
        conflicts: list[RowError] = []
        for row in rows:
            school = _match(schools, row)
            problems = _conflicts(schools, row, school)
            if problems:
                conflicts += problems
            elif school is None:
                schools.append(self._create(session, team_id, row))
                created += 1
            elif changed := _update(school, row):
                self._record(session, school, AuditAction.SCHOOL_UPDATED, ",".join(changed))
                updated += 1
            else:
                unchanged += 1
        return created, updated, unchanged, conflicts

    def _create(self, session: Session, team_id: str, row: SchoolRow) -> School:
        school = School(
            team_id=team_id,
            name=row.name,
            kind=row.kind or SchoolKind.KOMMUNAL,
            school_unit_code=row.code,
            channel_id=row.channel,
            created_at=self._clock.now(),
        )
        add_school(session, school)
        self._record(session, school, AuditAction.SCHOOL_IMPORTED, None)
        return school

    def _record(self, session: Session, school: School, action: AuditAction, detail: str | None) -> None:
        by = Actor(school.team_id, ACTOR, is_admin=True)
        self._audit.record(session, action, by=by, school_id=school.id, detail=detail)


def _match(schools: list[School], row: SchoolRow) -> School | None:
    # Matched in Python, not SQL: SQLite's lower() folds only ASCII, so "ÅSA" would miss "Åsa".
    if row.code is not None:
        by_code = next((s for s in schools if s.school_unit_code == row.code), None)
        if by_code is not None:
            return by_code
    return next((s for s in schools if s.name.casefold() == row.name.casefold()), None)


def _conflicts(schools: list[School], row: SchoolRow, school: School | None) -> list[RowError]:
    others = [s for s in schools if s is not school]
    errors: list[RowError] = []
    if any(s.name.casefold() == row.name.casefold() for s in others):
        errors.append(RowError(row.line, "name_taken", {"value": row.name}))
    holder = next((s for s in others if row.channel is not None and s.channel_id == row.channel), None)
    if holder is not None:
        errors.append(RowError(row.line, "channel_taken", {"value": row.channel, "school": holder.name}))
    return errors


def _update(school: School, row: SchoolRow) -> list[str]:
    """Apply the row's non-empty values; the names of the fields that changed."""
    wanted = {
        "name": row.name,
        "kind": row.kind or school.kind,
        "school_unit_code": row.code or school.school_unit_code,
        "channel_id": row.channel or school.channel_id,
    }
    changed = [name for name, value in wanted.items() if getattr(school, name) != value]
    for name in changed:
        setattr(school, name, wanted[name])
    return changed
