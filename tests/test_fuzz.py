"""Random Unicode through extract → update → build: a PDF with the text, or a clean GuideError.

The text goes in twice: as the source of the card's intro (in content/, so
``extract`` and ``update`` carry it into the Korean catalogue, where it is
untranslated and printed in English) and as the Korean translation of the
card's title. Nothing else may happen: no other exception, no text lost.
Derandomized, so CI runs the same examples every time; the @example cases
pin the kinds of text the issue names.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path

import pdfplumber
import polib
import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from generator import BuildOptions, GuideError, build, load_config, load_content, messages
from generator.render import BUILTIN_TEMPLATES

from .conftest import FIXTURES

# Left out: Markdown and quote characters (they turn into markup and typographic quotes, not
# themselves) and letters of right-to-left scripts (a PDF's text comes out in visual order).
SAFE = st.characters(
    categories=["L", "M", "N", "P", "S", "Zs", "Cf"],
    exclude_characters="*_[]()`\\\"'",
).filter(lambda c: unicodedata.bidirectional(c) not in ("R", "AL") or unicodedata.category(c) == "Cf")
PRINTABLE = st.text(st.sampled_from("abc xyz 한국어 問清楚 <&> é ü 12.5%"), min_size=1, max_size=20)
PIECES = st.one_of(
    PRINTABLE,  # (listed thrice: most examples should print, so that what is printed gets checked)
    PRINTABLE,
    PRINTABLE,
    st.text(SAFE, min_size=1, max_size=8),  # anything else (most of it not in the fonts)
    st.sampled_from(["\u200f", "\u200e", "\u202b", "\u2067", "\u2069", "\u061c"]),  # RTL marks and isolates
    st.sampled_from(["e\u0301", "\u0301", "a\u0308\u0323", "한\u0300"]),  # combining characters
    st.sampled_from(["😀", "👩‍⚕️", "🇰🇷"]),  # emoji
    st.just("\x00"),
    st.text(st.sampled_from("abcdefghij한국어글자問清楚"), min_size=60, max_size=300),  # very long words
)
TEXT = st.lists(PIECES, min_size=1, max_size=3).map("".join).filter(lambda t: t.strip())


@pytest.fixture(scope="module")
def outcomes():
    """What each example came to. Some must print: else "a clean error" passes with typesetting broken."""
    seen: list[str] = []
    yield seen
    assert seen.count("printed") >= 5, f"only {seen.count('printed')} of {len(seen)} examples printed a card"


def printed(text: str) -> str:
    """The letters a reader sees, comparable with what pdfplumber extracts (accents composed or not)."""
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "CMZ")


def run_pipeline(project: Path, source: str, translation: str) -> Path:
    guide_yaml = project / "content/guide.yaml"
    data = yaml.safe_load(guide_yaml.read_text(encoding="utf-8"))
    data["card"]["intro"] = source
    guide_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**6), encoding="utf-8")
    config = load_config(project)
    pot = messages.extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES)
    messages.write_catalog(config.pot_path, pot)
    messages.update(config, "ko")
    po_path = config.po_path("ko")
    po = polib.pofile(str(po_path), wrapwidth=0)
    next(e for e in po if e.msgctxt == "card.title").msgstr = translation
    po.save()
    build(config, BuildOptions(out=project / "out", locales=["ko"], products=["card"]))
    return project / "out/ko/consult-card.pdf"


@pytest.mark.typeset
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a PDF per step makes it take minutes
    suppress_health_check=list(HealthCheck),
)
@given(source=TEXT, translation=TEXT)
@example(source="Ask \u200fevery\u200e one.", translation="세 가지 \u202b질문\u202c")
@example(source="Cafe\u0301 cre\u0300me", translation="한\u0300국어 질문")
@example(source="Ask 😀 each one.", translation="세 가지 질문")
@example(source="Ask\x00 each one.", translation="세 가지\x00 질문")
@example(source="A" + "b" * 300, translation="세" * 300)
@example(source="Ask them all.", translation="세 가지 " + "질" * 80)  # found by this test: ran off the page
@example(source="<script>&amp; <b>", translation="질문 <&>")
@example(source="<", translation=">한\u202b<")  # found by this test: an embedding mirrored the "<" after it
def test_random_text_prints_or_fails_cleanly(outcomes, source, translation):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "mini"
        shutil.copytree(FIXTURES / "mini", project)
        try:
            pdf = run_pipeline(project, source, translation)
        except GuideError as exc:
            assert exc.format(project).strip()  # a message a person can read
            # A refusal names the input at fault, the content file or the catalogue, and its line.
            for error in getattr(exc, "errors", [exc]):
                assert error.path is not None and error.path.name in ("guide.yaml", "guide.po"), error.format()
                assert error.line, error.format()
            outcomes.append("refused")
            return
        with pdfplumber.open(pdf) as document:  # only what is on the page: not what runs off its edge
            text = printed("".join(page.within_bbox(page.bbox).extract_text() for page in document.pages))
        assert printed(source) in text, (source, text)
        assert printed(translation) in text, (translation, text)
        outcomes.append("printed")
