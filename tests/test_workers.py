"""The typesetting processes: typed tasks and results cross to them and back, and a problem raised
in one arrives in the build as itself (class, message, file, line)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator.errors import ErrorList, FontError, GuideError, OutputError
from generator.pipeline.workers import TypesetResult, TypesetTask, typeset_task, worker_pool
from generator.typeset import TooLong, Typesetting


def _raise_font_error(path: str) -> None:
    raise FontError("font 'Nowhere Sans' is not installed", path=path, line=7, hint="install it")


@pytest.fixture(scope="module")
def pool():
    pool = worker_pool(1, even_one=True)
    assert pool is not None
    yield pool
    pool.shutdown()


def test_a_font_error_raised_in_a_worker_arrives_as_itself(pool) -> None:
    with pytest.raises(FontError) as raised:
        pool.submit(_raise_font_error, "/project/guide.toml").result()
    error = raised.value
    assert (error.path, error.line, error.hint) == (Path("/project/guide.toml"), 7, "install it")
    assert error.format() == "/project/guide.toml:7: font 'Nowhere Sans' is not installed (install it)"


@pytest.mark.typeset
def test_typesetting_in_a_worker_returns_a_pdf_and_raises_an_output_error_with_its_template_line(
    pool, tmp_path: Path
) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>Hello</p>\n<img src='missing.png'>\n", encoding="utf-8")
    good = TypesetTask("<p>Hello</p>", Typesetting(tmp_path, (tmp_path,), 1, "test page"), thumbnail=True)
    broken = TypesetTask("<p>Hello</p><img src='missing.png'>", Typesetting(tmp_path, (tmp_path,), None, "test page"))

    result = pool.submit(typeset_task, good).result()
    assert isinstance(result, TypesetResult)
    assert result.pdf.startswith(b"%PDF") and result.pages == 1 and result.sheets == ()
    assert result.thumbnail is not None and result.thumbnail.startswith(b"\x89PNG")

    with pytest.raises(OutputError) as raised:
        pool.submit(typeset_task, broken).result()
    error = raised.value
    assert error.path == tmp_path / "templates" / "page.html" and error.line == 2
    assert "test page: cannot load missing.png" in error.message


@pytest.mark.typeset
def test_a_document_over_its_pages_arrives_as_too_long_with_its_count(pool, tmp_path: Path) -> None:
    """The build tries a tighter fit on TooLong (pipeline.run): it must cross the process as itself."""
    pages = '<p style="break-after: page">1</p><p style="break-after: page">2</p><p>3</p>'
    with pytest.raises(TooLong) as raised:
        pool.submit(typeset_task, TypesetTask(pages, Typesetting(tmp_path, (tmp_path,), 2, "long page"))).result()
    assert raised.value.pages == 3
    assert raised.value.format() == "long page has 3 pages; the limit is 2 (" + raised.value.hint + ")"


def test_every_guide_error_pickles_with_its_fields() -> None:
    errors = [OutputError("too long", path="dist/en/guide.pdf", line=3, hint="shorten it"), GuideError("plain")]
    copy = pickle.loads(pickle.dumps(ErrorList(errors)))
    assert type(copy) is ErrorList
    assert [type(e) for e in copy.errors] == [OutputError, GuideError]
    assert copy.format() == "dist/en/guide.pdf:3: too long (shorten it)\nplain"
