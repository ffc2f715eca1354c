"""The plan: which documents a build (or one ``guide card``) typesets, and what they are made from.

A :class:`Job` is one document (locale × product × variant) and the sheets imposed from it.
:func:`plan` lists a build's jobs in a fixed order, :func:`shard_of` takes one part of them.
The rest are the inputs every job shares: template folders, the characters the locales print
(the prepared fonts are cut down to them), the font families, the catalogues.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..config import Config
from ..errors import GuideError
from ..files import files_under, within
from ..fonts import stacks_for
from ..paths import template_folders
from .variants import output_name

if TYPE_CHECKING:
    from ..messages import Catalogue


class Shard(NamedTuple):
    """Part ``number`` (from 1) of ``total`` parts of a plan: one job of a CI matrix."""

    number: int
    total: int


@dataclass(frozen=True)
class BuildOptions:
    """What one build is asked to make (``guide build``'s options), whole and frozen: MkDocs' config
    is the model. Empty ``locales``/``products``: all of the config's."""

    out: Path | None = None  # None: the config's out
    locales: Sequence[str] = ()  # a tuple once made (a list given becomes one)
    products: Sequence[str] = ()
    write_html: bool = False  # each PDF's HTML beside it, for debugging
    jobs: int | None = None  # typesetting processes; None: one per core
    force: bool = False  # rebuild what is up to date, and write over outputs a reader changed
    variants: bool = True  # the bilingual copies and sheets the products list
    shard: Shard | None = None  # only part i of n of the plan (see shard_of), recorded on its own

    def __post_init__(self) -> None:  # lists given (a caller's, the CLI's) become tuples: options do not change
        object.__setattr__(self, "locales", tuple(self.locales))
        object.__setattr__(self, "products", tuple(self.products))
        if self.shard is not None:
            object.__setattr__(self, "shard", Shard(*self.shard))


@dataclass(frozen=True)
class Job:
    """One document to typeset, and the sheets imposed from it."""

    locale: str
    product: str
    target: Path
    also: str | None = None  # the second locale of a bilingual copy
    papers: tuple[str, ...] = ()  # sheets imposed from it (a4, letter), or press

    @property
    def locales(self) -> list[str]:
        return [self.locale, *([self.also] if self.also else [])]

    @property
    def what(self) -> str:
        return f"{self.locale}+{self.also} {self.product}" if self.also else f"{self.locale} {self.product}"

    def sheet(self, paper: str) -> Path:
        return self.target.with_name(output_name(self.target.name, None, paper))


def plan(config: Config, out: Path, options: BuildOptions) -> list[Job]:
    """Every job: each product in each locale, then its configured bilingual copies, with their sheets;
    the options' shard of them."""
    jobs = []
    variants = options.variants
    for code in options.locales or config.locales:
        for name in options.products or config.products:
            product = config.products[name]
            for also in (None, *product.pairs_for(code)) if variants else (None,):
                target = out / code / output_name(product.output, also)
                jobs.append(Job(code, name, target, also, tuple(product.papers) if variants else ()))
    return shard_of(jobs, options.shard)


def shard_of(jobs: list[Job], shard: Shard | None) -> list[Job]:
    """Part ``i`` of ``n`` of the plan: every n-th job, by the plan's fixed order, so that the parts of
    a CI matrix are disjoint and together the whole build."""
    if shard is None:
        return jobs
    index, count = shard
    return [job for position, job in enumerate(jobs) if position % count == index - 1]


class Catalogues(NamedTuple):
    """The catalogues of some locales (None: the source locale, which needs none) and the ones that failed."""

    found: dict[str, Catalogue | None]
    errors: list[GuideError]


def load_catalogues(config: Config, locales: list[str]) -> Catalogues:
    from ..messages import read_catalogue  # lazy: Babel's catalogues (0.3 s), only when something is rebuilt

    loaded = Catalogues({}, [])
    for code in locales:
        path = config.po_path(code)
        if code == config.source_locale and not path.exists():
            loaded.found[code] = None  # the source needs no catalogue
            continue
        try:
            loaded.found[code] = read_catalogue(path, code, config.root)
        except GuideError as exc:
            loaded.errors.append(exc)
    return loaded


def template_dirs(config: Config) -> list[tuple[Path, Path]]:
    """The templates folders, the project's first, each with the folder its files must lie in."""
    return template_folders(config.templates_dir, config.root)


def characters(config: Config, codes: list[str]) -> str:
    """Every character the locales ``codes`` can print: content, templates, their catalogues (the project's
    and the generator's own), dates."""
    from babel.dates import format_date  # lazy: Babel's dates and the catalogues below, as above

    from ..messages import generator_catalogue

    texts: list[str] = []
    for folder, root in [(config.content_dir, config.root), *template_dirs(config)]:
        texts += [text for p in files_under(folder, root) if (text := _text_or_none(p)) is not None]
    for code in dict.fromkeys([config.source_locale, *codes]):
        path = config.po_path(code)
        if path.is_file() and within(path, config.root):  # else not read: the build refuses it by name
            texts.append(path.read_text("utf-8", errors="replace"))
        shipped = generator_catalogue(code)  # the templates' own words ("Clinic", "Page 1 of 4")
        if shipped is not None:
            texts += [message.msgstr for message in shipped.entries.values()]
        babel = config.locales[code].babel if code in config.locales else code
        texts += [format_date(config.edition, format=f, locale=babel) for f in ("long", "medium", "short")]
    return "".join(sorted(set("".join(texts))))


def _text_or_none(path: Path) -> str | None:
    """A file's text, or None for a binary file (a font in templates/ holds no characters to print)."""
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        return None


def font_families(config: Config) -> list[str]:
    return list(dict.fromkeys(f for locale in stacks_for(config).values() for f in (*locale.sans, *locale.serif)))
