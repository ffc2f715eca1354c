"""The output folder's index page (generator/site.py), read back as HTML, PNG and PDF."""

from __future__ import annotations

import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import polib
import pytest
from PIL import Image
from pypdf import PdfReader

from generator import load_config
from generator.config import LocaleConfig
from generator.errors import CatalogueError
from generator.pipeline import BuildReport
from generator.pipeline.thumbs import THUMB_WIDTH
from generator.publish import PROBLEMS_MARK, index_after_build
from generator.publish.site import write_index

from .conftest import FIXTURES
from .runners import guide


class Page(HTMLParser):
    """Every element's tag and attributes, and the text inside each section with an id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.sections: dict[str, str] = {}
        self._section: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "section":
            self._section.append(dict(attrs).get("id"))
            if self._section[-1]:
                self.sections[self._section[-1]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section.pop()

    def handle_data(self, data: str) -> None:
        if self._section and self._section[-1]:
            self.sections[self._section[-1]] += data

    def attr(self, tag: str, name: str) -> list[str]:
        return [attrs[name] or "" for t, attrs in self.elements if t == tag and name in attrs]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def out(mini_build: Path, tmp_path: Path) -> Path:
    """A copy of the mini project's PDFs (the session's build stays untouched)."""
    target = tmp_path / "dist"
    shutil.copytree(mini_build, target)
    return target


def test_every_pdf_is_linked_with_its_true_pages_size_and_a_thumbnail_of_its_first_page(out):
    config = load_config(FIXTURES / "mini")
    index = write_index(config, out)
    page = Page(index.read_text(encoding="utf-8"))
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 4
    hrefs = {unquote(h) for h in page.attr("a", "href") if h.endswith(".pdf")}
    assert hrefs == {str(p.relative_to(out)) for p in pdfs}
    for pdf in pdfs:
        locale = pdf.parent.name
        pages = len(PdfReader(pdf).pages)
        section = " ".join(page.sections[locale].split())
        assert f"{pages} page{'s' if pages > 1 else ''}" in section
        assert f"{pdf.stat().st_size / 1024:.0f} KB" in section
    thumbs = [out / unquote(src) for src in page.attr("img", "src")]
    assert len(thumbs) == 4
    for thumb in thumbs:
        image = Image.open(thumb)
        assert image.format == "PNG" and image.width == THUMB_WIDTH
        assert math.isclose(image.height / image.width, math.sqrt(2), rel_tol=0.01)  # A6 and A5 pages
        assert image.convert("L").getextrema()[0] < 80, "the thumbnail has dark text on it, not a blank page"


def test_locales_are_named_in_their_own_language_with_the_right_lang_tag(out):
    config = load_config(FIXTURES / "mini")
    html = write_index(config, out).read_text(encoding="utf-8")
    assert '<h2 lang="en">English</h2>' in html
    assert '<h2 lang="ko">한국어</h2>' in html


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("en", "English"),
        ("zh_Hant", "繁體中文"),
        ("zh_Hans", "简体中文"),
        ("ko", "한국어"),
        ("es", "Español"),
        ("zh_Hant_HK", "繁體中文 (中國香港特別行政區)"),
        ("pt_BR", "Português (Brasil)"),
    ],
)
def test_display_name_is_the_locales_own_name(code, name):
    assert LocaleConfig(code, code, (), (), code).display_name == name


def test_coverage_is_the_catalogues_translated_share(out):
    config = load_config(FIXTURES / "mini")
    page = Page(write_index(config, out).read_text(encoding="utf-8"))
    po = polib.pofile(str(config.po_path("ko")))
    live = [e for e in po if not e.obsolete]
    translated = len([e for e in live if e.translated()])
    assert translated < len(live)  # the fixture leaves some untranslated
    section = " ".join(page.sections["ko"].split())
    assert f"{math.floor(100 * translated / len(live))}% translated" in section
    assert f"{translated} of {len(live)} messages" in section
    assert "100% translated" in page.sections["en"]


def test_card_variants_and_other_pdfs_in_the_folder_are_listed(out):
    config = load_config(FIXTURES / "mini")
    (out / "ko" / "a4").mkdir()
    shutil.copy(out / "ko/consult-card.pdf", out / "ko/consult-card+en.pdf")
    shutil.copy(out / "en/consult-card.pdf", out / "ko/a4/consult-card.pdf")
    shutil.copy(out / "en/guide.pdf", out / "all-in-one.pdf")
    page = Page(write_index(config, out).read_text(encoding="utf-8"))
    hrefs = set(page.attr("a", "href"))
    assert {"ko/consult-card%2Ben.pdf", "ko/a4/consult-card.pdf", "all-in-one.pdf"} <= hrefs
    assert "consult-card+en.pdf" in page.sections["ko"] and "a4/consult-card.pdf" in page.sections["ko"]


def test_no_script_no_external_asset_relative_links_only(out):
    html = write_index(load_config(FIXTURES / "mini"), out).read_text(encoding="utf-8")
    page = Page(html)
    assert "<script" not in html and "@import" not in html and "url(" not in html
    tags = {tag for tag, _ in page.elements}
    assert "link" not in tags and "iframe" not in tags
    for ref in page.attr("a", "href") + page.attr("img", "src"):
        assert not re.match(r"^[a-z]+:|^/", ref), ref
        assert (out / unquote(ref.split("#")[0])).exists() or ref.startswith("#"), ref


def test_thumbnails_follow_the_pdfs_content(out):
    config = load_config(FIXTURES / "mini")
    first = Page(write_index(config, out).read_text(encoding="utf-8")).attr("img", "src")
    shutil.copy(out / "en/guide.pdf", out / "ko/guide.pdf")  # a changed PDF, as after a rebuild
    second = Page(write_index(config, out).read_text(encoding="utf-8")).attr("img", "src")
    changed = set(second) - set(first)
    assert len(changed) == 1 and "ko/guide-" in changed.pop()
    assert sorted(p.relative_to(out).as_posix() for p in (out / "_thumbs").rglob("*.png")) == sorted(second)


@pytest.mark.typeset
def test_build_writes_the_index_and_a_broken_catalogue_is_shown_on_it(mini, tmp_path):
    shutil.copy(FIXTURES / "broken/ko-unterminated.po", mini / "locales/ko/LC_MESSAGES/guide.po")
    out = tmp_path / "out"
    result = guide("--project", str(mini), "build", "--out", str(out))
    assert result.returncode == 1
    printed = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(printed) == 1
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    problems = " ".join(page.sections["problems"].split())
    assert printed[0] in problems  # the CLI's line, at the top of the page
    assert "The last build of this language stopped with a problem" in " ".join(page.sections["ko"].split())
    assert "The last build" not in page.sections["en"]
    assert set(page.attr("a", "href")) >= {"en/consult-card.pdf", "en/guide.pdf"}
    assert not any(h.startswith("ko/") for h in page.attr("a", "href"))


def test_after_a_build_with_nothing_to_do_the_page_is_left_unless_it_shows_earlier_problems(out):
    """``guide build`` and every ``guide serve`` rebuild: one rule for rewriting the page."""
    config = load_config(FIXTURES / "mini")
    problem = CatalogueError("cannot read the catalogue", path=FIXTURES / "mini/locales/ko/LC_MESSAGES/guide.po")
    index = index_after_build(config, out, None, [problem])  # a failed build: the page shows its problem
    assert PROBLEMS_MARK in index.read_bytes() and "cannot read the catalogue" in index.read_text("utf-8")

    nothing_built = BuildReport()
    assert index_after_build(config, out, nothing_built) == index  # the problem is gone: rewritten
    assert PROBLEMS_MARK not in index.read_bytes()
    index.write_bytes(index.read_bytes() + b"<!-- left as it was -->")
    assert index_after_build(config, out, nothing_built) == index  # nothing to show anew: not rewritten
    assert index.read_bytes().endswith(b"<!-- left as it was -->")
