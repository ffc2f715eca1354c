"""One consult card on demand (``guide card``): a locale, an optional second
language, and the paper it is printed on (A6 itself, or 4-up sheets)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..content import check_locales, load_content
from ..errors import ContentError, ErrorList, GuideError
from ..files import atomic_write
from ..fonts import check_fonts
from ..impose import impose
from ..papers import PRESS
from ..typeset.pdfua import tag_sheets
from . import CARD, default_jobs, load_catalogues, make_pdf, worker_pool
from .variants import output_name

PRODUCT = CARD


@dataclass(frozen=True)
class Card:
    path: Path
    pages: int  # pages of the PDF: card pages, or sheet sides
    size: int


def card_path(config: Config, lang: str, also: str | None = None, paper: str = "a6") -> Path:
    """Where ``guide build`` puts this card: ``dist/zh_Hant/consult-card.ko.a4.pdf``."""
    output = config.products[PRODUCT].output
    return config.root / config.out / lang / output_name(output, also, None if paper == "a6" else paper)


def make_card(config: Config, lang: str, also: str | None = None, paper: str = "a6", out: Path | None = None) -> Card:
    """Build one card and write it to ``out`` (default: its place in the output folder)."""
    # Started first: the worker imports WeasyPrint (half a second) while this process renders.
    pool = worker_pool(1, even_one=default_jobs() > 1)
    try:
        check_fonts(config)
        catalogues, errors = load_catalogues(config, [lang] + ([also] if also else []))
        ErrorList.raise_if(errors)
        target = out or card_path(config, lang, also, paper)
        try:
            guide = load_content(config.content_dir)
            if guide.section_with("questions") is None:
                raise ContentError(
                    "no questions block, so there is no card",
                    path=config.content_dir / "sections",
                    hint="add a questions block to a section",
                )
            check_locales(guide, list(config.locales))
            press = PRESS if paper == PRESS else None
            pdf, pages, _ = make_pdf(config, guide, catalogues, lang, PRODUCT, also, pool, paper=press)
            if paper not in ("a6", PRESS):
                sheets = impose(pdf, paper)
                pdf, pages = tag_sheets(sheets.pdf, pdf), sheets.sides
        except GuideError as exc:
            if exc.path is None:
                exc.path = target
            raise
    finally:
        if pool is not None:
            pool.shutdown()
    atomic_write(target, pdf)
    return Card(target, pages, len(pdf))
