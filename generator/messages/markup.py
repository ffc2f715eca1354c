"""A translation's inline markup as the renderer reads it: emphasis, strong, links; no HTML.

A catalogue is partly trusted input: its inline markup is parsed the way the renderer parses it
(markdown-it, HTML off) and must have the source's shape (checks.py reports what this finds).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from markdown_it import MarkdownIt

from .bounds import Finding

MARKUP = re.compile(r"\*\*|\*|`")
TAG = re.compile(r"</?[A-Za-z][^<>]*>?|<[!?]")
# The inline Markdown of render._markdown (without its typographer, which changes no structure).
_MD = MarkdownIt("zero").enable(["emphasis", "link", "escape"])


class Markup(NamedTuple):
    """A text's inline markup as the renderer sees it."""

    tags: list[str]  # em_open and strong_open, sorted
    links: list[str]  # each link's attributes (its target), sorted
    stars: int  # literal * left over


def inline_markup(text: str) -> Markup:
    """The emphasis, strong and links of ``text``, parsed as the renderer parses them."""
    tags: list[str] = []
    links: list[str] = []
    stars = 0
    for block in _MD.parseInline(text):
        for token in block.children or []:
            if token.type in ("em_open", "strong_open"):
                tags.append(token.type)
            elif token.type == "link_open":
                links.append(" ".join(f"{k}={v}" for k, v in sorted(token.attrs.items())))
            elif token.type == "text":
                stars += token.content.count("*")
    return Markup(sorted(tags), sorted(links), stars)


def markup_problems(source: str, target: str, ours: Markup, theirs: Markup) -> Iterator[Finding]:
    """Emphasis paired as in the source, no HTML (a runaway length is bounds.over_budget's, checked first)."""
    if (
        len(MARKUP.findall(source)) != len(MARKUP.findall(target))
        or target.count("*") % 2
        or ours.tags != theirs.tags
        or theirs.stars > ours.stars
    ):
        yield "error", "inline markup (* or **) differs from the source", "keep emphasis marks paired as in msgid"
    if sorted(TAG.findall(source)) != sorted(TAG.findall(target)):
        hint = "remove the tags; use *emphasis*, **strong** and [text](url) as the source does"
        yield "error", "HTML is not allowed in a translation", hint
