"""Where gettext may break a line of a PO string: libunistring's line breaking, as gettext calls it.

libunistring is loaded with ctypes (the gettext package brings it); without it a greedy
fallback breaks after spaces and beside wide characters, so English still wraps alike.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import unicodedata

log = logging.getLogger(__name__)

PROHIBITED, POSSIBLE = 1, 2  # libunistring's UC_BREAK_* values


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


def linebreaks(portion: bytes, width: int, startcol: int, overrides: bytearray) -> bytes:
    """Where libunistring breaks ``portion`` into lines of ``width`` columns: POSSIBLE at each break."""
    lib = _libunistring()
    out = ctypes.create_string_buffer(len(portion))
    if lib is not None:
        lib.u8_width_linebreaks(portion, len(portion), width, startcol, 0, bytes(overrides), b"UTF-8", out)
        return out.raw
    return _fallback(portion, width, startcol, overrides)


def _fallback(portion: bytes, width: int, startcol: int, overrides: bytearray) -> bytes:
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
        if overrides[offsets[i]] == PROHIBITED:
            possible = False
        if possible:
            if last is not None and column + piece > width:
                result[last] = POSSIBLE
                column = 0
            last, column, piece = offsets[i], column + piece, 0
        piece += 2 if wide else 1
    if last is not None and column + piece > width:
        result[last] = POSSIBLE
    return bytes(result)
