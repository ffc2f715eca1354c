"""``guide new DIR``: a small, complete guide project that builds at once.

The example is neutral and short: one section of each kind (text, table,
questions, FAQ) and a references file, a card, and a README for its editors.
Its catalogues are started (the template extracted, one ``.po`` per locale), so
``guide build`` works straight away: untranslated text is printed in English
with the notice. The example's questions are not marked ``critical`` (a
safety-critical question is never printed untranslated, so an untranslated
locale would have no card); the README says when to mark them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel import Locale

from .config import LOCALE_HINT, locale_problem
from .content import markdown
from .errors import ConfigError, GuideError
from .files import atomic_write
from .paths import BUILTIN_TEMPLATES

SOURCE = "en"  # the example's text is English

GUIDE_TOML = """\
# The guide project's config: every key is in the generator's docs/configuration.md.

[guide]
source_locale = "en"
locales = [{locales}]
edition = {edition}        # printed on the card and the cover, formatted per locale
out = "dist"

# Products: the consult card (A6, questions with room to write) and the guide (A5).
# Bilingual cards and home-printer sheets, for example:
# [products.card]
# bilingual = ["ko+en"]         # a Korean card with each question also in English
# papers = ["a4", "letter"]     # two folded cards to a sheet, with cut and fold marks

# The guide's own look, on screen and in press ("Styling a guide" in configuration.md):
# [style]
# accent = "#2e7d32"            # headings, numbers, rules
# size = 10.5                   # base type size in pt (10 to 14)
# [style.fonts]
# latin = "Noto Serif"          # a face per script; the locale's own fonts stay behind it
"""

GUIDE_YAML = """\
# The guide as a whole. Every key is explained in content/README.md.
title: {title}
subtitle: A short example guide, ready to be rewritten
tagline: An example made by guide new
summary: >-
  Each part of this guide shows one kind of content: a paragraph, a list, a
  table, questions with room for answers, and questions with answers.
card:
  title: Questions for your appointment
  intro: Ask each question, and write down the answer you are given.
  tips:
    - id: bring-list
      text: Bring a list of the medicines you take, with their doses.
    - id: someone-with-you
      text: If you can, take someone with you to listen and take notes.
  disclaimer: This card helps you ask questions. It is not medical advice.
"""

SECTIONS = {
    "01-about.yaml": """\
id: about
title: About this guide
blocks:
  - id: intro
    p: >-
      This guide helps you prepare for an appointment. It is an *example*:
      replace its text with your own, section by section.
  - id: parts-heading
    h: What a guide is made of
  - id: parts
    list:
      - id: text
        term: Text
        text: paragraphs, sub-headings and lists like this one.
      - id: tables
        term: Tables
        text: columns and rows, each cell translated on its own.
""",
    "02-options.yaml": """\
id: options
title: Comparing options
blocks:
  - id: intro
    p: A table puts options side by side.
  - id: table
    table:
      caption: Three ways to prepare
      columns:
        - {id: way, text: Way}
        - {id: time, text: Time needed}
        - {id: good-for, text: Good for}
      rows:
        - id: notes
          cells: {way: Written notes, time: 10 minutes, good-for: Remembering what to ask}
        - id: companion
          cells: {way: A companion, time: An afternoon, good-for: A second pair of ears}
        - id: records
          cells: {way: Earlier records, time: A few days, good-for: Showing what was tried before}
""",
    "03-questions.yaml": """\
id: questions
title: Questions to ask
blocks:
  - id: intro
    p: The card carries these questions, with room to write each answer.
  # Mark a block `critical: true` when it is safety information: a product that
  # prints it is then never built with it untranslated.
  - id: list
    questions:
      - id: options
        text: What are my options, including waiting?
      - id: benefits
        text: What are the likely benefits and risks of each option?
      - id: cost
        text: What will it cost in total, and what is included?
      - id: next
        text: Who do I contact if I have a question afterwards?
""",
    "04-faq.yaml": """\
id: faq
title: Frequently asked questions
blocks:
  - id: faq
    faq:
      - id: add-language
        q: How do I add a language?
        a: >-
          Run guide init with the language's code, translate its catalogue in
          locales/, and build again.
      - id: missing-translation
        q: What if a translation is not finished?
        a:
          - The text is printed in English, and the page says so.
          - >-
            Questions marked critical are the exception: what prints them is
            not built until they are translated.
""",
}

REFERENCES_YAML = """\
# Cited studies, as data; only `about` is translated. A `pmid` adds a PubMed link and QR code.
references:
  - id: example-2024
    authors: Author A, Author B
    year: 2024
    journal: Journal of Examples
    title: Replace this entry with a study your guide cites
    about: What the study found, in a sentence.
"""

README = """\
# {title}

A guide made with `guide` (the multilingual printable guide generator): a
pocket consult card and an A5 guide, in {names}.

## Build

```sh
guide build                  # every locale into dist/: consult-card.pdf and guide.pdf each
guide build --locale {second} # one locale
guide serve                  # preview on http://127.0.0.1:8000/, rebuilt on save
```

Open `dist/index.html` to see every PDF.

## Write

The text is in `content/` (the format of every key: `content/README.md`):

| file | what |
| --- | --- |
| `content/guide.yaml` | the title, the cover, the card's own texts |
| `content/sections/*.yaml` | the sections, in file-name order |
| `content/references.yaml` | cited studies |

The card prints the first `questions` block. Mark a block `critical: true` when
it is safety information: a card or guide that prints it is not built while its
translation is missing or fuzzy.

## Translate

After changing the text:

```sh
guide extract && guide update      # every catalogue gets the new and changed English
guide check                        # then fix what it reports
```

Translate `locales/<locale>/LC_MESSAGES/guide.po` in Poedit, Weblate or a text
editor. Until a message is translated it is printed in English, and the page
says that some text is shown in English. A new language: `guide init ja`.
"""


def new_project(folder: Path, title: str, locales: list[str]) -> list[Path]:
    """Write the example project into ``folder`` (new or empty) and start its catalogues; return what was written."""
    codes = list(dict.fromkeys([SOURCE, *locales]))
    for code in codes:
        problem = locale_problem(code)  # guide.toml's own rule, so the new project loads
        if problem:
            raise ConfigError(problem, hint=LOCALE_HINT)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise GuideError("folder exists and is not empty", path=folder, hint="choose a new folder")
    if not title.strip() or "\n" in title:
        raise GuideError("the title must be one line of text", hint="pass --title 'My guide'")

    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    files: dict[str, str] = {
        "guide.toml": GUIDE_TOML.format(
            locales=", ".join(f'"{code}"' for code in codes), edition=dt.date.today().isoformat()
        ),
        "content/guide.yaml": GUIDE_YAML.format(title=f'"{quoted}"'),
        "content/references.yaml": REFERENCES_YAML,
        "content/README.md": markdown(),
        "README.md": README.format(
            title=title,
            names=", ".join(Locale.parse(code).english_name or code for code in codes),  # CLDR may lack a name
            second=codes[1] if len(codes) > 1 else SOURCE,
        ),
        ".gitignore": "dist/\n",
        **{f"content/sections/{name}": text for name, text in SECTIONS.items()},
    }
    written = []
    for name, text in files.items():
        path = folder / name
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    written += start_catalogues(folder, codes)
    return written


def start_catalogues(folder: Path, codes: list[str]) -> list[Path]:
    """``guide extract``, then ``guide init`` for each locale but the source."""
    from . import messages
    from .config import load_config
    from .content import load_content

    config = load_config(folder)
    messages.write_catalog(
        config.pot_path, messages.extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES)
    )
    return [config.pot_path] + [messages.init(config, code) for code in codes if code != config.source_locale]
