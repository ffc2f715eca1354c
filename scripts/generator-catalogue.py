"""Refresh the generator's own catalogue: generator/locale/generator.pot and every generator.po.

The POT is extracted from the built-in templates by the same code as `guide extract`
(generator.messages.extract, with an empty guide), so its msgids are exactly the templates'.
Each locale's generator.po is then merged with it as `guide update` does: a changed string
keeps its old translation as fuzzy, a removed one becomes obsolete.

    .venv/bin/python scripts/generator-catalogue.py            # after editing a {% trans %} block
    .venv/bin/python scripts/generator-catalogue.py --init xx  # also start a catalogue for locale xx
    .venv/bin/python scripts/generator-catalogue.py --plural-forms ar  # give ar CLDR's plural rule

A catalogue's Plural-Forms is kept as it is (see generator/messages/plurals.py); where it means other
than CLDR's rule a note says so, and only --plural-forms LOCALE replaces it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import polib

from generator import __version__, messages
from generator.config import Config
from generator.content import Guide
from generator.paths import BUILTIN_TEMPLATES

LOCALE_DIR = Path(__file__).resolve().parents[1] / "generator" / "locale"
DOMAIN = "generator"
PROJECT = f"guide-generator {__version__}"
NO_FOLDER = "no-built-in-templates"  # does not exist


def template_catalogue() -> polib.POFile:
    """The built-in templates' messages, as `guide extract` sees them (no content, no project templates)."""
    root = BUILTIN_TEMPLATES.parent  # so root/templates, the "project's" templates, is the built-in folder
    config = Config(root=root, source_locale="en", locales={}, edition=dt.date(2000, 1, 1))
    # The built-in folder is given as the project's templates, with no built-in folder: a project's POT
    # leaves out the built-in strings the generator ships, but here every one of them is wanted.
    pot = messages.extract(config, Guide(texts={}, sections=(), references=(), units=()), root / NO_FOLDER)
    pot.metadata["Project-Id-Version"] = PROJECT
    pot.header = "Messages the guide generator's built-in templates print."
    return pot


def start(locale: str, pot: polib.POFile) -> polib.POFile:
    """A new, empty catalogue with the headers `guide init` writes (Language, Plural-Forms from Babel)."""
    from babel import Locale

    name = Locale.parse(locale).english_name
    po = polib.POFile(wrapwidth=messages.WIDTH)
    po.header = f"{name} translation of the guide generator's templates."
    po.metadata = {
        "Project-Id-Version": PROJECT,
        "POT-Creation-Date": pot.metadata["POT-Creation-Date"],
        "PO-Revision-Date": pot.metadata["POT-Creation-Date"],
        "Last-Translator": "",
        "Language-Team": name,
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": messages.plural_forms(locale),
    }
    return po


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--init", action="append", default=[], metavar="LOCALE", help="start a catalogue")
    parser.add_argument(
        "--plural-forms", action="append", default=[], metavar="LOCALE", help="adopt CLDR's plural rule"
    )
    args = parser.parse_args()
    pot = template_catalogue()
    pot_path = LOCALE_DIR / f"{DOMAIN}.pot"
    print(("wrote " if messages.write_catalog(pot_path, pot) else "unchanged ") + str(pot_path))
    # as written: an unchanged POT keeps its creation date
    pot = messages.read_po_file(pot_path, hint="", root=LOCALE_DIR)
    for locale in args.init:
        path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            messages.write_catalog(path, start(locale, pot))
    for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        po = messages.read_po_file(path, hint="", root=LOCALE_DIR)
        locale = path.parent.parent.name
        updated = messages.write_merged(path, messages.merge(po, pot), locale, locale in args.plural_forms)
        print(("updated " if updated.changed else "unchanged ") + str(path))
        if updated.plural_note:
            print(f"note: {path}: {updated.plural_note}")


if __name__ == "__main__":
    main()
