"""Content stage: read ``content/`` into translation units and a document model.

Every string a reader sees is a :class:`Unit` with a stable context built from
ids (``risks.kinds.infection.text``), its source text, an optional translator
note and the file and line it came from. Sections are lists of typed blocks.
See content/README.md for the format editors write.

The format is declared once in schema.py; reader.py reads a file against it,
load.py builds the model (model.py) from every file, docs.py documents it.
"""

from __future__ import annotations

from .docs import markdown
from .load import check_locales, load_content
from .model import Block, Column, FaqItem, Guide, Item, Missing, Reference, Row, Section, Texts
from .reader import Unit
from .schema import BLOCK_KINDS, CONTROL, CONTROL_HINT, FILES, RENAMED_CONTEXTS, renamed_context
from .yamlfile import read_yaml

__all__ = [
    "BLOCK_KINDS",
    "CONTROL",
    "CONTROL_HINT",
    "FILES",
    "RENAMED_CONTEXTS",
    "Block",
    "Column",
    "FaqItem",
    "Guide",
    "Item",
    "Missing",
    "Reference",
    "Row",
    "Section",
    "Texts",
    "Unit",
    "check_locales",
    "load_content",
    "markdown",
    "read_yaml",
    "renamed_context",
]
