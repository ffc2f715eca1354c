"""Typeset stage: HTML → PDF with WeasyPrint, fetching only the project's files."""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import OutputError

log = logging.getLogger(__name__)


def _fetcher(roots: list[Path]):  # type: ignore[no-untyped-def]
    from weasyprint.urls import URLFetcher

    allowed = [root.resolve() for root in roots]

    class LocalFetcher(URLFetcher):
        """Refuses the network: a printed card must not depend on a live URL.

        WeasyPrint only logs a resource it cannot load and prints without it;
        ``failures`` keeps them so that :func:`typeset` can refuse the PDF.
        """

        failures: list[tuple[str, str]] = []

        def fetch(self, url: str, headers=None):  # type: ignore[no-untyped-def]
            try:
                return self._fetch(url, headers)
            except Exception as exc:
                reason = getattr(exc, "reason", exc)  # urllib wraps the OSError
                self.failures.append((url, str(getattr(reason, "strerror", None) or reason)))
                raise

        def _fetch(self, url: str, headers=None):  # type: ignore[no-untyped-def]
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                from urllib.parse import unquote, urlparse

                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(root) for root in allowed):
                    return super().fetch(url, headers)
            raise ValueError("only the project's own files may be loaded")

    fetcher = LocalFetcher(allowed_protocols={"file", "data"})
    fetcher.failures = []
    return fetcher


def is_failed_load(record: logging.LogRecord) -> bool:
    """WeasyPrint's log line for a resource it leaves out (it prints the PDF without it)."""
    message = str(record.msg)
    return record.levelno >= logging.WARNING and (
        message.startswith("Failed to load") or message.startswith("Font-face") and "cannot be loaded" in message
    )


class _FailedLoads(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if is_failed_load(record):
            self.messages.append(record.getMessage())


def _referrer(url: str, roots: list[Path]) -> tuple[Path | None, int | None]:
    """The project template and line that name ``url`` (or its file name), for the error line."""
    name = url.rstrip("/").rsplit("/", 1)[-1]
    for root in roots[:1]:  # the project's own templates; built-in ones load nothing
        for path in sorted((root / "templates").rglob("*")):
            if path.is_file() and path.suffix in (".j2", ".html", ".css"):
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                for number, line in enumerate(lines, 1):
                    if url in line or name in line:
                        return path, number
    return None, None


def typeset(html: str, base: Path, roots: list[Path], max_pages: int | None, what: str) -> tuple[bytes, int]:
    """Lay out and write one PDF; return its bytes and page count."""
    from weasyprint import HTML  # imported late: 0.5 s, and not needed by extract/update

    fetcher = _fetcher(roots)
    failed_loads = _FailedLoads()
    logging.getLogger("weasyprint").addHandler(failed_loads)
    try:
        document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render()
    finally:
        logging.getLogger("weasyprint").removeHandler(failed_loads)
    if not fetcher.failures and failed_loads.messages:  # fetched, but not usable (a broken font file)
        raise OutputError(f"{what}: {failed_loads.messages[0]}", hint="check the project's fonts and images")
    if fetcher.failures:  # a missing font, image or stylesheet: the PDF would silently lack it
        url, reason = fetcher.failures[0]
        path, line = _referrer(url, roots)
        if url.startswith("file:"):
            from urllib.parse import unquote, urlparse

            local = Path(unquote(urlparse(url).path))
            url = str(local.relative_to(roots[0])) if local.is_relative_to(roots[0]) else str(local)
        raise OutputError(
            f"{what}: cannot load {url}: {reason}",
            path=path,
            line=line,
            hint="use a file inside the project, by a path relative to the template",
        )
    pages = len(document.pages)
    if max_pages is not None and pages > max_pages:
        raise OutputError(
            f"{what} has {pages} pages; the limit is {max_pages}",
            hint="shorten its texts or loosen the product's max_pages in guide.toml",
        )
    return document.write_pdf(), pages
