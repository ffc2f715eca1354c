"""The typeset stage's URL fetcher (typeset._fetcher), line by line (`make mutate`): what WeasyPrint
may load while it lays a document out: data: URLs, and files inside one of the project's roots."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.typeset import _fetcher


@pytest.fixture
def roots(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two roots (the project's and the generator's templates) and a folder outside both."""
    first, second, outside = tmp_path / "project", tmp_path / "builtin", tmp_path / "outside"
    for folder in (first, second, outside):
        folder.mkdir()
    (first / "a b.css").write_text("p {}")
    (second / "base.css").write_text("h1 {}")
    (outside / "secret.txt").write_text("SECRET")
    (first / "link.txt").symlink_to(outside / "secret.txt")
    return first, second, outside


def test_a_data_url_is_fetched_as_it_is() -> None:
    response = _fetcher([])("data:text/plain,hello")
    assert response.read() == b"hello"


def test_a_file_in_either_root_is_fetched_by_its_escaped_url(roots: tuple[Path, Path, Path]) -> None:
    first, second, _ = roots
    fetch = _fetcher([first, second])
    assert (first / "a b.css").as_uri().endswith("a%20b.css")  # read only once unquoted
    assert fetch((first / "a b.css").as_uri()).read() == b"p {}"
    assert fetch((second / "base.css").as_uri()).read() == b"h1 {}"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/style.css",
        "http://127.0.0.1/x",
        "ftp://example.org/x",
        "OUTSIDE",  # a file outside every root
        "LINK",  # a link inside a root to a file outside it
        "DOTDOT",  # a path that climbs out of a root
    ],
)
def test_anything_else_is_refused_naming_the_url(roots: tuple[Path, Path, Path], url: str) -> None:
    first, second, outside = roots
    url = {
        "OUTSIDE": (outside / "secret.txt").as_uri(),
        "LINK": (first / "link.txt").as_uri(),
        "DOTDOT": f"file://{first}/../outside/secret.txt",
    }.get(url, url)
    with pytest.raises(ValueError) as refused:
        _fetcher([first, second]).fetch(url)
    assert str(refused.value) == f"refusing to fetch {url}: only the project's own files are allowed"
