"""Render stage: translations are escaped, scripts tagged, fallbacks marked."""

import re

from generator.config import load_config
from generator.content import load_content
from generator.messages import Catalogue, Message, read_catalogue
from generator.render import Rendition, make_environment, render_html, render_inline, tag_scripts


def test_korean_text_is_left_as_text_without_invisible_characters():
    # The typeset stage keeps Korean words whole; the HTML stays plain text, with no joiners.
    html = tag_scripts("세포는 어디에서 왔습니까?", "ko", "zh-Hant-HK")
    assert html == "세포는 어디에서 왔습니까?"
    assert "\u2060" not in html and "\u200b" not in html


def test_a_korean_word_cut_by_emphasis_is_kept_whole_and_well_nested():
    # "*세포 출처*는": the particle 는 follows the emphasis; no break may fall between them.
    html = render_inline("*세포 출처*는 [링크](https://example.org)를 보세요", "ko", "zh-Hant-HK")
    assert '<span class="w"><em>출처</em>는</span>' in html
    assert '<span class="w"><a href="https://example.org">링크</a>를</span>' in html
    tags = re.findall(r"<(/?)(\w+)", html)
    stack = []
    for closing, name in tags:
        if closing:
            assert stack.pop() == name
        else:
            stack.append(name)
    assert not stack


def test_chinese_quoted_in_english_gets_its_own_lang():
    assert tag_scripts("ask: 問清楚.", "en", "zh-Hant-HK") == 'ask: <span lang="zh-Hant-HK">問清楚</span>.'
    assert tag_scripts("請問清楚。", "zh-Hant-HK", "zh-Hant-HK") == "請問清楚。"


def test_korean_inside_english_is_tagged_ko():
    assert tag_scripts("say 안녕", "en", "zh-Hant-HK") == 'say <span lang="ko">안녕</span>'


def render(mini, entries, locale="ko", product="card"):
    config = load_config(mini)
    guide = load_content(config.content_dir)
    catalogue = read_catalogue(config.po_path("ko"), "ko", config.root)
    catalogue.entries.update(entries)
    return render_html(
        make_environment(config), config, guide, Rendition(config.locales[locale], config.products[product], catalogue)
    )


def test_markup_in_a_translation_is_printed_as_text(mini):
    evil = '<script>alert(1)</script><img src="http://x/y.png">'
    html, _ = render(mini, {("card.title", "Three questions"): Message(evil, fuzzy=False, line=1)})
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_in_a_translation_are_not_links(mini):
    link = Message("[click](javascript:alert(1))", fuzzy=False, line=1)
    html, _ = render(mini, {("card.intro", "Ask each one."): link})
    assert 'href="javascript' not in html


def test_fallback_text_is_marked_english_and_the_page_says_so(mini):
    html, doc = render(mini, {}, product="guide")
    assert '<span lang="en" class="fallback">Mini guide</span>' in html
    assert "번역이 끝나지 않아" in re.sub(r"<[^>]+>", "", html)  # the notice, in Korean
    assert ("title", "Mini guide") in doc.translator.fallbacks


def test_english_build_has_no_notice(mini):
    config = load_config(mini)
    html, doc = render_html(
        make_environment(config),
        config,
        load_content(config.content_dir),
        Rendition(config.locales["en"], config.products["card"], Catalogue("en", None)),
    )
    assert 'class="fallback-notice"' not in html and not doc.translator.fallbacks
    assert '<html lang="en">' in html


def test_page_footer_is_a_translated_css_string(mini):
    html, _ = render(mini, {})
    assert 'content: counter(pages) "쪽 중 " counter(page) "쪽";' in html


def test_straight_quotes_become_the_languages_own():
    from generator.render import render_inline

    assert render_inline('What "wellness" means, it\'s', "en", "zh-Hant-HK") == "What “wellness” means, it’s"
    assert render_inline('「一般保健」 and "x"', "zh-Hant-HK", "zh-Hant-HK") == "「一般保健」 and 「x」"


def test_a_closing_quote_before_a_particle_is_typographic_in_cjk_only():
    # Markdown leaves a quote between two letters straight (right for English: foo"bar"baz);
    # a Korean particle or Chinese 的 follows the closing quote directly.
    def text(html: str) -> str:
        return re.sub(r"<[^>]+>", "", html)

    assert text(render_inline('"일반 웰니스"로 판매되는', "ko", "zh-Hant-HK")) == "“일반 웰니스”로 판매되는"
    assert text(render_inline('"웰니스"라는 말, "일반"은', "ko", "zh-Hant-HK")) == "“웰니스”라는 말, “일반”은"
    assert render_inline('"一般保健"的療程', "zh-Hant-HK", "zh-Hant-HK") == "「一般保健」的療程"
    assert text(render_inline('問清楚("물어라"), "b"를', "ko", "zh-Hant-HK")) == "問清楚(“물어라”), “b”를"
    # escaped quotes and an odd one out stay straight; single quotes are smartquotes' as before
    assert text(render_inline('\\"a\\"는 "b"를 5"', "ko", "zh-Hant-HK")) == "&#34;a&#34;는 “b”를 5&#34;"
    assert text(render_inline("'웰니스' 'x'", "ko", "zh-Hant-HK")) == "‘웰니스’ ‘x’"
    assert render_inline('foo"bar"baz', "en", "zh-Hant-HK") == "foo&#34;bar&#34;baz"


def test_templates_are_compiled_once_and_only_into_a_folder_no_one_else_can_write(tmp_path, monkeypatch):
    from .conftest import FIXTURES

    monkeypatch.setenv("GUIDE_CACHE_DIR", str(tmp_path / "cache"))
    config = load_config(FIXTURES / "mini")
    env = make_environment(config)
    env.get_template("card.html.j2")
    compiled = sorted((tmp_path / "cache/templates").glob("__jinja2_*.cache"))
    assert compiled, "the card's templates were compiled into the cache"
    # a second environment (the next build, another process) loads them instead of compiling
    stamps = [path.stat().st_mtime_ns for path in compiled]
    make_environment(config).get_template("card.html.j2")
    assert [path.stat().st_mtime_ns for path in compiled] == stamps

    (tmp_path / "cache/templates").chmod(0o777)  # anyone could plant code there: not used
    assert make_environment(config).bytecode_cache is None
