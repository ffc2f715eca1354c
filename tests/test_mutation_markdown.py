"""render/markdown.py, line by line: the exact HTML of content's inline Markdown (`make mutate`).

Each case is one a broken line changes: which languages pair straight quotes in reading order,
which quotes they become, a link kept only when the source has its target, HTML printed as text.
"""

from __future__ import annotations

import pytest

from generator.render import markdown
from generator.render.markdown import link_targets, render_inline

HAN = "zh-Hant-HK"


@pytest.fixture(autouse=True)
def parsed_afresh() -> None:
    """Each case parsed and rendered now: the caches (a parser per quote style, the HTML per text)
    would answer from an earlier test, by code other than the code under test."""
    markdown._render_inline.cache_clear()
    markdown._markdown.cache_clear()


@pytest.mark.parametrize(
    ("text", "lang", "html"),
    [
        # Korean: a closing quote before a particle is paired; the odd one out stays straight
        ('"일반 웰니스"로 "a', "ko", "“일반 웰니스”로 &#34;a"),
        ('foo"bar"baz', "ko", "foo“bar”baz"),
        ('foo"bar"baz', "en", "foo&#34;bar&#34;baz"),  # English: an inch mark between letters stays
        ('他說"好"的', "zh-Hant", "他說「好」的"),
        ('"a" "b" "c" "d"', "zh-Hans", "「a」 「b」 「c」 「d」"),  # every pair, not the first
        ('「テ」"ス"ト', "ja", "「テ」「ス」ト"),
        ('"oui"', "fr", "«oui»"),
        ('"ja"', "de", "„ja“"),
        ('it\'s "x"', "en", "it’s “x”"),
        ('\\"a" "b"', "ko", "&#34;a“ ”b&#34;"),  # an escaped quote is its own token: it stays, uncounted
        ('"a" **"b"**', "ko", "“a” <strong>“b”</strong>"),  # quotes are paired across the tokens of a block
        ('*"a*"', "ko", "<em>“a</em>”"),
        ("<b>x</b> *a* **b**", "en", "&lt;b&gt;x&lt;/b&gt; <em>a</em> <strong>b</strong>"),
        ("Ask 問清楚 [x](https://a.b)", "en", f'Ask <span lang="{HAN}">問清楚</span> <a href="https://a.b">x</a>'),
    ],
)
def test_inline_markdown_renders_exactly(text: str, lang: str, html: str) -> None:
    assert render_inline(text, lang, HAN) == html


def test_a_link_is_kept_only_when_the_source_has_its_target() -> None:
    text = "[a](https://x.org) [b](https://y.org) c"
    both = '<a href="https://x.org">a</a> <a href="https://y.org">b</a> c'
    assert render_inline(text, "en", HAN) == both  # no list: every link
    assert render_inline(text, "en", HAN, {"https://x.org"}) == '<a href="https://x.org">a</a> b c'
    assert render_inline(text, "en", HAN, set()) == "a b c"  # an empty list: none


def test_link_targets_are_every_links_href() -> None:
    assert link_targets("[a](https://x.org) [b](y) *c* https://z.org") == {"https://x.org", "y"}
    assert link_targets("no links") == set()
