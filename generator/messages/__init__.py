"""Messages stage: the catalogue template (POT), the .po catalogues, lookups, checks.

polib reads and writes every .po/.pot file: it round-trips what translators' tools write
(previous msgids with contexts, comments, obsolete entries, their own headers), where
Babel's writer drops some of it. Babel supplies the locale data (plural forms) and the
Jinja extractor. One module per job, as Babel's ``messages`` package is split:

- ``pofile``: the one reader (syntax, UTF-8, duplicates, lines as gettext counts them) and
  the byte-exact writer (``linebreaks``: where gettext breaks a line);
- ``catalog``: :class:`Catalogue` of :class:`Message`, read by :func:`read_catalogue`, and
  the generator's own catalogue of its templates' strings;
- ``translator``: :class:`Translator` answers a document's lookups and records every message
  that fell back to the source language, for the build summary;
- ``extract``: the template, from content/ and the templates' ``{% trans %}``;
- ``merge``: ``guide update`` (:func:`merge`, msgmerge's rules keyed by context) and ``guide init``;
- ``plurals``: what a ``Plural-Forms`` header means, and how it departs from CLDR's rule;
- ``stats``, ``checks`` (``guide check`` and the build's gate), ``glossary``;
- ``spreadsheet``: ``guide export`` and ``guide import``, a catalogue as CSV and back, checked.

Other stages import from here, not from the modules.
"""

# The modules extract, merge and stats share their names with functions re-exported here, as in
# Babel: `messages.extract` is the function; reach the module with `from .extract import …`.
from .catalog import Catalogue, Message, generator_catalogue, generator_messages, read_catalogue
from .checks import UNTRANSLATED, Problem, check_project, gate
from .extract import extract, write_catalog
from .glossary import Term, load_glossary, to_csv, to_tbx
from .merge import Updated, init, merge, update, write_merged
from .plurals import PluralRule, differs_from_cldr, plural_forms, same_plural_forms
from .pofile import WIDTH, read_po_file
from .spreadsheet import Imported, catalogue_csv, import_csv
from .stats import Stats, stats
from .translator import Translator

__all__ = [
    "UNTRANSLATED",
    "WIDTH",
    "Catalogue",
    "Imported",
    "Message",
    "Problem",
    "Stats",
    "PluralRule",
    "Term",
    "Translator",
    "Updated",
    "catalogue_csv",
    "check_project",
    "differs_from_cldr",
    "extract",
    "gate",
    "import_csv",
    "generator_catalogue",
    "generator_messages",
    "init",
    "load_glossary",
    "merge",
    "plural_forms",
    "read_catalogue",
    "read_po_file",
    "same_plural_forms",
    "stats",
    "to_csv",
    "to_tbx",
    "update",
    "write_catalog",
    "write_merged",
]
