"""The index page in a real browser: Playwright driving Debian's Chromium (never `playwright install`).

Opened from disk (file://) it must load nothing from anywhere else, show every
thumbnail, set each locale's name in the right CJK face, and every PDF link
must download the file it names. Served by `guide serve`, it must reload
itself when a catalogue is saved and show a broken catalogue's error.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import load_config
from generator.pipeline.thumbs import THUMB_WIDTH
from generator.publish.site import write_index

from .conftest import FIXTURES, ROOT
from .serving import Served, edit

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed at /usr/bin/chromium (scripts/setup.sh installs it)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def screenshot_path(tmp_path: Path, name: str) -> Path:
    """In tmp_path, or in $GUIDE_SCREENSHOTS to keep them for a look."""
    folder = Path(os.environ.get("GUIDE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def platform_fonts(page, selector: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The fonts Chromium actually drew an element's text with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"] for font in fonts}


@pytest.fixture
def out(repo_build: Path, tmp_path: Path) -> Path:
    """The repository's guide (three locales), its PDFs copied, plus a card variant, with its index."""
    target = tmp_path / "dist"
    shutil.copytree(repo_build, target, ignore=shutil.ignore_patterns("*.html"))
    shutil.copy(target / "ko/consult-card.pdf", target / "ko/consult-card+en.pdf")
    write_index(load_config(ROOT), target)
    return target


@pytest.mark.xdist_group("repo_build")  # on the worker that makes the shared build, not waiting for it
def test_index_from_disk_links_every_pdf_and_loads_nothing_from_elsewhere(browser, out, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((out / "index.html").as_uri(), wait_until="load")

    assert requests and all(url.startswith("file://") for url in requests), requests
    widths = page.eval_on_selector_all("img", "imgs => imgs.map(img => img.complete ? img.naturalWidth : 0)")
    assert widths == [THUMB_WIDTH] * 6  # three locales × card and guide, every thumbnail loaded

    pdfs = {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}
    hrefs = page.eval_on_selector_all("a[href$='.pdf']", "links => links.map(a => a.href)")
    assert {unquote(urlsplit(href).path) for href in hrefs} == {str(out / p) for p in pdfs}
    viewer = browser.new_page()
    for href in sorted(set(hrefs)):  # each opens in Chromium's PDF viewer (from disk, `download` is ignored)
        response = viewer.goto(href)
        assert response and response.status == 200 and response.headers["content-type"] == "application/pdf", href
        assert Path(unquote(urlsplit(href).path)).read_bytes().startswith(b"%PDF")
    viewer.close()

    assert page.inner_text("#zh_Hant h2") == "繁體中文"
    assert "Noto Sans CJK HK" in platform_fonts(page, "#zh_Hant h2")
    assert page.inner_text("#ko h2") == "한국어"
    assert "Noto Sans CJK KR" in platform_fonts(page, "#ko h2")

    shot = screenshot_path(tmp_path, "index-desktop.png")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000

    page.set_viewport_size({"width": 390, "height": 844})  # a phone: one column, nothing cut off
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_path(tmp_path, "index-phone.png")), full_page=True)
    page.close()


def test_served_page_reloads_itself_after_a_catalogue_is_saved(browser, served: Served, mini, tmp_path):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(served.url, wait_until="load")
    for href in page.eval_on_selector_all("a[href$='.pdf']", "links => links.map(a => a.href)"):
        response = page.request.get(href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
    assert page.inner_text("#ko [data-product=card] h3") == "세 가지 질문"

    po = mini / "locales/ko/LC_MESSAGES/guide.po"
    edit(po, 'msgstr "세 가지 질문"', 'msgstr "꼭 물어볼 세 가지"')
    page.wait_for_function(
        "document.querySelector('#ko [data-product=card] h3').textContent === '꼭 물어볼 세 가지'", timeout=90_000
    )

    shutil.copy(FIXTURES / "broken/ko-unterminated.po", po)
    page.wait_for_selector(".problems", timeout=90_000)
    assert page.inner_text(".problems pre").startswith("error: locales/ko/LC_MESSAGES/guide.po:16: PO syntax error")
    page.screenshot(path=str(screenshot_path(tmp_path, "serve-broken-catalogue.png")), full_page=True)
    served.process.terminate()  # SIGTERM stops it as cleanly as Ctrl-C
    assert served.process.wait(timeout=30) == 0
    assert not any("Traceback" in line for line in served.stderr), served.stderr
    page.wait_for_selector("#guide-live:text('Preview server stopped')", timeout=10_000)
    page.close()
