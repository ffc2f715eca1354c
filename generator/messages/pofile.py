"""Writing .po/.pot files byte for byte as GNU gettext (msgcat, msgmerge) writes them.

Translators' tools (Poedit, Weblate, msgcat) rewrap a catalogue the way GNU
gettext does; a writer that wraps differently makes every save and every
``guide update`` rewrite each other's lines. polib's and Babel's writers count
characters rather than display columns, put the space at the start of the next
line and never wrap Chinese. This module follows gettext's ``write-po.c``:

- strings are cut into portions after each ``\\n``; a portion is wrapped at 79
  columns (room for the quotes and the line prefix, ``#~ `` or ``#| ``), by
  display width (CJK wide characters count 2);
- break opportunities are those of the Unicode line breaking algorithm as
  libunistring computes them -- the very library gettext calls (loaded with
  ctypes), so Chinese wraps between characters and Latin text after spaces;
  never inside an escape sequence or a format directive (``%(page)s``);
- a string that wraps, or has a newline inside it, starts with ``msgid ""``;
- the fuzzy flag is dropped from an empty msgstr, flags are fuzzy first, then
  format flags; obsolete entries (``#~``) come last, and empty ones are left out;
- header fields keep the order they were read in.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import re
import unicodedata

import polib

log = logging.getLogger(__name__)

PAGE_WIDTH = 79
_PROHIBITED, _POSSIBLE = 1, 2  # libunistring's UC_BREAK_* values
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", '"': '"', "\\": "\\"}
# A Python format directive, as gettext's python-format parser finds them.
_PYTHON_DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")


@functools.cache
def _libunistring() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    for candidate in filter(None, [name, "libunistring.so.5", "libunistring.so.2", "libunistring.dylib"]):
        try:
            lib = ctypes.CDLL(candidate)
        except OSError:
            continue
        func = lib.u8_width_linebreaks
        func.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int]
        func.argtypes += [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
        func.restype = ctypes.c_int
        return lib
    log.warning("libunistring not found: catalogues are wrapped after spaces only, not exactly as gettext wraps them")
    return None


def _linebreaks(portion: bytes, width: int, startcol: int, overrides: bytearray) -> bytes:
    """Where libunistring breaks ``portion`` into lines of ``width`` columns: _POSSIBLE at each break."""
    lib = _libunistring()
    out = ctypes.create_string_buffer(len(portion))
    if lib is not None:
        lib.u8_width_linebreaks(portion, len(portion), width, startcol, 0, bytes(overrides), b"UTF-8", out)
        return out.raw
    return _fallback_linebreaks(portion, width, startcol, overrides)


def _fallback_linebreaks(portion: bytes, width: int, startcol: int, overrides: bytearray) -> bytes:
    """Greedy breaks after spaces and beside wide characters (only where libunistring is missing)."""
    text = portion.decode("utf-8")
    result = bytearray(len(portion))
    offsets, pos = [], 0
    for char in text:
        offsets.append(pos)
        pos += len(char.encode("utf-8"))
    column, last, piece = startcol, None, 0
    for i, char in enumerate(text):
        before = text[i - 1] if i else ""
        wide = unicodedata.east_asian_width(char) in "WF"
        possible = i > 0 and (before == " " and char != " " or wide or unicodedata.east_asian_width(before) in "WF")
        if overrides[offsets[i]] == _PROHIBITED:
            possible = False
        if possible:
            if last is not None and column + piece > width:
                result[last] = _POSSIBLE
                column = 0
            last, column, piece = offsets[i], column + piece, 0
        piece += 2 if wide else 1
    if last is not None and column + piece > width:
        result[last] = _POSSIBLE
    return bytes(result)


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
            brk = _PROHIBITED if i in no_break else 0
            if char in _ESCAPES:
                portion += b"\\" + _ESCAPES[char].encode()
                overrides += bytes([brk, _PROHIBITED])
            else:
                portion += raw[i : i + length]
                overrides += bytes([brk]) + bytes([_PROHIBITED]) * (length - 1)
            i += length
        if end > start and raw[end - 1 : end] == b"\n":
            overrides[len(portion) - 2] = _PROHIBITED  # no break just before the final \n
        after_break = len(prefix) + 1
        width = PAGE_WIDTH - 1 - after_break
        while True:
            startcol = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - after_break
            breaks = _linebreaks(bytes(portion), width, startcol, overrides)
            if first_line and portion and (end < len(raw) or startcol > width or _POSSIBLE in breaks):
                lines.append(f'{prefix}{name} ""')
                first_line = False
                continue
            break
        pieces, last = [], 0
        for k, kind in enumerate(breaks):
            if kind == _POSSIBLE:
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
            if column > 2 and column + len(ref) + 1 > PAGE_WIDTH:
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
