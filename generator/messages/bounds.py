"""Bounded work: caps a catalogue meets before anything that can be slow parses it.

A catalogue is untrusted, and markdown-it's inline parser (as the renderer and ``guide check`` use
it) and some regular expressions take time that grows faster than the text: ``[a](`` repeated
64,000 times took 10 s in ``guide check``, 1 MB about 45 minutes. So, checked by counting alone:

- a file is at most :data:`MAX_CATALOGUE_BYTES` (refused before it is decoded or parsed);
- a translation at most :data:`RATIO` times its source's length (a paste error, and the first
  finding of an entry: nothing else parses it);
- a text has at most :data:`MAX_MARKS` characters that start inline markup, and a translation
  at most :data:`SLACK` more than its source: what markdown-it spends its time on.

Within those caps every parse is of a bounded text, so check and build take time linear in a
catalogue's size. The build never hands a translation over these caps to the renderer
(:mod:`.translator`); the gate then refuses it at its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import CatalogueError

# The largest catalogue here is 61 KB (the full guide in Korean, 3 bytes a Hangul syllable); 2 MB
# is 30 times that, and at the slowest rate measured (markup-dense text, ~50 µs a character) still
# a bounded wait. Checked on the bytes, before decoding or parsing.
MAX_CATALOGUE_BYTES = 2 * 1024 * 1024
# A translation this many times as long as its source (and longer than LONG characters) is a paste error.
RATIO, LONG = 8, 120
# The characters markdown-it's emphasis, link and escape rules start at (parentheses count only after "]").
MARKS = re.compile(r"[\[\]*_\\]")
# The most any text here has is 8; a paragraph with 60 links has 240.
MAX_MARKS = 256
# What a translation may add to its source's marks: brackets around a gloss, a literal asterisk.
SLACK = 16
_DESTINATION_END = re.compile(r"[)\s]")

Finding = tuple[str, str, str]  # severity, problem, what to do


def check_size(path: Path, data: bytes) -> None:
    """Refuse a catalogue file over :data:`MAX_CATALOGUE_BYTES`, at the line where it passes the cap."""
    if len(data) > MAX_CATALOGUE_BYTES:
        raise CatalogueError(
            f"catalogue is {len(data) / 2**20:.1f} MB, more than the {MAX_CATALOGUE_BYTES // 2**20} MB a catalogue "
            "may be; it passes that here",
            path=path,
            line=data.count(b"\n", 0, MAX_CATALOGUE_BYTES) + 1,
            hint="look for pasted text around this line; restore the file from version control if unsure",
        )


def over_budget(source: str, target: str) -> Finding | None:
    """Why ``target`` (a translation of ``source``) is not to be parsed at all; None if it may be.

    Counting only: len() and one regex without repetition, each linear in the text.
    """
    if len(target) > LONG and len(target) > RATIO * len(source):
        return (
            "error",
            f"translation is {len(target) / max(len(source), 1):.0f} times as long as its source",
            "check for a paste error; translate only this entry's text",
        )
    marks = len(MARKS.findall(source)), len(MARKS.findall(target))
    if max(marks) > MAX_MARKS:
        return (
            "error",
            f"entry has {max(marks)} markup characters ([ ] * _ \\), more than {MAX_MARKS}",
            "split the paragraph in the content, or remove the pasted text",
        )
    if marks[1] > marks[0] + SLACK:
        return (
            "error",
            f"translation has {marks[1]} markup characters ([ ] * _ \\), its source {marks[0]}",
            "keep *emphasis*, **strong** and [text](url) as in msgid; check for a paste error",
        )
    return None


def raw_links(text: str) -> list[str]:
    """The targets of ``[text](target)`` as the regex ``\\[[^\\]]*\\]\\(([^)\\s]*)\\)`` finds them, sorted,
    in linear time (the regex rescans the rest of the text from every ``[``: ``[a](`` repeated is quadratic)."""
    found: list[str] = []
    close = end = -1  # the next "]" and the next ")" or space found so far, reused while ahead
    start = text.find("[")
    while start >= 0:
        if close <= start:
            close = text.find("]", start + 1)
            if close < 0:
                break
        if text.startswith("(", close + 1):
            if end <= close + 1:
                match = _DESTINATION_END.search(text, close + 2)
                end = match.start() if match else len(text)
            if end < len(text) and text[end] == ")":
                found.append(text[close + 2 : end])
                start = text.find("[", end + 1)
                continue
        start = text.find("[", start + 1)
    return sorted(found)
