"""Shared fixtures: on-disk fixture projects, and PDFs built once per session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pdfplumber
import pytest

from generator import build, load_config

from .serving import served  # noqa: F401 (a fixture: `guide serve` running on a copy of the mini project)

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    # Prepared fonts go to a folder of this test session (subprocesses inherit it): the suite neither
    # fills the user's ~/.cache nor depends on what an earlier run left there.
    if "GUIDE_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="guide-test-fonts-")
        os.environ["GUIDE_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture project (en + ko, one section of every block kind)."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture(scope="session")
def repo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own guide, every locale and product, built once."""
    out = tmp_path_factory.mktemp("dist")
    build(load_config(ROOT), out=out, write_html=True)
    return out


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini-dist")
    build(load_config(FIXTURES / "mini"), out=out)
    return out


def pdf_text(path: Path) -> list[str]:
    """The text of each page, as pdfplumber extracts it."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def squash(text: str) -> str:
    """Text without whitespace (line breaks in a PDF land anywhere in CJK text) and with
    straight quotes (content's straight quotes are printed as typographic ones)."""
    return "".join(text.split()).translate(str.maketrans("“”‘’", "\"\"''"))


def typeset_without_gate(project: Path, product: str = "card", locale: str = "ko") -> tuple[str, Path]:
    """A product typeset from its catalogue as it stands, without the build's gate (the checks that
    refuse a bad translation): its HTML, and the PDF written to ``project/bypass.pdf``. What the
    backstops (escaping, link filtering) alone make of an attack."""
    from generator.content import load_content
    from generator.messages import read_catalogue
    from generator.render import BUILTIN_TEMPLATES, make_environment, render_html
    from generator.typeset import typeset

    config = load_config(project)
    html, _ = render_html(
        make_environment(config),
        config,
        load_content(config.content_dir),
        config.locales[locale],
        config.products[product],
        read_catalogue(config.po_path(locale), locale),
    )
    pdf, _ = typeset(html, config.root, [config.root, BUILTIN_TEMPLATES], None, locale)
    path = project / "bypass.pdf"
    path.write_bytes(pdf)
    return html, path
