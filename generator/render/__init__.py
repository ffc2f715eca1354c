"""Render stage: content + catalogue → one HTML document per locale and product.

Every string reaches the page through :class:`Document`, which
- looks the string up in the locale's catalogue (falling back to the source
  language, tagged ``lang`` so it gets the right font, and recorded);
- renders the small inline Markdown of content (emphasis, strong, links) with
  markdown-it, which escapes any HTML a translation might carry;
- tags script runs: Chinese quoted in other languages gets ``lang=han_lang``,
  Korean gets ``lang=ko``; a Korean word that inline markup cuts in two
  (``*세포 출처*는``) is wrapped whole in an unbreakable span (the typeset stage
  keeps every other Korean word whole).

A bilingual product (a card for a Hong Kong patient and a Korean clinician)
renders with a second Document, ``doc.also``, for the second language: its
texts go through the same lookup, tagging and font checks in that language.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import pass_context
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup, escape

from ..config import DEFAULT_FONTS, Config, LocaleConfig, ProductConfig
from ..content import Block, FaqItem, Guide, Item, Unit
from ..errors import TemplateError
from ..fonts import PREPARED_SUFFIX, TEMPLATE_CHARACTERS, PreparedFace, Sample
from ..messages import Catalogue, Translator, generator_catalogue
from ..paths import BUILTIN_TEMPLATES
from ..typeset import LONGEST_WORD
from . import typography
from .qr import qr_svg, short_url

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_RUNS = re.compile(rf"(?P<hangul>[^\s{_HAN}]*[{_HANGUL}][^\s{_HAN}]*)|(?P<han>[{_HAN}][{_HAN}{_CJK_PUNCT}]*)")


def _primary(lang: str) -> str:
    return lang.split("-")[0].lower()


def script_runs(text: str, lang: str, han_lang: str) -> list[tuple[str, str]]:
    """(lang, text) pieces: the language each part of ``text`` is printed in."""
    runs: list[tuple[str, str]] = []
    last = 0
    for match in _RUNS.finditer(text):
        runs.append((lang, text[last : match.start()]))
        if match.group("hangul"):
            runs.append(("ko" if _primary(lang) != "ko" else lang, match.group()))
        elif _primary(lang) in ("zh", "ja"):
            runs.append((lang, match.group()))
        else:
            runs.append((han_lang, match.group()))
        last = match.end()
    runs.append((lang, text[last:]))
    return [(run_lang, piece) for run_lang, piece in runs if piece]




@functools.cache
def is_rtl(lang: str) -> bool:
    """Whether ``lang`` (a BCP 47 tag) is written right to left, as CLDR says (ar, fa, he, ur...)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang, sep="-").character_order == "right-to-left"
    except (UnknownLocaleError, ValueError, TypeError):
        return False


# A left-to-right run inside right-to-left text: Latin words with the digits, spaces and
# punctuation between them (PMID 36230058, PubMed, pubmed.ncbi.nlm.nih.gov/36230058/).
_LATIN = "A-Za-z\u00c0-\u024f"
# (%(name)s placeholders are matched first, and left alone.)
_LTR_RUN = re.compile(rf"%\(\w+\)s|[{_LATIN}][{_LATIN}0-9 .,:/_@&+'\u2019-]*[{_LATIN}0-9/]|[{_LATIN}]")


def escape_isolating(text: str, rtl: bool) -> str:
    """Escape ``text``; in right-to-left text, wrap each left-to-right run in ``<bdi dir="ltr">``.

    Isolated, a run keeps its own order and punctuation: unisolated, the full stop after
    "Hoang et al. (2023)." in Arabic text is drawn at the run's left end.
    """
    if not rtl:
        return str(escape(text))
    out, last = [], 0
    for match in _LTR_RUN.finditer(text):
        run = escape(match.group())
        out += [str(escape(text[last : match.start()])), run if run.startswith("%(") else f'<bdi dir="ltr">{run}</bdi>']
        last = match.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


# Khmer, Lao and Myanmar write words without spaces. Pango finds the breaks between Thai words
# (libthai's dictionary) but breaks these scripts only at spaces: a long phrase ran off the page.
# ICU's dictionaries find the words, and a ZERO WIDTH SPACE marks each break (as Khmer typists
# do by hand); it is never inside a cluster, and a line never starts with a combining mark.
_DICTIONARY_SCRIPTS = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff\u1000-\u109f\uaa60-\uaa7f\u0e80-\u0eff]+")
ZWSP = "\u200b"


@functools.cache
def _line_breaks(run: str) -> tuple[int, ...]:
    from icu4py.breakers import LineBreaker

    ends, position = [], 0
    first = run[0]
    locale = "lo" if first <= "\u0eff" else "my" if first <= "\u109f" or first >= "\uaa60" else "km"
    for segment in LineBreaker(run, locale):  # (ICU picks the dictionary by script; the locale is a hint)
        position += len(segment)
        ends.append(position)
    return tuple(ends[:-1])


def mark_word_breaks(text: str) -> str:
    """``text`` with a zero width space between the words of each Khmer, Lao or Myanmar run."""
    if not _DICTIONARY_SCRIPTS.search(text):
        return text

    def split(match: re.Match[str]) -> str:
        run, last, pieces = match.group(), 0, []
        for end in _line_breaks(run):
            pieces.append(run[last:end])
            last = end
        return ZWSP.join([*pieces, run[last:]])

    return _DICTIONARY_SCRIPTS.sub(split, text)


def tag_scripts(text: str, lang: str, han_lang: str) -> str:
    """Escape ``text`` and wrap script runs that need their own lang (and, in RTL text, direction)."""
    text = mark_word_breaks(text)
    out: list[str] = []
    rtl = is_rtl(lang)
    last = 0
    for match in _RUNS.finditer(text):
        out.append(escape_isolating(text[last : match.start()], rtl))
        run = str(escape(match.group()))
        if match.group("hangul"):
            # Korean words are kept whole when typeset (typeset.keep_korean_words)
            out.append(run if _primary(lang) == "ko" else f'<span lang="ko">{run}</span>')
        elif _primary(lang) in ("zh", "ja"):
            out.append(run)
        else:
            out.append(f'<span lang="{html_attribute(han_lang)}">{run}</span>')
        last = match.end()
    out.append(escape_isolating(text[last:], rtl))
    return "".join(out)


# Typographic quotes that straight quotes in content become, per language.
QUOTES = {"zh": "「」『』", "ja": "「」『』", "fr": "«»‹›", "de": "„“‚‘"}
DEFAULT_QUOTES = "“”‘’"


def _pair_cjk_quotes(state: StateCore) -> None:
    """Chinese, Japanese and Korean: straight double quotes are paired in reading order.

    smartquotes leaves a quote with a letter on both sides straight (``foo"bar"baz``,
    right for English), but in these scripts a closing quote is often followed directly
    by a letter: a Korean particle (``"일반 웰니스"로``), Chinese 的, Japanese は. There a
    straight double quote is never an inch mark, so before smartquotes runs the quotes
    of each paragraph become open, close, open, ...; an odd one out stays straight.
    Escaped quotes (``\\"``) are other tokens and stay; single quotes are left to smartquotes.
    """
    if _primary(state.env.get("lang", "")) not in ("zh", "ja", "ko"):
        return
    open_quote, close_quote = state.md.options["quotes"][:2]
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        texts = [t for t in block.children if t.type == "text" and '"' in t.content]
        pairs = sum(t.content.count('"') for t in texts) // 2
        seen = 0
        for token in texts:
            chars = list(token.content)
            for i, char in enumerate(chars):
                if char == '"' and seen < 2 * pairs:
                    chars[i] = close_quote if seen % 2 else open_quote
                    seen += 1
            token.content = "".join(chars)


@functools.cache
def _markdown(quotes: str) -> MarkdownIt:
    """Inline Markdown only; raw HTML is text. Straight quotes become the language's own."""
    md = MarkdownIt("zero", {"typographer": True, "quotes": quotes})
    md.enable(["emphasis", "link", "escape", "smartquotes"])
    md.core.ruler.before("smartquotes", "cjk_quotes", _pair_cjk_quotes)
    md.renderer.rules["text"] = lambda tokens, idx, options, env: tag_scripts(
        tokens[idx].content, env["lang"], env["han_lang"]
    )
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    return md


def _link_open(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
    """A link, if its target is one the source has: a translation may not add or change one."""
    allowed = env.get("links")
    env["dropping"] = allowed is not None and tokens[idx].attrGet("href") not in allowed
    return "" if env["dropping"] else self.renderToken(tokens, idx, options, env)


def _link_close(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
    dropping = env.pop("dropping", False)
    return "" if dropping else self.renderToken(tokens, idx, options, env)


def link_targets(text: str) -> set[str]:
    """The targets of the links in ``text``'s inline Markdown."""
    tokens = _markdown(DEFAULT_QUOTES).parseInline(text)
    return {str(t.attrGet("href")) for block in tokens for t in block.children or [] if t.type == "link_open"}


def render_inline(text: str, lang: str, han_lang: str, links: set[str] | None = None) -> str:
    """Inline Markdown as HTML; with ``links``, a link to any other target is printed as its text only."""
    md = _markdown(QUOTES.get(_primary(lang), DEFAULT_QUOTES))
    html = md.renderInline(text, {"lang": lang, "han_lang": han_lang, "links": links})
    return keep_words_across_tags(html)


_PIECES = re.compile(r"(<[^>]*>|\s+)")
_HANGUL_CHAR = re.compile(f"[{_HANGUL}]")


def keep_words_across_tags(html: str) -> str:
    """Keep a Korean word unbreakable when inline markup cuts through it (``*세포 출처*는``).

    The typeset stage keeps each word of one text run together; a particle after
    emphasis or a link is a second run, and the line could break between the two.
    Such a word is wrapped whole in ``<span class="w">``: the tags open at its start
    are closed before the span and reopened inside it (and likewise at its end), so
    the HTML stays well nested.
    """
    if "<" not in html or not _HANGUL_CHAR.search(html):
        return html
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # open inline tags: (name, the opening tag as written)
    word: list[str] = []

    def flush() -> None:
        texts = [p for p in word if not p.startswith("<")]
        long = sum(len(p) for p in texts) > LONGEST_WORD
        if len(texts) < 2 or long or not any(_HANGUL_CHAR.search(p) for p in texts):
            out.extend(word)
        else:
            before = list(stack_at_start)
            out.extend(f"</{name}>" for name, _ in reversed(before))
            out.append('<span class="w">')
            out.extend(tag for _, tag in before)
            out.extend(word)
            out.extend(f"</{name}>" for name, _ in reversed(stack))
            out.append("</span>")
            out.extend(tag for _, tag in stack)
        word.clear()

    stack_at_start: list[tuple[str, str]] = []
    for piece in _PIECES.split(html):
        if not piece:
            continue
        if piece.isspace():
            flush()
            out.append(piece)
            continue
        if not word:
            stack_at_start = list(stack)
        word.append(piece)
        if piece.startswith("</"):
            if stack:
                stack.pop()
        elif piece.startswith("<") and not piece.endswith("/>") and not piece.startswith("<br"):
            stack.append((piece[1:].split(None, 1)[0].rstrip(">"), piece))
    flush()
    return "".join(out)


@dataclass
class Document:
    """What a template sees of the locale it is rendering, and what fell back."""

    config: Config
    locale: LocaleConfig
    product: ProductConfig
    translator: Translator
    show_notice: bool = False
    samples: list[Sample] = field(default_factory=list)  # what will be printed, for the font check
    fonts: list[PreparedFace] = field(default_factory=list)  # prepared faces, named before the installed ones

    def font_stack(self, families: tuple[str, ...] | list[str]) -> Markup:
        """A CSS font-family value: each family's prepared face first, the installed one as a safety net."""
        prepared = {face.family for face in self.fonts}
        names: list[str] = []
        for family in families:
            names += [family + PREPARED_SUFFIX, family] if family in prepared else [family]
        return font_stack(names)

    def font_faces(self) -> Markup:
        """@font-face rules for the prepared faces."""
        rules = [
            f'@font-face {{ font-family: "{css_string(face.css_family)}"; font-weight: {face.weight}; '
            f'src: url("{css_string(face.path.resolve().as_uri())}"); }}'
            for face in self.fonts
        ]
        return Markup("\n".join(rules))
    also: Document | None = None  # the second language of a bilingual product

    @property
    def lang(self) -> str:
        return self.locale.lang

    @property
    def direction(self) -> str:
        """ltr or rtl: the ``dir`` of the document (CLDR's character order for the locale)."""
        return self.locale.direction

    @property
    def rtl(self) -> bool:
        return self.locale.rtl

    @property
    def start(self) -> str:
        """The side lines start on (left, or right in RTL): for margin boxes, which do not mirror."""
        return "right" if self.rtl else "left"

    @property
    def end(self) -> str:
        return "left" if self.rtl else "right"

    @property
    def counter_style(self) -> str:
        """The CSS counter style of the locale's digits (decimal, persian, bengali...)."""
        return self.locale.numbering[1]

    @property
    def cjk(self) -> bool:
        """Chinese, Japanese or Korean: full-width punctuation is right; elsewhere it is not."""
        return _primary(self.lang) in ("zh", "ja", "ko")

    def _lookup(self, context: str | None, msgid: str, unit: Unit | None = None) -> tuple[str, str, bool]:
        text, fell_back = self.translator.get(context, msgid, critical=unit is not None and unit.critical)
        lang = self.config.source.lang if fell_back else self.lang
        path, line = (unit.path, unit.line) if unit else (None, None)
        if not fell_back and text != msgid:
            path, line = self.translator.where(context, msgid)
        what = context or msgid[:40]
        for run_lang, piece in script_runs(text, lang, self.config.han_lang):
            self.samples.append(Sample(run_lang, piece, what, path, line))
        return text, lang, fell_back

    def _wrap(self, html: str, lang: str, fell_back: bool) -> Markup:
        if fell_back:
            # in its own direction, isolated: English in an Arabic page keeps its order
            direction = f' dir="{"rtl" if is_rtl(lang) else "ltr"}"' if self.locale.rtl != is_rtl(lang) else ""
            return Markup(f'<span lang="{html_attribute(lang)}"{direction} class="fallback">{html}</span>')
        return Markup(html)

    def shows(self, thing: Unit | Item | FaqItem | Block | None) -> bool:
        """Whether this locale prints a unit, item or block (content may limit one with ``locales:``)."""
        if thing is None:
            return False
        locales = thing.locales
        return locales is None or self.locale.code in locales

    def text(self, unit: Unit) -> Markup:
        """A content unit, translated, as inline HTML."""
        text, lang, fell_back = self._lookup(unit.context, unit.text, unit)
        # A translation's links must be the source's (guide check and the build refuse others; this is a backstop).
        links = link_targets(unit.text) if text != unit.text else None
        html = render_inline(text, lang, self.config.han_lang, links)
        return self._wrap(html, lang, fell_back)

    def plain(self, unit: Unit) -> str:
        """A content unit, translated, as plain text (titles, PDF metadata)."""
        text, lang, _ = self._lookup(unit.context, unit.text, unit)
        plain = html.unescape(re.sub(r"<[^>]+>", "", render_inline(text, lang, self.config.han_lang)))
        return plain_text(plain.replace(ZWSP, ""))  # the word breaks added for Khmer, Lao, Myanmar go too

    def template_text(self, context: str | None, msgid: str) -> Markup:
        """A template string ({% trans %}), translated, escaped, script-tagged."""
        text, lang, fell_back = self._lookup(context, msgid)
        return self._wrap(tag_scripts(text, lang, self.config.han_lang), lang, fell_back)

    def css_text(self, context: str, msgid: str, **variables: str) -> Markup:
        """A translated string as a CSS ``content`` value; %(name)s → CSS expression.

        Used for margin boxes ("Page 3 of 12"), which cannot hold HTML.
        """
        text, _, _ = self._lookup(context, msgid)
        if self.counter_style != "decimal":  # counter(page) in the locale's digits
            variables = {
                name: re.sub(r"counter\((\w+)\)", rf"counter(\1, {self.counter_style})", value)
                for name, value in variables.items()
            }
        parts = []
        for piece in re.split(r"(%\(\w+\)s)", text):
            name = re.fullmatch(r"%\((\w+)\)s", piece)
            if name and name.group(1) in variables:
                parts.append(variables[name.group(1)])
            elif piece:
                parts.append(f'"{css_string(piece.replace("%%", "%"))}"')
        return Markup(" ".join(parts) or '""')

    def date(self, value: dt.date, format: str = "long") -> str:
        """A date as the locale writes it, in its own digits (Babel's patterns give ASCII digits)."""
        return self.locale.digits(format_date(value, format=format, locale=self.locale.babel))

    def number(self, value: int | float) -> str:
        return self.locale.digits(format_decimal(value, locale=self.locale.babel, numbering_system="default"))


# --- One escaping function per output context ---------------------------------------------------
# A translation is text in every context: HTML text (markupsafe.escape, through tag_scripts),
# an HTML attribute (html_attribute), a CSS string (css_string) and plain text that becomes PDF
# metadata or a form field's tooltip (plain_text). Each is tested with every control character.

# What plain text (metadata, tooltips) never carries: C0/C1 controls, line/paragraph separators,
# bidi marks, embeddings, overrides and isolates, zero-width characters and BOM.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def plain_text(text: str) -> str:
    """Text for a PDF's metadata or a form field's tooltip: controls and invisible marks become spaces."""
    return " ".join(_INVISIBLE.sub(" ", str(text)).split())


def html_attribute(text: str) -> Markup:
    """Text made safe as a double-quoted HTML attribute value (quotes, <, >, & escaped; no controls)."""
    return escape(plain_text(text))


def css_string(text: str) -> Markup:
    """Text made safe inside a double-quoted CSS string in a <style> element.

    Every character but a letter, a digit or a space becomes a CSS hex escape (``\\22 ``), so
    nothing a translation holds (a quote, a backslash, ``\\r``, ``\\f``, ``</style>``) can end
    the string, the rule or the element; C0/C1 controls and other invisible marks become spaces.
    """
    out = []
    for char in _INVISIBLE.sub(" ", str(text)):
        out.append(char if char.isalnum() or char == " " else f"\\{ord(char):X} ")
    return Markup("".join(out))


def font_stack(families: tuple[str, ...] | list[str]) -> Markup:
    """A CSS font-family value from a list of family names."""
    return Markup(", ".join(f'"{css_string(name)}"' for name in families))


def han_fonts(config: Config) -> LocaleConfig:
    """The fonts for Chinese quoted in other languages: a Chinese locale's, or the default."""
    for locale in config.locales.values():
        if locale.lang == config.han_lang:
            return locale
    sans, serif = DEFAULT_FONTS["zh_Hant"]
    return LocaleConfig("zh_Hant", config.han_lang, (sans,), (serif,), "zh_Hant")


@pass_context
def _gettext(ctx: jinja2.runtime.Context, message: str) -> Markup:
    return ctx["doc"].template_text(None, message)


@pass_context
def _pgettext(ctx: jinja2.runtime.Context, context: str, message: str) -> Markup:
    return ctx["doc"].template_text(context, message)


@pass_context
def _ngettext(ctx: jinja2.runtime.Context, singular: str, plural: str, n: int) -> Markup:
    # Plural forms are not used by the built-in templates yet; pick by English rule.
    return ctx["doc"].template_text(None, singular if n == 1 else plural)


def _data_url(path: Path) -> str:
    # Keyed by the file's identity as well as its path: `guide serve` renders again after an edit,
    # and a cache by path alone embedded the old file (and recorded it under the new input hash).
    stat = path.stat()
    return _encoded(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _encoded(path: Path, mtime_ns: int, size: int) -> str:
    import base64
    import mimetypes

    kind = mimetypes.guess_type(path.name)[0] or ("font/otf" if path.suffix == ".otf" else "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@pass_context
def _asset(ctx: jinja2.runtime.Context, name: str) -> Markup:
    """A file from the templates folders (the project's first) as a data: URL.

    Inline, so the HTML does not depend on where the project is checked out.
    """
    config: Config = ctx["config"]
    for folder in (config.templates_dir, BUILTIN_TEMPLATES):
        path = (folder / name).resolve()
        if path.is_file() and path.is_relative_to(folder.resolve()):  # never a file outside the templates
            return Markup(_data_url(path))
    raise TemplateError(f"asset {name!r} not found in the templates folders", path=config.templates_dir)


@pass_context
def _font_stack(ctx: jinja2.runtime.Context, families: tuple[str, ...] | list[str]) -> Markup:
    return ctx["doc"].font_stack(families)


def _words(config: Config, code: str) -> tuple[str, ...]:
    """Words a line never breaks inside (typography.phrases): the locale's glossary terms and ``words``."""
    path = config.locales_dir / "glossary.yaml"
    return _glossary_words(path, path.read_bytes() if path.is_file() else b"", config.source_locale, code)


@functools.lru_cache(maxsize=16)
def _glossary_words(path: Path, content: bytes, source_locale: str, code: str) -> tuple[str, ...]:
    from ..content import read_yaml
    from ..messages import load_glossary

    if not content:
        return ()
    terms = [t.targets[code] for t in load_glossary(path, source_locale) if code in t.targets]
    extra = ((read_yaml(path) or {}).get("words") or {}).get(code) or []
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
    return typography.column_widths(columns)


@pass_context
def _css_text(ctx: jinja2.runtime.Context, context: str, message: str, **variables: str) -> Markup:
    return ctx["doc"].css_text(context, message, **variables)


def make_environment(config: Config) -> jinja2.Environment:
    """One Jinja environment per build: project templates override built-in ones."""
    folders = [config.templates_dir, BUILTIN_TEMPLATES]
    unique = [
        str(f) for i, f in enumerate(folders) if f.is_dir() and f.resolve() not in [g.resolve() for g in folders[:i]]
    ]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(unique),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True, pgettext=_pgettext)  # type: ignore[attr-defined]
    env.globals["css_text"] = _css_text
    env.globals["han_fonts"] = han_fonts
    env.globals["qr"] = qr_svg
    env.globals["asset"] = _asset
    env.filters["short_url"] = short_url
    env.filters["font_stack"] = _font_stack
    env.filters["css_string"] = css_string
    env.filters["heading"] = _heading  # guide typography (typography.py)
    env.filters["cell"] = _cell
    env.globals["column_widths"] = _column_widths
    env.filters["paragraph"] = typography.paragraph
    return env


def _template_error(exc: Exception, config: Config) -> TemplateError:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if isinstance(exc, jinja2.UndefinedError):
        # The line of an undefined name is in the traceback's template frame.
        import traceback

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


def render_html(
    env: jinja2.Environment,
    config: Config,
    guide: Guide,
    locale: LocaleConfig,
    product: ProductConfig,
    catalogue: Catalogue | None,
    fonts: list[PreparedFace] | None = None,
    also: tuple[LocaleConfig, Catalogue | None] | None = None,
    fit: int = 0,
) -> tuple[str, Document]:
    """The HTML of one product in one locale, and the document state (fallbacks).

    ``also``: the second language of a bilingual product, as ``doc.also``; its
    samples are recorded in ``doc.samples`` too, so one font check covers both.
    ``fit``: how tightly a template that offers fits sets its text (see :func:`fit_levels`).
    """
    translator = Translator(
        catalogue, is_source=locale.code == config.source_locale, shipped=generator_catalogue(locale.code)
    )
    doc = Document(config=config, locale=locale, product=product, translator=translator, fonts=list(fonts or []))
    doc.samples.append(Sample(locale.lang, TEMPLATE_CHARACTERS, "characters the templates print"))
    if also is not None:
        other, other_catalogue = also
        doc.also = Document(
            config=config,
            locale=other,
            product=product,
            translator=Translator(
                other_catalogue, is_source=other.code == config.source_locale, shipped=generator_catalogue(other.code)
            ),
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
    return html, doc


_FIT_LEVELS = re.compile(r'data-guide-fit-levels="(\d+)"')


def fit_levels(html: str) -> int:
    """How many fits a rendered template offers (``data-guide-fit-levels="3"`` on an element).

    The build renders fit 0, 1, ... and typesets them in turn until one stays within the
    product's ``max_pages``: a locale whose text runs long is set tighter before it fails.
    """
    found = _FIT_LEVELS.search(html)
    return max(1, min(int(found.group(1)), 5)) if found else 1
