"""Reading and writing .po/.pot files the way GNU gettext (msgfmt, msgcat, msgmerge) does.

Reading: :func:`read_po` is the one path every caller takes. The file is decoded as UTF-8,
checked line by line for PO syntax (polib and Babel both silently drop an unterminated
string), parsed with polib and refused on a duplicate entry; lines are counted as gettext
counts them.

Writing: :func:`dumps`, byte for byte as gettext writes. Translators' tools (Poedit, Weblate,
msgcat) rewrap a catalogue the way gettext does; a writer that wraps differently makes every
save and every ``guide update`` rewrite each other's lines. polib's and Babel's writers count
characters rather than display columns, put the space at the start of the next line and never
wrap Chinese. This module follows gettext's ``write-po.c``:

- strings are cut into portions after each ``\\n``; a portion is wrapped at 79 columns (room
  for the quotes and the line prefix, ``#~ `` or ``#| ``), by display width (CJK counts 2);
- break opportunities are those of the Unicode line breaking algorithm as libunistring
  computes them -- the very library gettext calls (loaded with ctypes), so Chinese wraps
  between characters and Latin text after spaces; never inside an escape sequence or a
  format directive (``%(page)s``);
- a string that wraps, or has a newline inside it, starts with ``msgid ""``;
- the fuzzy flag is dropped from an empty msgstr, flags are fuzzy first, then format flags;
  obsolete entries (``#~``) come last, and empty ones are left out;
- header fields keep the order they were read in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import polib

from ..errors import CatalogueError
from ..files import read_input
from .bounds import check_size
from .linebreaks import POSSIBLE, PROHIBITED, linebreaks

WIDTH = 79  # GNU gettext's page width, so files stay stable whichever tool last wrote them
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", '"': '"', "\\": "\\"}
# A Python format directive, as gettext's python-format parser finds them.
_PYTHON_DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")


def _directive_spans(value: str) -> set[int]:
    """Byte offsets inside python-format directives (not their first byte): no break there."""
    inside: set[int] = set()
    for match in _PYTHON_DIRECTIVE.finditer(value):
        start = len(value[: match.start()].encode("utf-8"))
        end = start + len(match.group().encode("utf-8"))
        inside.update(range(start + 1, end))
    return inside


def wrap(name: str, value: str, prefix: str = "", python_format: bool = False) -> list[str]:
    """The lines gettext writes for ``name "value"`` (msgid, msgstr[0], ...), each with ``prefix``."""
    no_break = _directive_spans(value) if python_format and value else set()
    raw = value.encode("utf-8")
    lines: list[str] = []
    first_line = True
    start = 0
    while True:
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end + 1
        portion, overrides = bytearray(), bytearray()
        i = start
        while i < end:
            byte = raw[i]
            length = 1 if byte < 0x80 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            char = raw[i : i + length].decode("utf-8")
            brk = PROHIBITED if i in no_break else 0
            if char in _ESCAPES:
                portion += b"\\" + _ESCAPES[char].encode()
                overrides += bytes([brk, PROHIBITED])
            else:
                portion += raw[i : i + length]
                overrides += bytes([brk]) + bytes([PROHIBITED]) * (length - 1)
            i += length
        if end > start and raw[end - 1 : end] == b"\n":
            overrides[len(portion) - 2] = PROHIBITED  # no break just before the final \n
        after_break = len(prefix) + 1
        width = WIDTH - 1 - after_break
        while True:
            startcol = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - after_break
            breaks = linebreaks(bytes(portion), width, startcol, overrides)
            if first_line and portion and (end < len(raw) or startcol > width or POSSIBLE in breaks):
                lines.append(f'{prefix}{name} ""')
                first_line = False
                continue
            break
        pieces, last = [], 0
        for k, kind in enumerate(breaks):
            if kind == POSSIBLE:
                pieces.append(portion[last:k])
                last = k
        pieces.append(portion[last:])
        for n, piece in enumerate(pieces):
            head = f"{prefix}{name} " if first_line and n == 0 else prefix
            lines.append(f'{head}"{piece.decode("utf-8")}"')
        first_line = False
        start = end
        if start >= len(raw):
            break
    return lines


def _comment_lines(text: str, mark: str) -> list[str]:
    if not text:
        return []
    return [mark + (" " + line if line else "") for line in text.split("\n")]


def _entry_lines(entry: polib.POEntry | None, header: polib.POFile | None = None) -> list[str]:
    """One entry (or, with ``header``, the header entry) as gettext prints it."""
    if header is not None:
        msgstr = "".join(f"{key}: {value}\n" for key, value in header.metadata.items())
        tcomment, comment, occurrences = header.header, "", []
        flags = list(header.metadata_is_fuzzy or [])
        msgctxt, msgid, obsolete = None, "", False
        previous: list[tuple[str, str]] = []
        plural: dict[int, str] | None = None
    else:
        assert entry is not None
        msgstr, tcomment, comment = entry.msgstr, entry.tcomment, entry.comment
        occurrences, flags = entry.occurrences, list(entry.flags)
        msgctxt, msgid, obsolete = entry.msgctxt, entry.msgid, entry.obsolete
        previous = [
            (key, value)
            for key, value in (
                ("msgctxt", entry.previous_msgctxt),
                ("msgid", entry.previous_msgid),
                ("msgid_plural", entry.previous_msgid_plural),
            )
            if value is not None
        ]
        plural = dict(entry.msgstr_plural) if entry.msgid_plural else None
    translated = bool(msgstr or (plural and any(plural.values())))
    if obsolete and not translated:
        return []  # gettext drops an obsolete entry without a translation
    prefix = "#~ " if obsolete else ""
    lines = _comment_lines(tcomment or "", "#") + _comment_lines(comment or "", "#.")
    if occurrences and not obsolete:
        row, column = "#:", 2
        for path, line in occurrences:
            ref = f"{path}:{line}" if line not in ("", None) else path
            if column > 2 and column + len(ref) + 1 > WIDTH:
                lines.append(row)
                row, column = "#:", 2
            row += " " + ref
            column += len(ref) + 1
        lines.append(row)
    shown = (["fuzzy"] if "fuzzy" in flags and translated else []) + [f for f in flags if f != "fuzzy"]
    if obsolete:
        shown = [f for f in shown if f == "fuzzy" or f.endswith("-format") or f == "no-wrap"]
    if shown:
        lines.append("#, " + ", ".join(shown))
    python_format = "python-format" in flags
    for key, value in previous:
        lines += wrap(key, value, "#~| " if obsolete else "#| ", python_format)
    if msgctxt is not None:
        lines += wrap("msgctxt", msgctxt, prefix, python_format)
    lines += wrap("msgid", msgid, prefix, python_format)
    if plural is not None:
        assert entry is not None
        lines += wrap("msgid_plural", entry.msgid_plural, prefix, python_format)
        for index in sorted(plural):
            lines += wrap(f"msgstr[{index}]", plural[index], prefix, python_format)
    else:
        lines += wrap("msgstr", msgstr, prefix, python_format)
    return lines


def dumps(po: polib.POFile) -> str:
    """The whole catalogue as GNU gettext's msgcat would write it."""
    blocks = [_entry_lines(None, header=po)] if po.metadata or po.header else []
    live = [e for e in po if not e.obsolete]
    blocks += [_entry_lines(e) for e in live] + [_entry_lines(e) for e in po if e.obsolete]
    return "\n".join("\n".join(block) + "\n" for block in blocks if block)


def new_po(header: dict[str, str]) -> polib.POFile:
    """An empty catalogue with ``header``, wrapped as gettext wraps."""
    po = polib.POFile(wrapwidth=WIDTH, check_for_duplicates=False)
    po.metadata = header
    return po


def header_date() -> str:
    """Now, as gettext writes POT-Creation-Date and PO-Revision-Date."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")


def without_creation_date(data: bytes) -> bytes:
    """A written file minus its POT-Creation-Date, to tell whether anything else changed."""
    return re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", data)


# --- Reading --------------------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(
    rf"^(?:#.*|\s*|(?:#~ )?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*|(?:#~ )?\s*{_STRING}\s*)$"
)
# Characters str.splitlines() ends a line at that gettext does not: inside a PO string they are
# text (msgfmt accepts a U+2028 in a msgstr), so lines are split at "\n" only, and polib (which
# uses splitlines) reads them as stand-ins from a private-use plane, put back after parsing.
_NOT_NEWLINES = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_STAND_INS = str.maketrans({char: chr(0xF0000 + i) for i, char in enumerate(_NOT_NEWLINES)})
_PUT_BACK = str.maketrans({chr(0xF0000 + i): char for i, char in enumerate(_NOT_NEWLINES)})


# A comment mark gettext reads without a space after it (#,fuzzy  #.note  #:file  #|msgid  #note) and polib
# refuses: given its space for polib only (the file's lines, and so their numbers, stay as they are).
_TIGHT_MARK = re.compile(r"^#(?:([,.:|])(?=\S)|(?=[^\s,.:|~]))", re.M)


def _spaced(match: re.Match[str]) -> str:
    return f"#{match.group(1) or ''} "


@dataclass(frozen=True)
class ParsedPo:
    """A .po/.pot file as read: polib's entries, and the file's lines as gettext counts them."""

    path: Path
    po: polib.POFile
    lines: list[str]

    def msgstr_line(self, entry: polib.POEntry) -> int:
        """The line of an entry's msgstr, which is what a translator edits (polib gives where the entry starts)."""
        for number in range(max(entry.linenum, 1), len(self.lines) + 1):
            if self.lines[number - 1].startswith("msgstr"):
                return number
        return int(entry.linenum)

    def header_line(self, field: str) -> int:
        """The line of a header field (``"Plural-Forms: …``), or 1 when the header lacks it."""
        prefix = f'"{field}:'
        return next((n for n, line in enumerate(self.lines, 1) if line.startswith(prefix)), 1)


def read_po(path: Path, hint: str, *, root: Path, missing: str = "not found", strict: bool = True) -> ParsedPo:
    """Read, lint and parse a .po/.pot file: the one way every catalogue is read (only inside ``root``).

    ``missing`` and ``hint`` are the error for a file that is not there. ``strict``: also refuse
    an empty file and a charset other than UTF-8 (``guide check`` reports its header itself).
    """
    try:
        data = read_input(path, CatalogueError, root=root)
    except FileNotFoundError:
        raise CatalogueError(missing, path=path, hint=hint) from None
    check_size(path, data)  # before anything reads it line by line
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError("not valid UTF-8", path=path, line=line, hint="save the file as UTF-8") from None
    po = parse_po(path, text)
    if strict:
        check_encoding(path, text, po)
    return ParsedPo(path, po, po_lines(text))


def read_po_file(path: Path, hint: str, *, root: Path) -> polib.POFile:
    """The entries of a .po/.pot file inside ``root``, read by :func:`read_po`."""
    return read_po(path, hint, root=root).po


def po_lines(text: str) -> list[str]:
    """The lines of a PO file as gettext counts them: split at newlines only."""
    return text.replace("\r\n", "\n").split("\n")


def lint_po(path: Path, text: str) -> None:
    """Raise on the first line that is not valid PO syntax."""
    for number, line in enumerate(po_lines(text), 1):
        if not _LINE.match(line):
            hint = (
                "close the string with a double quote"
                if line.count('"') % 2
                else "expected msgctxt, msgid, msgstr, a quoted string or a # comment"
            )
            raise CatalogueError(f"PO syntax error: {line.strip()[:60]!r}", path=path, line=number, hint=hint)


def check_encoding(path: Path, text: str, po: polib.POFile) -> None:
    """Refuse an empty catalogue, and one whose header names another charset than the UTF-8 it is read as."""
    if not po.metadata and not len(po):
        raise CatalogueError(
            "catalogue is empty",
            path=path,
            hint="restore it from version control, or delete it and run `guide init` for its locale",
        )
    match = re.search(r"charset=([\w.:-]+)", po.metadata.get("Content-Type", ""), re.I)
    if match and match.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        line = next((n for n, row in enumerate(text.splitlines(), 1) if "Content-Type:" in row), 1)
        raise CatalogueError(
            f"the Content-Type header says charset={match.group(1)}, but catalogues are UTF-8",
            path=path,
            line=line,
            hint='save the file as UTF-8 and set "Content-Type: text/plain; charset=UTF-8"',
        )


def parse_po(path: Path, text: str) -> polib.POFile:
    """A .po/.pot file, after the syntax check; duplicate entries are an error."""
    lint_po(path, text)
    lines = po_lines(text)
    try:
        po = polib.pofile(_TIGHT_MARK.sub(_spaced, "\n".join(lines)).translate(_STAND_INS), wrapwidth=WIDTH)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        number = int(match.group(1)) if match else None
        if number and "Syntax error" in str(exc) and number <= len(lines):  # polib's words name no problem
            hint = "expected msgctxt, msgid, msgstr, a quoted string or a # comment, in gettext's order"
            raise CatalogueError(f"PO syntax error: {lines[number - 1].strip()[:60]!r}", path, number, hint) from None
        raise CatalogueError(f"cannot read: {exc}", path=path, line=number) from None
    if any(char in text for char in _NOT_NEWLINES.replace("\r", "")) or "\r" in text.replace("\r\n", ""):
        _put_back(po)
    _refuse_duplicates(path, po)
    return po


def _put_back(po: polib.POFile) -> None:
    """Restore the characters parse_po hid from polib's line splitting."""
    for entry in po:
        for name in ("msgctxt", "msgid", "msgid_plural", "msgstr", "comment", "tcomment", "previous_msgid"):
            value = getattr(entry, name, None)
            if isinstance(value, str):
                setattr(entry, name, value.translate(_PUT_BACK))
        entry.msgstr_plural = {k: v.translate(_PUT_BACK) for k, v in entry.msgstr_plural.items()}


def _refuse_duplicates(path: Path, po: polib.POFile) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in seen and not entry.obsolete:
            raise CatalogueError(
                f"duplicate entry {entry.msgid[:40]!r} (first at line {seen[key]})",
                path=path,
                line=entry.linenum,
                hint="delete one of the two entries",
            )
        if not entry.obsolete:
            seen[key] = entry.linenum
