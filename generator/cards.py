"""One consult card on demand (``guide card``): a locale, an optional second
language, and the paper it is printed on (A6 itself, or 4-up sheets)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build import load_catalogues, make_pdf
from .config import Config
from .content import check_locales, load_content
from .errors import ErrorList, GuideError
from .files import atomic_write
from .fonts import check_fonts
from .impose import SHEET_PAPERS, impose
from .render import make_environment
from .variants import output_name

PAPERS = ("a6", *SHEET_PAPERS)
PRODUCT = "card"


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
    check_fonts(config)
    catalogues, errors = load_catalogues(config, [lang] + ([also] if also else []))
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
    target = out or card_path(config, lang, also, paper)
    try:
        env = make_environment(config)
        guide = load_content(config.content_dir)
        check_locales(guide, list(config.locales))
        pdf, pages, _ = make_pdf(config, env, guide, catalogues, lang, PRODUCT, also)
        if paper != "a6":
            sheets = impose(pdf, paper)
            pdf, pages = sheets.pdf, sheets.sides
    except GuideError as exc:
        if exc.path is None:
            exc.path = target
        raise
    atomic_write(target, pdf)
    return Card(target, pages, len(pdf))
