"""Typesetting of each script, read back from the real PDFs of the repository's guide."""

import re
import subprocess
from pathlib import Path

import polib
import pytest
from babel.dates import format_date

from generator.config import load_config

from .conftest import ROOT, plumbed

# Tests that read the shared build's PDFs run on one pytest-xdist worker, which parses each once.
pytestmark = pytest.mark.xdist_group("repo_build")

PRODUCTS = ["consult-card.pdf", "guide.pdf"]
HANGUL = re.compile(r"[\uac00-\ud7af]+")
CLOSING = "，。、）」』？！：；"


def lines(path: Path) -> list[str]:
    with plumbed(path) as pdf:
        # x_tolerance=1: at card sizes a space is narrower than pdfplumber's default gap of 3 pt
        return [line for page in pdf.pages for line in (page.extract_text(x_tolerance=1) or "").splitlines()]


def hangul_words() -> set[str]:
    """Every Hangul run of every space-separated word the Korean edition prints: the
    catalogue's, and the edition date that Babel formats (2026년 11월 25일)."""
    po = polib.pofile(str(ROOT / "locales/ko/LC_MESSAGES/guide.po"))
    shipped = polib.pofile(str(ROOT / "generator/locale/ko/LC_MESSAGES/generator.po"))  # the templates' words
    # the words as printed: without Markdown's * and [link](url) syntax
    texts = [re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", entry.msgstr).replace("*", "") for entry in [*po, *shipped]]
    texts.append(format_date(load_config(ROOT).edition, format="long", locale="ko"))
    return {run for text in texts for token in text.split() for run in HANGUL.findall(token)}


@pytest.mark.parametrize("product", PRODUCTS)
def test_no_korean_word_is_split_across_lines(repo_build, product):
    words = hangul_words()
    tokens = [
        run for line in lines(repo_build / "ko" / product) for token in line.split() for run in HANGUL.findall(token)
    ]
    assert len(tokens) > 100
    split = [t for t in tokens if t not in words]
    assert not split, split[:20]


@pytest.mark.typeset
def test_a_korean_paragraph_breaks_only_between_words_at_every_width(tmp_path):
    """The measurement from the issue, as a test: the Korean guide's longest paragraphs typeset
    at widths from 30 to 126 mm (WeasyPrint alone split about one word in ten)."""
    from generator.typeset import Typesetting, typeset

    po = polib.pofile(str(ROOT / "locales/ko/LC_MESSAGES/guide.po"))
    paragraphs = sorted((e.msgstr.replace("*", "") for e in po if "[" not in e.msgstr), key=len)[-6:]
    blocks = "".join(
        f'<div style="width: {width}mm; margin-bottom: 4mm">{text}</div>'
        for width in range(30, 127, 12)
        for text in paragraphs
    )
    html = (
        '<html lang="ko"><head><style>@page { size: 150mm 800mm; margin: 5mm }'
        ' body { font: 9pt "Noto Sans CJK KR" }</style></head>'
        f"<body>{blocks}</body></html>"
    )
    pdf, _ = typeset(html, Typesetting(tmp_path, (tmp_path,), None, "ko test"))
    (tmp_path / "ko.pdf").write_bytes(pdf)
    words = hangul_words()
    tokens = [run for line in lines(tmp_path / "ko.pdf") for token in line.split() for run in HANGUL.findall(token)]
    assert len(tokens) > 1000
    split = [t for t in tokens if t not in words]
    assert not split, split[:20]


@pytest.mark.parametrize("product", PRODUCTS)
def test_extracted_korean_has_no_invisible_characters(repo_build, product):
    text = "\n".join(lines(repo_build / "ko" / product))
    assert not re.search("[\u200b\u200c\u200d\u2060\ufeff]", text)


@pytest.mark.parametrize("product", PRODUCTS)
def test_no_chinese_line_starts_with_closing_punctuation(repo_build, product):
    bad = [line for line in lines(repo_build / "zh_Hant" / product) if line[:1] in CLOSING]
    assert not bad, bad


def test_chinese_uses_full_width_punctuation():
    po = polib.pofile(str(ROOT / "locales/zh_Hant/LC_MESSAGES/guide.po"))
    for entry in po:
        prose = re.sub(r"\([^)]*\d{4}[^)]*\)|\[[^\]]*\]\([^)]*\)|https?://\S+|%\(\w+\)s", "", entry.msgstr)
        # a half-width comma, full stop or question mark right after a Chinese character
        assert not re.search(r"[\u4e00-\u9fff][,.?!;:]", prose), (entry.msgctxt, entry.msgstr)


@pytest.mark.parametrize("locale", ["en", "zh_Hant", "ko"])
@pytest.mark.parametrize("product", PRODUCTS)
def test_every_character_lies_inside_the_page(repo_build, locale, product):
    with plumbed(repo_build / locale / product) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            x0, top, x1, bottom = page.trimbox if hasattr(page, "trimbox") and page.trimbox else page.bbox
            outside = [
                c["text"]
                for c in page.chars
                if c["x0"] < x0 - 0.5 or c["x1"] > x1 + 0.5 or c["top"] < top - 0.5 or c["bottom"] > bottom + 0.5
            ]
            assert not outside, (number, outside[:10])


@pytest.mark.parametrize("locale", ["zh_Hant", "ko"])
def test_catalogue_is_complete(locale):
    path = ROOT / f"locales/{locale}/LC_MESSAGES/guide.po"
    po = polib.pofile(str(path))
    assert po.percent_translated() == 100
    assert not [e for e in po if "fuzzy" in e.flags and not e.obsolete]
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("locale", ["zh_Hant", "ko"])
def test_catalogue_passes_guide_check(locale):
    from generator.config import load_config
    from generator.messages.checks import check_project

    problems = check_project(load_config(ROOT), [locale])
    assert not [p for p in problems if p.severity == "error"], [p.format() for p in problems]


@pytest.mark.parametrize("locale, face", [("zh_Hant", "HK"), ("ko", "KR")])
def test_the_guide_draws_its_script_in_the_locales_face(repo_build, locale, face):
    with plumbed(repo_build / locale / "guide.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    script = re.compile("[\u4e00-\u9fff]" if face == "HK" else "[\uac00-\ud7af]")
    drawn = [c for c in chars if script.match(c["text"])]
    assert len(drawn) > 1000
    assert all(f"CJK-{face}" in c["fontname"] for c in drawn)
