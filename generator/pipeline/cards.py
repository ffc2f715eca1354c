"""One consult card on demand (``guide card``): a locale, an optional second
language, and the paper it is printed on (A6 itself, or 4-up sheets)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import CARD, Config
from ..errors import ContentError, ErrorList, GuideError
from ..files import atomic_write
from ..fonts import check_fonts
from .incremental import Manifest
from .outputs import keep_changed
from .plan import Job, load_catalogues
from .rendering import Renderer
from .run import make_pdf
from .variants import output_name
from .workers import default_jobs, started_pool

PRODUCT = CARD


@dataclass(frozen=True)
class Card:
    path: Path
    pages: int  # pages of the PDF: card pages, or sheet sides
    size: int
    kept: Path | None = None  # where the file it replaced went: the user had changed it


def card_path(config: Config, lang: str, also: str | None = None, paper: str = "a6") -> Path:
    """Where ``guide build`` puts this card: ``dist/zh_Hant/consult-card.ko.a4.pdf``."""
    output = config.products[PRODUCT].output
    return config.root / config.out / lang / output_name(output, also, None if paper == "a6" else paper)


def make_card(
    config: Config,
    lang: str,
    also: str | None = None,
    paper: str = "a6",
    out: Path | None = None,
    in_process: bool = False,
) -> Card:
    """Build one card and write it to ``out`` (default: its place in the output folder).

    The same path as a build's (:func:`make_pdf`): one job, its sheet or press PDF made by the worker
    beside the card; written where asked, and not recorded (``out`` need not be an output folder).
    ``in_process``: typeset here, in a process that has WeasyPrint imported already (a warm worker).
    """
    target = out or card_path(config, lang, also, paper)
    job = Job(lang, PRODUCT, target, also, () if paper == "a6" else (paper,))
    # Started first: the worker imports WeasyPrint (half a second) while this process renders.
    with started_pool(0 if in_process else 1, even_one=default_jobs() > 1) as pool:
        check_fonts(config)
        loaded = load_catalogues(config, job.locales)
        ErrorList.raise_if(loaded.errors)
        try:
            renderer = Renderer.load(config, loaded.found)
            if renderer.guide.section_with("questions") is None:
                raise ContentError(
                    "no questions block, so there is no card",
                    path=config.content_dir / "sections",
                    hint="add a questions block to a section",
                )
            result = make_pdf(renderer, job, pool)
        except GuideError as exc:
            if exc.path is None:  # the card's own problem: name the card
                raise exc.but(path=target) from exc
            raise
    pdf, pages = (result.sheets[0].pdf, result.sheets[0].sides) if job.papers else (result.pdf, result.pages)
    manifest = _manifest_of(config, target)
    kept = keep_changed(manifest, target)  # a card filled in and saved in place is the user's
    atomic_write(target, pdf)
    if manifest is not None:
        manifest.wrote(target, pdf)
    return Card(target, pages, len(pdf), kept)


def _manifest_of(config: Config, target: Path) -> Manifest | None:
    """The build record of the output folder ``target`` is in (what guide wrote there), if it is in it."""
    out = (config.root / config.out).resolve()
    return Manifest(out) if out in target.resolve().parents else None
