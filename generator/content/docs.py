"""content/README.md, made from the declaration in schema.py: the rules, every key of every file, an
example. ``guide schema`` prints it and ``guide new`` writes it; a test keeps the repository's copy current.
"""

from __future__ import annotations

from ..schema import reference
from .schema import FILES

INTRO = """\
# Writing content

<!-- Generated from generator/content/schema.py by `guide schema > content/README.md`: edit the schema. -->

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


def markdown() -> str:
    """content/README.md: the rules, then every key of every file, from the declaration above."""
    parts = [INTRO, "## Every key\n", "`a[].b`: key `b` of each entry of the list `a`.\n"]
    for spec in FILES:
        parts.append(f"### {spec.name}\n\n{spec.doc}\n")
        parts.append(reference(spec.keys))
    parts.append(EXAMPLE)
    return "\n".join(parts)
