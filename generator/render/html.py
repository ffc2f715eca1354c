"""Jinja templates → HTML: the environment (gettext, filters, assets) and one product rendered
in one locale."""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
import traceback
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from jinja2 import pass_context
from jinja2.loaders import split_template_path
from markupsafe import Markup

from ..config import Config, LocaleConfig, ProductConfig
from ..content import Guide, read_yaml
from ..errors import CatalogueError, ContentError, GuideError, TemplateError
from ..files import owned_alone, read_input, within
from ..fonts import TEMPLATE_CHARACTERS, PreparedFace, Sample, cache_dir, field_face
from ..messages import Catalogue, Translator, generator_catalogue, load_glossary
from ..paths import template_folders
from . import typography
from .document import Document
from .escape import css_string
from .qr import qr_svg, short_url


def han_fonts(config: Config) -> LocaleConfig:
    """The fonts for Chinese quoted in other languages: a Chinese locale's, or the default."""
    return config.han


@pass_context
def _gettext(ctx: jinja2.runtime.Context, message: str) -> Markup:
    return ctx["doc"].template_text(None, message)


@pass_context
def _pgettext(ctx: jinja2.runtime.Context, context: str, message: str) -> Markup:
    return ctx["doc"].template_text(context, message)


@pass_context
def _ngettext(ctx: jinja2.runtime.Context, singular: str, plural: str, n: int) -> Markup:
    return ctx["doc"].plural_text(None, singular, plural, n)  # the form by the catalogue's Plural-Forms


@pass_context
def _npgettext(ctx: jinja2.runtime.Context, context: str, singular: str, plural: str, n: int) -> Markup:
    return ctx["doc"].plural_text(context, singular, plural, n)


def _data_url(path: Path) -> str:
    # Keyed by the file's identity as well as its path: `guide serve` renders again after an edit,
    # and a cache by path alone embedded the old file (and recorded it under the new input hash).
    stat = path.stat()
    return _encoded(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _encoded(path: Path, mtime_ns: int, size: int) -> str:
    kind = mimetypes.guess_type(path.name)[0] or ("font/otf" if path.suffix == ".otf" else "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@pass_context
def _asset(ctx: jinja2.runtime.Context, name: str) -> Markup:
    """A file from the templates folders (the project's first) as a data: URL.

    Inline, so the HTML does not depend on where the project is checked out.
    """
    config: Config = ctx["config"]
    for folder, root in template_folders(config.templates_dir, config.root):
        path = within(folder / name, folder) if within(folder, root) else None  # never outside the templates
        if path is not None and path.is_file():
            return Markup(_data_url(path))
    raise TemplateError(f"asset {name!r} not found in the templates folders", path=config.templates_dir)


def _form_font(locale: LocaleConfig) -> Markup:
    """The URL of the locale's field face (fonts/fields.py), for a card's fillable fields; "" for Latin."""

    face = field_face(locale)
    return Markup(css_string(face.resolve().as_uri()) if face else "")


@pass_context
def _font_stack(ctx: jinja2.runtime.Context, families: tuple[str, ...] | list[str]) -> Markup:
    return ctx["doc"].font_stack(families)


def _words(config: Config, code: str) -> tuple[str, ...]:
    """Words a line never breaks inside (typography.phrases): the locale's glossary terms and ``words``."""
    path = config.locales_dir / "glossary.yaml"
    content = read_input(path, ContentError, root=config.root) if path.is_file() else b""
    return _glossary_words(path, content, config.source_locale, code, config.root)


@functools.lru_cache(maxsize=16)
def _glossary_words(path: Path, content: bytes, source_locale: str, code: str, root: Path) -> tuple[str, ...]:
    if not content:
        return ()
    terms = [t.targets[code] for t in load_glossary(path, source_locale, root) if code in t.targets]
    extra = ((read_yaml(path, root) or {}).get("words") or {}).get(code) or []
    return tuple(re.sub(r"[「」『』《》\"'\s]", "", str(w)) for w in [*terms, *extra])


@pass_context
def _heading(ctx: jinja2.runtime.Context, markup: str) -> Markup:
    doc: Document = ctx["doc"]
    return typography.title(markup, doc.lang, _words(doc.config, doc.locale.code))


@pass_context
def _cell(ctx: jinja2.runtime.Context, markup: str) -> Markup:
    doc: Document = ctx["doc"]
    return typography.title(markup, doc.lang, _words(doc.config, doc.locale.code), tie=False)


@pass_context
def _column_widths(ctx: jinja2.runtime.Context, block: Any) -> list[float]:
    """Percent widths of a table block's columns, from the text this locale prints in them."""
    doc: Document = ctx["doc"]
    columns = [[doc.plain(col.text)] for col in block.columns]
    for row in block.rows:
        for i, cell in enumerate(row.cells[: len(columns)]):
            columns[i].append(doc.plain(cell))
    return typography.column_widths(columns, doc.lang, _words(doc.config, doc.locale.code))


@pass_context
def _css_text(ctx: jinja2.runtime.Context, context: str, message: str, **variables: str) -> Markup:
    return ctx["doc"].css_text(context, message, **variables)


class _Templates(jinja2.BaseLoader):
    """Jinja's FileSystemLoader, but a template is read only from inside its root (see files.confine)."""

    def __init__(self, folders: list[tuple[Path, Path]]) -> None:
        self.folders = folders

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)  # refuses ".." in a template's name
        for folder, root in self.folders:
            path = folder.joinpath(*pieces)
            if not path.is_file():
                continue
            data = read_input(path, TemplateError, root=root)
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TemplateError(f"not valid UTF-8 (byte {exc.start})", path=path, hint="save it as UTF-8") from None
            return source, str(path), _unchanged(path)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path) -> Any:
    """Jinja's ``uptodate`` for a template file: it still has the modification time it was read with."""
    mtime = path.stat().st_mtime
    return lambda: path.is_file() and path.stat().st_mtime == mtime


def make_environment(config: Config) -> jinja2.Environment:
    """One Jinja environment per build: project templates override built-in ones."""
    env = jinja2.Environment(
        loader=_Templates(template_folders(config.templates_dir, config.root)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_compiled_templates(),
    )
    # (install_gettext_callables is added to the environment by the i18n extension, unknown to mypy)
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext)  # type: ignore[attr-defined]
    env.globals["css_text"] = _css_text
    env.globals["han_fonts"] = han_fonts
    env.globals["qr"] = qr_svg
    env.globals["asset"] = _asset
    env.globals["form_font"] = _form_font
    env.filters["short_url"] = short_url
    env.filters["font_stack"] = _font_stack
    env.filters["css_string"] = css_string
    env.filters["heading"] = _heading  # guide typography (typography.py)
    env.filters["cell"] = _cell
    env.globals["column_widths"] = _column_widths
    env.filters["paragraph"] = typography.paragraph
    return env


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Templates compiled once, kept in the cache folder (keyed by their source): compiling them costs
    every build 0.05 s, loading them 1 ms. None where another user could write there: the cache
    holds code that is run."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    mine = owned_alone(folder) and owned_alone(folder.parent)
    return jinja2.FileSystemBytecodeCache(str(folder)) if mine else None


def _template_error(exc: Exception, config: Config) -> TemplateError:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if isinstance(exc, jinja2.UndefinedError):
        # The line of an undefined name is in the traceback's template frame.

        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".j2", ".html", ".css")):
                name, line = frame.filename, frame.lineno
                break
    message = str(getattr(exc, "message", None) or exc)
    hint = "fix the template"
    unknown = re.fullmatch(r"'(?:dict|[\w.]*Texts) object' has no attribute '([^']+)'", message)
    if unknown:  # guide.texts.card.nope: a text that content/ does not have
        message = f"no text or message named {unknown.group(1)!r}"
        hint = "check the name against content/guide.yaml (guide extract lists every message), or add the text there"
    return TemplateError(message, path=name or config.templates_dir, line=line, hint=hint)


def _translator(config: Config, locale: LocaleConfig, catalogue: Catalogue | None) -> Translator:
    """Lookups in the project's catalogue, then the generator's own strings in that language."""
    is_source = locale.code == config.source_locale
    return Translator(catalogue, is_source=is_source, shipped=generator_catalogue(locale.code))


class Rendition(NamedTuple):
    """Which document to render: a product in a locale, perhaps with a second language, in one fit."""

    locale: LocaleConfig
    product: ProductConfig
    catalogue: Catalogue | None  # None: the source locale
    also: tuple[LocaleConfig, Catalogue | None] | None = None  # the second language of a bilingual copy
    fit: int = 0  # how tightly a template that offers fits sets its text (the product's ``fits``; 0: loosest)


def render_html(
    env: jinja2.Environment, config: Config, guide: Guide, rendition: Rendition, fonts: list[PreparedFace] | None = None
) -> tuple[str, Document]:
    """The HTML of one product in one locale, and the document state (fallbacks).

    The second language of a bilingual product is ``doc.also``; its samples are recorded in
    ``doc.samples`` too, so one font check covers both.
    """
    locale, product, catalogue, also, fit = rendition
    translator = _translator(config, locale, catalogue)
    doc = Document(config=config, locale=locale, product=product, translator=translator, fonts=list(fonts or []))
    doc.samples.append(Sample(locale.lang, TEMPLATE_CHARACTERS, "characters the templates print"))
    if also is not None:
        other, other_catalogue = also
        doc.also = Document(
            config=config,
            locale=other,
            product=product,
            translator=_translator(config, other, other_catalogue),
            samples=doc.samples,
        )
        doc.samples.append(Sample(other.lang, TEMPLATE_CHARACTERS, "characters the templates print"))
    try:
        template = env.get_template(product.template)
        variables = {"doc": doc, "guide": guide, "config": config, "locale": locale, "product": product, "fit": fit}
        html = template.render(variables)
        if translator.fallbacks or (doc.also is not None and doc.also.translator.fallbacks):
            # Second pass so the page can say that some text is in the source language.
            doc.show_notice = True
            keep = 2 if doc.also is not None else 1
            del doc.samples[keep:]  # keep the template characters; the pass records the rest again
            html = template.render(variables)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name!r} not found",
            path=config.templates_dir,
            hint="check the product's template name in guide.toml",
        ) from None
    except jinja2.TemplateError as exc:
        raise _template_error(exc, config) from None
    except GuideError:
        raise
    except Exception as exc:  # a bug met while printing a translation: name it; the other locales still build
        raise _while_printing(exc, doc) from exc
    _check_style(html, doc, product)
    return html, doc


def _check_style(html: str, doc: Document, product: ProductConfig) -> None:
    """guide.toml's [style] is on the page: a project's own base.html.j2 from before it would drop it silently."""
    style = doc.style()
    if style and style not in html:
        own = doc.config.templates_dir / "base.html.j2"
        raise TemplateError(
            f"{product.template} does not print guide.toml's [style] (its colours and size)",
            path=own if own.is_file() else doc.config.templates_dir / product.template,
            hint="add {{ doc.style() }} after the base.css include, as the built-in base.html.j2 does",
        )


def _while_printing(exc: Exception, doc: Document) -> Exception:
    """The translation being printed when ``exc`` was raised, as a located error (else ``exc`` itself)."""
    translator = doc.translator
    if translator.last is None:
        return exc
    path, line = translator.where(*translator.last)
    if path is None:  # it was the source text: not a translation's doing
        return exc
    return CatalogueError(
        f"printing this translation failed ({type(exc).__name__}: {exc}); a bug in guide, please report it",
        path=path,
        line=line,
        hint="meanwhile, check the translation against its msgid (guide check), or remove it to build",
    )
