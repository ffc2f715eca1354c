"""The content format, declared once.

Every key an editor may write in ``content/`` is a :class:`Key` below. From this
one declaration come:

- the validation (reader.py, with generator/schema.py's framework, which reads
  guide.toml too): unknown, missing, renamed and mistyped keys, each reported as
  ``file:line: problem (what to do)`` with the YAML line;
- the translation units: every ``text`` key becomes one, its context built from
  ids (``risks.kinds.infection.text``), so reordering keeps translations;
- the documentation of every key in ``content/README.md`` (docs.py,
  ``guide schema``), which a test keeps current;
- the catalogue migration of renamed keys (:data:`RENAMED_CONTEXTS`, applied by
  ``guide update``), so no translation is lost when a key gets a better name.

Only what a guide cannot do without is required: its title (and, if the card is
built, a questions block: see build). Templates leave out what is absent.
"""

from __future__ import annotations

import re
from typing import Any

from ..schema import Key

# What text may not hold, in content and translations alike: C0/C1 controls but tab and newline (which
# a PO string may carry), line and paragraph separators, and every bidi mark, embedding, override and
# isolate (they reorder "10 2" into "2 10"). Zero-width spaces and joiners are text in Thai, Persian,
# Indic scripts.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
CONTROL_HINT = "delete it: it prints as nothing or a box, or reorders the text around it"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

LOCALE_RE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
# Where every key is explained, and what to do about a renamed one, in the problems reported.
REFERENCE = "content/README.md"
RENAMED_HINT = "rename it in the file; `guide extract && guide update` moves its translations"


def join(*parts: str) -> str:
    """A translation context from its parts: ``join("risks", "", "intro")`` is ``risks.intro``."""
    return ".".join(p for p in parts if p)


NOTE = Key("note", "note", "A comment for translators, shown in their tools (`#.` in the `.po` file).")
ID = Key(
    "id",
    "id",
    "Lower-case letters, digits and hyphens; part of the translation context, so never reuse or renumber.",
    required=True,
)


def _digits(at: str, value: Any) -> str | None:
    return None if re.fullmatch(r"\d{1,9}", str(value)) else f"{at} {value!r} must be digits"


def _item_text_context(at: str, node: dict[str, Any]) -> str:
    return join(at, "text") if "term" in node else at


def _locale_codes(at: str, codes: list[Any]) -> str | None:
    valid = codes and all(isinstance(code, str) and LOCALE_RE.match(code) for code in codes)
    return None if valid else f"{at} must be a list of locale codes"


LOCALES = Key(
    "locales",
    "locales",
    "Print this only in these locales, e.g. `[zh_Hant]` (every text under it too); other locales leave it "
    "out. Each code must be one of `guide.locales` in guide.toml.",
    inherit=True,
    check=_locale_codes,
    hint="e.g. locales: [zh_Hant]",
    must="a list of locale codes",
)
# A text with its own locales or note: {text: ..., locales: [...], note: ...}
TEXT = (Key("text", "text", "The text.", required=True), LOCALES, NOTE)
GLOSS = Key("gloss", "text", "A few words explaining a term of the item, printed under it on the card.")
ITEMS = (ID, Key("text", "text", "The item.", required=True, scope=""), GLOSS, LOCALES, NOTE)

BLOCK_KINDS = ("p", "h", "list", "questions", "table", "quote", "faq")
BLOCK = Key(
    "blocks",
    "list",
    "The section's content, in order. Each block has an `id` and exactly one of "
    + ", ".join(f"`{k}`" for k in BLOCK_KINDS)
    + ".",
    scope="",
    entry="block",
    one_of=BLOCK_KINDS,
    keys=(
        ID,
        NOTE,
        Key(
            "critical",
            "flag",
            "`true`: safety information. A product that prints it is not built while any of its texts is "
            "untranslated or fuzzy in the reader's language.",
            inherit=True,
        ),
        LOCALES,
        Key("p", "text", "A paragraph. Inline `*emphasis*`, `**strong**`, `[text](https://url)`.", scope=""),
        Key("h", "text", "A sub-heading inside the section.", scope=""),
        Key(
            "list",
            "list",
            "A bulleted list; an item may start with a bold `term`.",
            scope="",
            keys=(
                ID,
                Key("term", "text", "A bold lead-in word or phrase."),
                Key("text", "text", "The item.", required=True, context=_item_text_context),
                LOCALES,
                NOTE,
            ),
        ),
        Key(
            "questions",
            "list",
            "Numbered questions. The first `questions` block of the guide is also the card's questions, "
            "printed with room to write the answers.",
            scope="",
            keys=ITEMS,
        ),
        Key(
            "table",
            "mapping",
            "A table: `columns`, then `rows` whose `cells` are keyed by column id.",
            scope="",
            keys=(
                Key("caption", "text", "Printed above the table."),
                Key(
                    "columns",
                    "list",
                    "The columns, in order; the first column's cells head their rows.",
                    required=True,
                    scope="col",
                    keys=(ID, Key("text", "text", "The column heading.", required=True, scope=""), NOTE),
                ),
                Key(
                    "rows",
                    "list",
                    "The rows, in order.",
                    scope="",
                    keys=(ID, Key("cells", "cells", "The row's text in each column.", required=True, scope=""), NOTE),
                ),
            ),
        ),
        Key("quote", "text", "A pull quote.", scope=""),
        Key("cite", "text", "Who said the quote (only beside `quote`).", only_with="quote"),
        Key(
            "faq",
            "list",
            "Questions and answers.",
            scope="",
            keys=(
                ID,
                Key("q", "text", "The question.", required=True),
                Key("a", "paragraphs", "The answer: one paragraph, or a list of paragraphs.", required=True),
                LOCALES,
                NOTE,
            ),
        ),
    ),
)

GUIDE_FILE = Key(
    "guide.yaml",
    "mapping",
    "The guide as a whole: its cover, and the card's own texts.",
    scope="",
    keys=(
        Key("title", "text", "The guide's title: cover, running header, PDF title, index page.", required=True),
        Key("subtitle", "text", "A line under the title on the cover; also the PDFs' description."),
        Key("tagline", "text", "A short line above the title on the cover.", renamed_from="kicker"),
        Key("summary", "text", "A paragraph under the title on the cover.", renamed_from="standfirst"),
        Key(
            "card",
            "mapping",
            "The consult card's own texts (its questions come from the guide's first `questions` block).",
            keys=(
                Key("title", "text", "The card's heading. Default: the guide's title."),
                Key("tagline", "text", "A short line above the card's heading.", renamed_from="phrase"),
                Key("intro", "text", "A sentence or two under the heading."),
                Key(
                    "tips",
                    "list",
                    'Short points under the questions, headed "Keep in mind".',
                    keys=ITEMS,
                    renamed_from="reminders",
                ),
                Key("disclaimer", "text", "Small print at the foot of the card."),
                NOTE,
            ),
        ),
        NOTE,
    ),
)

SECTION_FILE = Key(
    "sections/NN-id.yaml",
    "mapping",
    "One section of the guide each, in file-name order.",
    scope="",
    keys=(
        Key("id", "id", "The section's id, unique in the guide; the context of its texts starts with it.", True),
        Key("title", "text", "The section's heading, also in the contents and the running header."),
        BLOCK,
    ),
)

REFERENCES_FILE = Key(
    "references.yaml",
    "mapping",
    "Cited studies, as data; only `about` is translated.",
    scope="",
    keys=(
        Key(
            "references",
            "list",
            "The studies, in the order the guide lists them.",
            keys=(
                ID,
                Key("authors", "data", "As printed: `Hoang et al.`", required=True),
                Key("year", "data", "Year of publication.", required=True),
                Key("journal", "data", "The journal's name.", required=True),
                Key("title", "data", "The article's title, where known."),
                Key(
                    "pmid",
                    "data",
                    "PubMed id, digits only; gives the link and QR code to the abstract.",
                    check=_digits,
                    hint="write the number PubMed gives, such as 36230058",
                ),
                Key("about", "text", "What the study says, in a sentence."),
                NOTE,
            ),
        ),
    ),
)

FILES = (GUIDE_FILE, SECTION_FILE, REFERENCES_FILE)


def _renamed(key: Key, at: str) -> dict[str, str]:
    """Old context → new context of every renamed key under ``key`` (the catalogues' migration)."""
    out: dict[str, str] = {}
    for child in key.keys:
        scope = child.name if child.scope is None else child.scope
        if child.renamed_from and child.kind in ("text", "list", "mapping"):
            out[join(at, child.renamed_from)] = join(at, scope)
        out.update(_renamed(child, join(at, scope)) if child.kind == "mapping" else {})
    return out


# Contexts (and context prefixes) that renamed keys had; `guide update` moves translations to the new ones.
RENAMED_CONTEXTS: dict[str, str] = _renamed(GUIDE_FILE, "")


def renamed_context(context: str | None) -> str | None:
    """The current context of a message whose key was renamed, or None."""
    if context is None:
        return None
    for old, new in RENAMED_CONTEXTS.items():
        if context == old or context.startswith(old + "."):
            return new + context[len(old) :]
    return None
