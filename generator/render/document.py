"""The Document: what a template sees of the locale it renders, and what fell back."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup

from ..config import Config, LocaleConfig, ProductConfig
from ..content import Block, FaqItem, Item, Unit
from ..fonts import PREPARED_SUFFIX, PreparedFace, Sample
from ..messages import Translator
from .escape import css_string, font_stack, html_attribute, plain_text
from .markdown import link_targets, render_inline
from .scripts import ZWSP, is_rtl, primary, script_runs, tag_scripts


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
    also: Document | None = None  # the second language of a bilingual product

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

    def style(self) -> Markup:
        """guide.toml's [style] as the custom properties base.css declares, set after it (so they win)."""
        found = self.config.style.properties()  # colours and a number, as config checked them: nothing to escape
        rules = " ".join(f"{name}: {value};" for name, value in found.items())
        return Markup(f":root {{ {rules} }}" if rules else "")

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
        return primary(self.lang) in ("zh", "ja", "ko")

    def _lookup(
        self, context: str | None, msgid: str, unit: Unit | None = None, formatted: bool = False
    ) -> tuple[str, str, bool]:
        critical = unit is not None and unit.critical
        text, fell_back = self.translator.get(context, msgid, critical=critical, formatted=formatted)
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
        """A template string ({% trans %}), translated, escaped, script-tagged; Jinja formats it next."""
        text, lang, fell_back = self._lookup(context, msgid, formatted=True)
        return self._wrap(tag_scripts(text, lang, self.config.han_lang), lang, fell_back)

    def plural_text(self, context: str | None, msgid: str, msgid_plural: str, n: int) -> Markup:
        """A template's plural message (ngettext, ``{% pluralize %}``): the form for ``n`` by the
        catalogue's Plural-Forms, escaped and script-tagged as :meth:`template_text`; Jinja formats it."""
        text, fell_back = self.translator.get_plural(context, msgid, msgid_plural, n)
        lang = self.config.source.lang if fell_back else self.lang
        path, line = self.translator.where(context, msgid) if not fell_back else (None, None)
        for run_lang, piece in script_runs(text, lang, self.config.han_lang):
            self.samples.append(Sample(run_lang, piece, context or msgid[:40], path, line))
        return self._wrap(tag_scripts(text, lang, self.config.han_lang), lang, fell_back)

    def css_text(self, context: str, msgid: str, **variables: str) -> Markup:
        """A translated string as a CSS ``content`` value; %(name)s → CSS expression.

        Used for margin boxes ("Page 3 of 12"), which cannot hold HTML.
        """
        text, _, _ = self._lookup(context, msgid, formatted=True)
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
