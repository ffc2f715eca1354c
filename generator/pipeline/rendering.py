"""Rendering a job, in the build's process: what every job needs loaded once (:class:`Renderer`), a
job's HTML checked (safety policy, font coverage) and ready for a worker, in the fit an earlier build
chose or, after it ran over its pages, in the next (see :mod:`.fits`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from ..config import Config
from ..files import atomic_write
from ..fonts import cache_dir, check_coverage, prepare_faces
from ..paths import BUILTIN_TEMPLATES
from . import fits
from .plan import Job, characters, font_families
from .policy import check_policy
from .workers import TypesetTask

if TYPE_CHECKING:
    import jinja2

    from ..content import Guide
    from ..fonts import PreparedFace
    from ..messages import Catalogue
    from ..render import Document
    from ..typeset import TooLong


class Rendered(NamedTuple):
    """A job's HTML in one fit, ready for a worker, and the document it was rendered from (its messages)."""

    task: TypesetTask
    doc: Document
    first: str  # the HTML of fit 0: the fits' key, and what --html writes
    fit: int = 0  # the fit of task.html
    start: int = 0  # the fit it was first typeset in (the remembered one, else 0)


@dataclass
class Renderer:
    """What rendering any job needs, loaded once: the content, catalogues, Jinja environment, fonts."""

    config: Config
    guide: Guide
    catalogues: dict[str, Catalogue | None]
    env: jinja2.Environment
    faces: dict[tuple[str, ...], list[PreparedFace]] = field(default_factory=dict)

    @classmethod
    def load(cls, config: Config, catalogues: dict[str, Catalogue | None]) -> Renderer:
        # lazy: content (YAML) and render (Jinja, Markdown) cost 0.1 s to import; a no-op build renders nothing
        from ..content import check_locales, load_content
        from ..render import make_environment

        guide = load_content(config.content_dir)
        check_locales(guide, list(config.locales))
        return cls(config, guide, catalogues, make_environment(config))

    def fonts(self, job: Job) -> list[PreparedFace]:
        """The faces a job's locales print with, cut down to their characters (once per set of locales)."""
        codes = tuple(job.locales)
        if codes not in self.faces:
            self.faces[codes] = prepare_faces(font_families(self.config), characters(self.config, job.locales))
        return self.faces[codes]

    def render(self, job: Job, fit: int) -> tuple[str, Document]:
        """The HTML of one job in one fit, and its document."""
        from ..render import Rendition, render_html  # lazy: see load

        locale = self.config.locales[job.locale]
        second = (self.config.locales[job.also], self.catalogues[job.also]) if job.also else None
        rendition = Rendition(locale, self.config.products[job.product], self.catalogues[job.locale], second, fit)
        return render_html(self.env, self.config, self.guide, rendition, self.fonts(job))


def render_job(renderer: Renderer, job: Job, write_html: bool = False, thumbnail: bool = False) -> Rendered:
    """Render one job's HTML and check it (safety policy, font coverage): its typeset task, in the fit
    an earlier build chose (see :mod:`.fits`), else the loosest.

    With ``write_html`` the HTML is written beside the PDF first, for debugging (also when
    typesetting then fails).
    """
    from ..typeset import Typesetting  # lazy: see workers.typeset_task

    config = renderer.config
    product = config.products[job.product]
    html, doc = renderer.render(job, 0)
    check_policy(config, job, doc)
    check_coverage(config, doc.samples, default=config.locales[job.locale])
    if write_html:
        atomic_write(job.target.with_suffix(".html"), html.encode("utf-8"))
    roots = (config.root, BUILTIN_TEMPLATES, cache_dir())
    how = Typesetting(config.root, roots, product.max_pages, job.what, forms=True)  # the card's fields fillable
    rendered = Rendered(TypesetTask(html, how, job.papers, thumbnail), doc, html)
    known = fits.known(html, product.max_pages) if product.fits > 1 else None
    if known is not None and 0 < known[0] < product.fits:
        tighter = renderer.render(job, known[0])[0]
        if fits.digest(tighter) == known[1]:  # the template still sets that fit as it did
            return rendered._replace(task=replace(rendered.task, html=tighter), fit=known[0], start=known[0])
    return rendered


def next_fit(renderer: Renderer, job: Job, rendered: Rendered, over: TooLong) -> Rendered:
    """The job in its next tighter fit, after ``rendered`` ran ``over`` its pages; raises if there is none."""
    product = renderer.config.products[job.product]
    number = rendered.fit + 1
    html = renderer.render(job, number)[0] if number < product.fits else rendered.task.html
    if html == rendered.task.html:  # no tighter fit: declared none, or the template offers no more
        raise over if rendered.fit == 0 else fits.too_long(job.what, product.max_pages, over.pages)
    return rendered._replace(task=replace(rendered.task, html=html), fit=number)
