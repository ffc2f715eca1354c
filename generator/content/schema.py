"""The content format, declared once.

Every key an editor may write in ``content/`` is a :class:`Key` below. From this
one declaration come:

- the validation (:func:`read`): unknown, missing, renamed and mistyped keys,
  each reported as ``file:line: problem (what to do)`` with the YAML line;
- the translation units: every ``text`` key becomes one, its context built from
  ids (``risks.kinds.infection.text``), so reordering keeps translations;
- the documentation of every key in ``content/README.md`` (:func:`markdown`,
  ``guide schema``), which a test keeps current;
- the catalogue migration of renamed keys (:data:`RENAMED_CONTEXTS`, applied by
  ``guide update``), so no translation is lost when a key gets a better name.

Only what a guide cannot do without is required: its title (and, if the card is
built, a questions block: see build). Templates leave out what is absent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError, GuideError

# Control characters (tab and newline are layout), and bidi embeddings, overrides and isolates:
# these reorder and mirror the text after them ("Trojan Source"), and could show 10 as 01.
# The marks U+200E/U+200F, which reorder nothing, are allowed.
# What text may not hold, in content and translations alike: C0/C1 controls but tab and newline (which
# a PO string may carry), line and paragraph separators, and every bidi mark, embedding, override and
# isolate (they reorder "10 2" into "2 10"). Zero-width spaces and joiners are text in Thai, Persian,
# Indic scripts.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
CONTROL_HINT = "delete it: it prints as nothing or a box, or reorders the text around it"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# What a value may be. "text" is translated; "data" is printed as written.
KINDS = {
    "text": "text (translated)",
    "paragraphs": "text, or a list of paragraphs (translated)",
    "data": "text or number, printed as written (not translated)",
    "note": "a note to translators (not printed)",
    "id": "id",
    "flag": "true or false",
    "mapping": "mapping",
    "list": "list",
    "cells": "mapping of column id to text (translated)",
    "locales": "list of locale codes",
}
LOCALE_RE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Key:
    """One key of a content file, its kind, its meaning and how its context is built."""

    name: str
    kind: str  # one of KINDS
    doc: str
    required: bool = False
    keys: tuple[Key, ...] = ()  # a mapping's keys, or the keys of each entry of a list
    # What the key adds to the translation context of the texts under it (None: its name, "": nothing).
    scope: str | None = None
    # A context computed from the entry (``list`` items: ``.text`` only when there is a ``term``).
    context: Callable[[str, dict[str, Any]], str] | None = field(default=None, compare=False)
    one_of: tuple[str, ...] = ()  # a mapping (block) needs exactly one of these keys
    only_with: str | None = None  # allowed only beside this key (a quote's cite)
    entry: str = ""  # how an entry of this list is named in messages ("block")
    renamed_from: str | None = None
    example: str | None = None
    inherit: bool = False  # applies to every text under the mapping (critical, locales)

    def child(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


NOTE = Key("note", "note", "A comment for translators, shown in their tools (`#.` in the `.po` file).")
ID = Key(
    "id",
    "id",
    "Lower-case letters, digits and hyphens; part of the translation context, so never reuse or renumber.",
    required=True,
)


def _item_text_context(at: str, node: dict[str, Any]) -> str:
    return _join(at, "text") if "term" in node else at


LOCALES = Key(
    "locales",
    "locales",
    "Print this only in these locales, e.g. `[zh_Hant]` (every text under it too); other locales leave it "
    "out. Each code must be one of `guide.locales` in guide.toml.",
    inherit=True,
)
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
                Key("pmid", "data", "PubMed id, digits only; gives the link and QR code to the abstract."),
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
            out[_join(at, child.renamed_from)] = _join(at, scope)
        out.update(_renamed(child, _join(at, scope)) if child.kind == "mapping" else {})
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


# --- Reading ------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One translatable string."""

    context: str
    text: str
    note: str | None
    path: Path
    line: int
    critical: bool = False  # safety-relevant: never printed untranslated (see build)
    locales: tuple[str, ...] | None = None  # printed only in these locales (``locales:``); None: in all

    def shown_in(self, code: str) -> bool:
        return self.locales is None or code in self.locales


class Reader:
    """Reads one parsed YAML file against its :class:`Key`; collects every problem with its line.

    The result mirrors the file: mappings are dicts, lists are lists of dicts, texts are
    :class:`Unit`. Invalid parts are left out (and reported), so one pass finds every problem.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[GuideError] = []
        self.units: list[Unit] = []
        self.contexts: dict[str, int] = {}

    def fail(self, message: str, node: Any, key: str | None = None, hint: str | None = None) -> None:
        line = None
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(key) if key else None
            line = line or node.get("__line__")
        self.errors.append(ContentError(message, path=self.path, line=line, hint=hint))

    def mapping(
        self,
        node: Any,
        spec: Key,
        at: str,
        where: str,
        note: str | None = None,
        critical: bool = False,
        only: tuple[str, ...] | None = None,
    ) -> dict[str, Any] | None:
        if not isinstance(node, dict):
            self.errors.append(ContentError(f"{where or spec.name}: expected a mapping", path=self.path))
            return None
        allowed = {k.name for k in spec.keys}
        errors = len(self.errors)
        for key in node:
            if isinstance(key, str) and (key.startswith("__") or key in allowed):
                continue
            new = next((k.name for k in spec.keys if k.renamed_from == key), None)
            if new:
                self.fail(
                    f"{where + ': ' if where else ''}key {key!r} was renamed {new!r}",
                    node,
                    key,
                    hint="rename it in the file; `guide extract && guide update` moves its translations",
                )
            else:
                self.fail(
                    f"{where + ': ' if where else ''}unknown key {key!r}",
                    node,
                    key,
                    hint=f"allowed: {', '.join(sorted(allowed))}; see content/README.md",
                )
        if spec.one_of:
            present = [k for k in spec.one_of if k in node]
            if len(present) != 1 and len(self.errors) > errors:  # a misspelt kind: said above
                return None
            if len(present) != 1:
                self.fail(f"{where}: a {spec.entry or 'mapping'} needs exactly one of {', '.join(spec.one_of)}", node)
                return None
        note = node.get("note") if isinstance(node.get("note"), str) else note
        for child in spec.keys:
            if child.inherit and child.kind == "flag" and node.get(child.name) is True:
                critical = True
            if child.inherit and child.kind == "locales" and child.name in node:
                only = self.locales(node, child.name, where) or only
        out: dict[str, Any] = {"__line__": node.get("__line__")}
        order = list(node)  # the file's order, so the catalogues list texts as the reader meets them
        for child in sorted(spec.keys, key=lambda k: order.index(k.name) if k.name in node else len(order)):
            value = node.get(child.name)
            if value is None:
                if child.required:
                    self.fail(
                        f"{where + ': ' if where else ''}missing {child.name!r}",
                        node,
                        hint="add it; content/README.md says what each key means",
                    )
                continue
            if child.only_with and child.only_with not in node:
                self.fail(f"{where}: {child.name!r} belongs beside {child.only_with!r}", node, child.name)
                continue
            scope = child.name if child.scope is None else child.scope
            inner = child.context(at, node) if child.context else _join(at, scope)
            out[child.name] = self.value(node, child, value, inner, where, note, critical, only)
        return out

    def locales(self, node: dict[str, Any], key: str, where: str) -> tuple[str, ...] | None:
        raw = node.get(key)
        if not isinstance(raw, list) or not raw or not all(isinstance(c, str) and LOCALE_RE.match(c) for c in raw):
            self.fail(f"{where + ': ' if where else ''}'locales' must be a list of locale codes", node, key,
                      hint="e.g. locales: [zh_Hant]")  # fmt: skip
            return None
        return tuple(raw)

    def value(
        self,
        node: dict[str, Any],
        spec: Key,
        value: Any,
        at: str,
        where: str,
        note: str | None,
        critical: bool,
        only: tuple[str, ...] | None = None,
    ) -> Any:
        here = _join(where, spec.name) if where else spec.name
        if spec.kind == "text":
            if spec.required and isinstance(value, str) and not value.strip():
                self.fail(f"{here}: must not be empty", node, spec.name)
                return None
            if isinstance(value, dict) and "text" in value:  # {text: ..., locales: [...], note: ...}
                for key in value:
                    if not str(key).startswith("__") and key not in ("text", "locales", "note"):
                        self.fail(f"{here}: unknown key {key!r}", value, key, hint="allowed: locales, note, text")
                if "locales" in value:
                    only = self.locales(value, "locales", here) or only
                inner = value.get("note") if isinstance(value.get("note"), str) else note
                return self.unit(value, "text", at, inner, critical, only)
            return self.unit(node, spec.name, at, note, critical, only)
        if spec.kind == "paragraphs":
            if isinstance(value, list) and value:
                line = node["__lines__"].get(spec.name, node["__line__"])
                return [
                    self.unit({"a": text, "__line__": line + n}, "a", f"{at}{n + 1}", note, critical, only)
                    for n, text in enumerate(value)
                ]
            if isinstance(value, list):
                self.fail(f"{here}: must be text or a non-empty list of paragraphs", node, spec.name)
                return None
            return [self.unit(node, spec.name, at, note, critical, only)]
        if spec.kind in ("data", "note"):
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                self.fail(f"{here}: must be text", node, spec.name)
                return None
            return value
        if spec.kind == "flag":
            if not isinstance(value, bool):
                self.fail(f"{here}: must be true or false", node, spec.name)
            return value is True
        if spec.kind == "locales":
            return only
        if spec.kind == "id":
            return str(value)
        if spec.kind == "mapping":
            return self.mapping(value, spec, at, here, note, critical, only)
        if spec.kind == "cells":
            if not isinstance(value, dict):
                self.fail(f"{where}: 'cells' must map column ids to text", node, spec.name)
                return None
            return {
                str(key): self.unit(value, key, _join(at, str(key)), note, critical, only)
                for key in value
                if not str(key).startswith("__")
            }
        return self.entries(node, spec, value, at, where, critical, only)

    def entries(
        self,
        node: dict[str, Any],
        spec: Key,
        value: Any,
        at: str,
        where: str,
        critical: bool,
        only: tuple[str, ...] | None = None,
    ) -> list[dict[str, Any]]:
        """A list of mappings, each with its own unique id."""
        here = f"{at}: {spec.entry}" if spec.entry else (at or spec.name)
        if value == [] and not spec.required:  # an empty list is simply absent (no heading over nothing)
            return []
        if not isinstance(value, list) or not value:
            kind = "a non-empty list" if spec.required else "a list"
            self.fail(f"{where + ': ' if where else ''}{spec.name!r} must be {kind}", node, spec.name)
            return []
        seen: set[str] = set()
        out = []
        for entry in value:
            if not isinstance(entry, dict):
                self.errors.append(ContentError(f"{here}: expected a mapping with an 'id'", path=self.path))
                continue
            ident = entry.get("id")
            if ident is None:
                self.fail(f"{here}: missing 'id'", entry, hint="add a short stable id such as id: cell-source")
                continue
            ident = str(ident)
            if not ID_RE.match(ident):
                self.fail(f"{here}: id {ident!r} must be lower-case letters, digits and hyphens", entry, "id")
                continue
            if ident in seen:
                self.fail(f"{here}: duplicate id {ident!r}", entry, "id", hint="ids must be unique within their list")
                continue
            seen.add(ident)
            # A list entry's note is its own: the note of the mapping around the list is not inherited.
            read = self.mapping(entry, spec, _join(at, ident), _join(at, ident), None, critical, only)
            if read is not None:
                out.append(read)
        return out

    def unit(
        self,
        node: dict[str, Any],
        key: str,
        context: str,
        note: str | None,
        critical: bool,
        only: tuple[str, ...] | None = None,
    ) -> Unit | None:
        value = node.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(f"{context}: {key!r} must be text", node, key)
            return None
        if not value.strip():  # an empty optional text is simply absent
            return None
        control = CONTROL.search(value)
        if control:  # YAML lets "\0" escapes through; a page cannot print them
            self.fail(f"{context}: control character U+{ord(control.group()):04X} in the text", node, key, CONTROL_HINT)
            return None
        if context in self.contexts:
            self.fail(
                f"duplicate context {context!r} (first on line {self.contexts[context]})",
                node,
                key,
                hint="give each block and item its own id",
            )
        line = node.get("__lines__", {}).get(key) or node.get("__line__", 0)
        self.contexts[context] = line
        unit = Unit(
            context=context, text=value.strip(), note=note, path=self.path, line=line, critical=critical, locales=only
        )
        self.units.append(unit)
        return unit


# --- Documentation ------------------------------------------------------------

INTRO = """\
# Writing content

<!-- Generated from generator/schema.py by `guide schema > content/README.md`; edit the schema, not this file. -->

The guide's text lives here as YAML. Every string a reader sees becomes one
translation unit in `locales/<domain>.pot`, with a stable *context* built from
ids, so translators keep their work when you reorder or edit other units.

```
content/
  guide.yaml          # the title, the cover, the card's own texts
  references.yaml     # cited studies as data (optional)
  sections/NN-id.yaml # one section of the guide each, in file-name order
```

Only the guide's `title` is required, and a `questions` block if the consult
card is built (without one, the build skips the card and says so). Everything
else may be left out: the templates print nothing for what is absent, and an
empty text counts as absent.

## Rules

- Every section, block and list item has an `id`: lower-case letters, digits and
  hyphens. Ids are the translation context (`risks.kinds.infection.text`):
  **never reuse an id for different meaning, never renumber**. Changing text keeps
  the id; a new paragraph gets a new id.
- `note:` beside a text is a comment shown to translators (`#.` in the `.po`
  file). Use it where meaning is subtle or a term must be kept.
- Inline markup inside text: `*emphasis*`, `**strong**`, `[text](https://url)`.
  No HTML: it is printed as text.
- Chinese phrases quoted in another language (問清楚) are written as they are;
  the generator tags them with `han_lang` from guide.toml so they get the Chinese font.
- Numbers, PMIDs and URLs are written exactly; translators must keep them.
- Unknown keys are errors, reported with their file and line.
"""

EXAMPLE = """\
## A section file

```yaml
id: risks                      # section id (unique)
title: Risks to weigh
blocks:
  - id: intro                  # a paragraph
    p: Any treatment carries *some* risk.
  - id: ask                    # a sub-heading inside the section
    h: What to ask
  - id: kinds                  # a list; items may have a bold `term`
    list:
      - id: infusion
        term: Infusion reactions
        text: fever or chills, which usually settle by themselves.
  - id: questions              # numbered questions (the card prints the first such block)
    critical: true             # never printed untranslated
    questions:
      - id: source
        text: Where does the product come from?
        note: "A note for translators."
  - id: markets                # a table: columns, then rows of cells keyed by column id
    table:
      caption: Two markets
      columns:
        - {id: market, text: Market}
        - {id: rule, text: Rule}
      rows:
        - id: korea
          cells: {market: Korea, rule: MFDS framework}
  - id: pull                   # a pull quote
    quote: Both can be true at once.
    cite: The editor
  - id: faq                    # questions and answers; `a` is one paragraph or a list of them
    faq:
      - id: approved
        q: Is it approved?
        a: Not as a category.
```
"""


def _rows(spec: Key, prefix: str) -> list[str]:
    rows = []
    for key in spec.keys:
        path = f"{prefix}{key.name}"
        kind = KINDS[key.kind]
        if key.kind == "list":
            kind = "list of mappings, each with an `id`"
        doc = key.doc + (f" (Formerly `{key.renamed_from}`.)" if key.renamed_from else "")
        rows.append(f"| `{path}` | {kind} | {'yes' if key.required else ''} | {doc} |")
        if key.kind == "mapping":
            rows += _rows(key, f"{path}.")
        elif key.kind == "list":
            rows += _rows(key, f"{path}[].")
    return rows


def markdown() -> str:
    """content/README.md: the rules, then every key of every file, from the declaration above."""
    parts = [INTRO, "## Every key\n", "`a[].b`: key `b` of each entry of the list `a`.\n"]
    for spec in FILES:
        parts.append(f"### {spec.name}\n\n{spec.doc}\n")
        parts.append("| key | value | required | meaning |\n| --- | --- | --- | --- |")
        parts.append("\n".join(_rows(spec, "")) + "\n")
    parts.append(EXAMPLE)
    return "\n".join(parts)
