"""The small inline Markdown of content (emphasis, strong, links) with markdown-it: HTML in a
translation is text, straight quotes become the language's own, links only to the source's targets."""

from __future__ import annotations

import functools
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from .scripts import keep_words_across_tags, primary, tag_scripts

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
    if primary(state.env.get("lang", "")) not in ("zh", "ja", "ko"):
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
    md.add_render_rule("text", _text)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    return md


# markdown-it's render rules: (renderer, tokens, index, options, env) -> HTML
def _text(self: Any, tokens: Any, idx: int, options: Any, env: dict[str, Any]) -> str:
    return tag_scripts(tokens[idx].content, env["lang"], env["han_lang"])


def _link_open(self: Any, tokens: Any, idx: int, options: Any, env: dict[str, Any]) -> str:
    """A link, if its target is one the source has: a translation may not add or change one."""
    allowed = env.get("links")
    env["dropping"] = allowed is not None and tokens[idx].attrGet("href") not in allowed
    return "" if env["dropping"] else self.renderToken(tokens, idx, options, env)


def _link_close(self: Any, tokens: Any, idx: int, options: Any, env: dict[str, Any]) -> str:
    dropping = env.pop("dropping", False)
    return "" if dropping else self.renderToken(tokens, idx, options, env)


def link_targets(text: str) -> set[str]:
    """The targets of the links in ``text``'s inline Markdown."""
    tokens = _markdown(DEFAULT_QUOTES).parseInline(text)
    return {str(t.attrGet("href")) for block in tokens for t in block.children or [] if t.type == "link_open"}


def render_inline(text: str, lang: str, han_lang: str, links: set[str] | None = None) -> str:
    """Inline Markdown as HTML; with ``links``, a link to any other target is printed as its text only."""
    return _render_inline(text, lang, han_lang, None if links is None else frozenset(links))


@functools.lru_cache(maxsize=16384)
def _render_inline(text: str, lang: str, han_lang: str, links: frozenset[str] | None) -> str:
    # Cached: a card renders each text once per fit (five), a build once per copy that prints it
    md = _markdown(QUOTES.get(primary(lang), DEFAULT_QUOTES))
    html = md.renderInline(text, {"lang": lang, "han_lang": han_lang, "links": links})
    return keep_words_across_tags(html)

