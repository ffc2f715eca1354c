"""Format strings: a template string's translation read with Python's ``%`` grammar before it is used.

Jinja's gettext (newstyle) formats every template string with ``%``, with or without variables:
a stray ``%`` raises, an unknown ``%(name)s`` raises, a ``%s`` prints the variables' dict, and a
width (``%(date)-100000000s``) builds a string that size. So a translation of a template string
may hold exactly the placeholders of its source, each as often and written the same way; any
other ``%`` must be ``%%`` (a percent sign). Content texts are never formatted: they are not
checked here.
"""

from __future__ import annotations

import re
from collections import Counter

import polib

from .catalog import generator_messages

# One conversion specifier, as Python's printf-style formatting reads it (the "%" operator).
DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^()]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conversion>[diouxXeEfFgGcrsa%])"
)
# What reads as a placeholder in a text that is not formatted (content): kept as the source has them.
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%|\{\w*\}")
HINT = "keep every %(name)s exactly as in msgid, and write a percent sign as %%"


def directives(text: str) -> list[str] | int:
    """The placeholders of ``text`` in order (``%%`` left out), or the offset of a ``%`` that is none."""
    found: list[str] = []
    start = 0
    while (at := text.find("%", start)) != -1:
        match = DIRECTIVE.match(text, at)
        if match is None:
            return at
        if match.group("conversion") != "%":
            found.append(match.group())
        start = match.end()
    return found


def placeholder_problem(source: str, target: str, formatted: bool) -> str | None:
    """What is wrong with a translation's placeholders; a template string's are read as Python reads them."""
    if formatted:
        return format_problem(source, target)
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
        return "placeholders differ from the source"
    return None


def format_problem(source: str, target: str) -> str | None:
    """Why ``target`` may not stand for ``source`` when formatted, or None if it may."""
    theirs = directives(target)
    if isinstance(theirs, int):
        return f"a % that is not a placeholder: {target[max(0, theirs - 12) : theirs + 12]!r}"
    ours = directives(source)
    if isinstance(ours, int):  # not a format string: nothing to compare it with
        return None
    have, want = Counter(theirs), Counter(ours)
    for directive in dict.fromkeys([*theirs, *ours]):
        if not want[directive]:
            listed = ", ".join(sorted(want)) or "none"
            return f"placeholder {directive} is not the source's (the source has {listed})"
        if not have[directive]:
            return f"placeholder {directive} of the source is missing"
        if have[directive] != want[directive]:
            return f"placeholder {directive} is there {have[directive]} times, in the source {want[directive]}"
    return None


def is_formatted(entry: polib.POEntry) -> bool:
    """Whether the build formats this entry's translation: a template string (the generator's own, one
    marked python-format, or one a template uses). The flag and references come from the catalogue,
    which a translator can edit: the build checks again, on every string it formats (Translator.get)."""
    from_template = any(path.endswith((".j2", ".html", ".css")) for path, _ in entry.occurrences)
    return "python-format" in entry.flags or from_template or (entry.msgctxt, entry.msgid) in generator_messages()
