"""Typeset stage: HTML → PDF with WeasyPrint, fetching only the project's files."""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import OutputError
from .files import LoadLog

log = logging.getLogger(__name__)


def _fetcher(roots: list[Path]):  # type: ignore[no-untyped-def]
    from weasyprint.urls import URLFetcher

    allowed = [root.resolve() for root in roots]

    class LocalFetcher(URLFetcher):
        """Refuses the network: a printed card must not depend on a live URL."""

        def fetch(self, url: str, headers=None):  # type: ignore[no-untyped-def]
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                from urllib.parse import unquote, urlparse

                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(root) for root in allowed):
                    return super().fetch(url, headers)
            raise ValueError(f"refusing to fetch {url}: only the project's own files are allowed")

    return LocalFetcher(allowed_protocols={"file", "data"})


def typeset(html: str, base: Path, roots: list[Path], max_pages: int | None, what: str) -> tuple[bytes, int]:
    """Lay out and write one PDF; return its bytes and page count."""
    from weasyprint import HTML  # imported late: 0.5 s, and not needed by extract/update

    fetcher = _fetcher(roots)
    with LoadLog(fetcher, roots[0], what) as loads:  # WeasyPrint leaves out what it cannot load: refuse instead
        document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render()
    loads.check()
    pages = len(document.pages)
    if max_pages is not None and pages > max_pages:
        raise OutputError(
            f"{what} has {pages} pages; the limit is {max_pages}",
            hint="shorten its texts or loosen the product's max_pages in guide.toml",
        )
    return document.write_pdf(), pages
