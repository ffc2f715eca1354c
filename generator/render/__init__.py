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


from ..paths import BUILTIN_TEMPLATES
from .document import Document
from .escape import css_string, font_stack, html_attribute, plain_text
from .html import Rendition, make_environment, render_html
from .markdown import link_targets, render_inline
from .scripts import is_rtl, tag_scripts

__all__ = [
    "BUILTIN_TEMPLATES",
    "Document",
    "Rendition",
    "css_string",
    "font_stack",
    "html_attribute",
    "is_rtl",
    "link_targets",
    "make_environment",
    "plain_text",
    "render_html",
    "render_inline",
    "tag_scripts",
]
