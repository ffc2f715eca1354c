"""A spreadsheet route in and out of a catalogue: ``guide export`` and ``guide import`` (CSV).

The CSV has a header row naming its columns: ``context``, ``source``, ``target`` (Weblate's CSV
export names them so too; ``msgctxt``/``msgid``/``msgstr`` are read as well), in any order, other
columns ignored. Rows are matched to entries by context and source text, as gettext keys them
(translate-toolkit's po2csv leaves the context out, so its sheets cannot say which of two equal
sentences a row translates).

A sheet is untrusted input: it is read like every input file (inside its folder, size-bounded,
UTF-8), and each translation in it goes through the checks ``guide check`` runs. Any error refuses
the whole sheet, listed as ``sheet.csv:LINE: problem``, and the catalogue is left as it was.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polib

from ..errors import CatalogueError, ErrorList, GuideError
from ..files import read_input
from .checks import check_entry
from .extract import write_catalog
from .glossary import Term
from .pofile import read_po_file

COLUMNS = {"context": ("context", "msgctxt"), "source": ("source", "msgid"), "target": ("target", "msgstr")}
HINT = "a header row naming the columns context, source and target (as `guide export` writes)"


@dataclass(frozen=True)
class Imported:
    """What ``guide import`` did: the sheet's rows, the entries whose translation it changed."""

    rows: int
    changed: int
    written: bool


def catalogue_csv(po: polib.POFile) -> str:
    """The catalogue's live entries as context, source, target, note: for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["context", "source", "target", "note"])
    for entry in po:
        if not entry.obsolete and entry.msgid and not entry.msgid_plural:
            target = "" if "fuzzy" in entry.flags else entry.msgstr
            writer.writerow([entry.msgctxt or "", entry.msgid, target, entry.comment])
    return out.getvalue()


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, {context, source, target}) of each row of a CSV file, refusing what is not a sheet of ours."""
    data = read_input(path, CatalogueError, root=path.resolve().parent)
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError("not valid UTF-8", path=path, line=line, hint="save the sheet as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        index = {key: next((header.index(n) for n in names if n in header), None) for key, names in COLUMNS.items()}
        if index["source"] is None or index["target"] is None:
            raise CatalogueError("no source and target columns", path=path, line=1, hint=HINT)
        rows, start = [], reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                cells = {key: row[i] if i is not None and i < len(row) else "" for key, i in index.items()}
                rows.append((start, cells))  # a cell may hold newlines: the row's first line
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CatalogueError(f"not CSV: {exc}", path=path, line=reader.line_num, hint=HINT) from None
    return rows


def import_csv(sheet: Path, catalogue: Path, locale: str, terms: list[Term], root: Path, source: str) -> Imported:
    """Put a sheet's translations into a catalogue, after the checks; nothing is written on an error."""
    po = read_po_file(catalogue, hint=f"run `guide init {locale}` to create it", root=root)
    entries = {(e.msgctxt or "", e.msgid): e for e in po if not e.obsolete and e.msgid and not e.msgid_plural}
    errors: list[GuideError] = []
    updates: list[tuple[polib.POEntry, str]] = []
    rows = read_rows(sheet)
    for line, row in rows:
        entry = entries.get((row["context"], row["source"]))
        if entry is None:
            message = f"no entry [{row['context']}] {row['source'][:50]!r} in the {locale} catalogue"
            errors.append(CatalogueError(message, sheet, line, "run `guide export` again: the source changed"))
        elif row["target"] and (row["target"] != entry.msgstr or "fuzzy" in entry.flags):
            trial = polib.POEntry(msgid=entry.msgid, msgstr=row["target"], flags=entry.flags, tcomment=entry.tcomment)
            for finding in check_entry(trial, terms, locale, source):
                if finding.severity == "error":
                    errors.append(CatalogueError(finding.message, sheet, line, finding.hint))
            updates.append((entry, row["target"]))
    ErrorList.raise_if(errors)
    for entry, target in updates:
        entry.msgstr = target
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]  # translated on purpose, now
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    written = write_catalog(catalogue, po) if updates else False
    return Imported(len(rows), len(updates), written)
