"""Shared fixtures: on-disk fixture projects, and PDFs built once per session."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import functools
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from generator import BuildOptions, build, load_config

from . import tiers
from .serving import served  # noqa: F401 (a fixture: `guide serve` running on a copy of the mini project)

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    # Prepared fonts go to a folder of this test session (subprocesses inherit it): the suite neither
    # fills the user's ~/.cache nor depends on what an earlier run left there.
    if "GUIDE_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="guide-test-fonts-")
        os.environ["GUIDE_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    share_compiled_code(Path(sys.prefix) / "pycache")  # the venv's: kept from one session to the next
    tiers.configure(config, Path(os.environ["GUIDE_CACHE_DIR"]))


def share_compiled_code(folder: Path) -> None:
    """Where PYTHONDONTWRITEBYTECODE is set (as on this machine), every `guide` a test starts compiled
    the generator afresh (0.3 s a process): the tests' processes share compiled code in a folder of
    the virtual environment's instead, and still write none into the source tree."""
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is None:
        return
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    sys.dont_write_bytecode, sys.pycache_prefix = False, str(folder)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tiers.mark(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    before = tiers.typeset_count()
    result = yield
    if tiers.typeset_count() > before:
        pytest.fail("this test typesets: mark it @pytest.mark.typeset (tests/tiers.py)")
    return result


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture project (en + ko, one section of every block kind)."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder that ``make(folder)`` fills once per test session, read by every test that asks for it.

    Under pytest-xdist the workers share it: the first to ask makes it, the others wait for it (on a
    lock in the session's folder). Tests only read it; a test that changes files works on a copy."""
    base = tmp_path_factory.getbasetemp()
    session = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # parent: popen-gw0's session
    folder, done = session / name, session / f"{name}.done"
    with open(session / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def repo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own guide, every locale and product (and their HTML)."""
    config = load_config(ROOT)
    return built_once(tmp_path_factory, "dist", lambda out: build(config, BuildOptions(out, write_html=True)))


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture project, every locale and product."""
    mini = load_config(FIXTURES / "mini")
    return built_once(tmp_path_factory, "mini-dist", lambda out: build(mini, BuildOptions(out)))


@pytest.fixture(scope="session")
def scripts_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multi-script fixture (tests/fixtures/scripts): every locale's card and guide."""
    config = load_config(FIXTURES / "scripts")

    def make(out: Path) -> None:
        build(config, BuildOptions(out=out, variants=False, write_html=True))

    return built_once(tmp_path_factory, "scripts-dist", make)


@functools.lru_cache(maxsize=32)
def _plumbed(path: Path, stamp: tuple[int, int, int]) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(path.read_bytes()))


def plumbed(path: Path) -> contextlib.nullcontext[pdfplumber.PDF]:
    """``with plumbed(path) as pdf``: like ``pdfplumber.open``, but the PDF stays open for the next test
    that reads the same file (same time, size and inode): each page is parsed once, not once a test."""
    stat = path.stat()
    return contextlib.nullcontext(_plumbed(Path(path), (stat.st_mtime_ns, stat.st_size, stat.st_ino)))


def pdf_text(path: Path) -> list[str]:
    """The text of each page, as pdfium (Chrome's viewer) reads it: the order the page was drawn in.
    Ten times quicker than pdfplumber, and the same verdict for what is printed, which every caller
    asks about (pdfplumber sorts by position, pdfium keeps the drawing order, which
    tests/test_text_layer.py holds to the reading order; whitespace falls where each puts it)."""
    stat = path.stat()
    return list(_pdfium_text(Path(path), (stat.st_mtime_ns, stat.st_size, stat.st_ino)))


@functools.lru_cache(maxsize=64)
def _pdfium_text(path: Path, stamp: tuple[int, int, int]) -> tuple[str, ...]:
    document = pdfium.PdfDocument(path.read_bytes())
    try:
        return tuple(page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document)
    finally:
        document.close()


def char_faces(path: Path) -> tuple[tuple[str, str], ...]:
    """Each character of the PDF with the name of the font it is drawn in (pdfium: 10-20 times quicker
    than pdfplumber's ``chars``), e.g. ("한", "VDIVAM+Noto-Sans-CJK-KR-Subset")."""
    stat = path.stat()
    return _pdfium_faces(Path(path), (stat.st_mtime_ns, stat.st_size, stat.st_ino))


@functools.lru_cache(maxsize=64)
def _pdfium_faces(path: Path, stamp: tuple[int, int, int]) -> tuple[tuple[str, str], ...]:
    found = []
    name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    document = pdfium.PdfDocument(path.read_bytes())
    try:
        for page in document:
            text = page.get_textpage()
            for index in range(text.count_chars()):
                pdfium_c.FPDFText_GetFontInfo(text, index, name, len(name), ctypes.byref(flags))
                found.append((chr(pdfium_c.FPDFText_GetUnicode(text, index)), name.value.decode()))
    finally:
        document.close()
    return tuple(found)


def squash(text: str) -> str:
    """Text without whitespace (line breaks in a PDF land anywhere in CJK text) and with
    straight quotes (content's straight quotes are printed as typographic ones)."""
    return "".join(text.split()).translate(str.maketrans("“”‘’", "\"\"''"))


def typeset_without_gate(project: Path, product: str = "card", locale: str = "ko") -> tuple[str, Path]:
    """A product typeset from its catalogue as it stands, without the build's gate (the checks that
    refuse a bad translation): its HTML, and the PDF written to ``project/bypass.pdf``. What the
    backstops (escaping, link filtering) alone make of an attack."""
    from generator.content import load_content
    from generator.fonts import cache_dir
    from generator.messages import read_catalogue
    from generator.render import BUILTIN_TEMPLATES, Rendition, make_environment, render_html
    from generator.typeset import Typesetting, typeset

    config = load_config(project)
    html, _ = render_html(
        make_environment(config),
        config,
        load_content(config.content_dir),
        Rendition(
            config.locales[locale],
            config.products[product],
            read_catalogue(config.po_path(locale), locale, config.root),
        ),
    )
    pdf, _ = typeset(
        html, Typesetting(config.root, (config.root, BUILTIN_TEMPLATES, cache_dir()), None, locale)
    )  # field faces
    path = project / "bypass.pdf"
    path.write_bytes(pdf)
    return html, path
