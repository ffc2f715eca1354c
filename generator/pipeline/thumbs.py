"""Thumbnails of PDFs' first pages for the index page (pypdfium2), named by the PDF's content.

Part of the build, not of the index page (publish.site, which shows them): the workers make
them beside typesetting, without importing the page's templates.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

THUMBS_DIR = "_thumbs"
THUMB_WIDTH = 360  # pixels: shown at 180 CSS pixels, sharp on a 2x screen


def thumb_path(out_dir: Path, path: Path, data: bytes) -> Path:
    """Where the thumbnail of the PDF ``path`` (holding ``data``) goes: named by its content."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    return out_dir / THUMBS_DIR / path.relative_to(out_dir).parent / f"{path.stem}-{digest}.png"


def png(page, width: float) -> bytes:
    image = page.render(scale=THUMB_WIDTH / width).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, "PNG")  # optimize=True: 2% smaller, four times slower (0.02 s a thumbnail)
    return buffer.getvalue()


def thumbnail(data: bytes) -> bytes | None:
    """A PNG of the PDF's first page; the build makes them in its workers, beside typesetting."""
    import pypdfium2 as pdfium  # lazy: 0.1 s, in the workers only

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        if not len(pdf):
            return None
        page = pdf[0]
        return png(page, page.get_size()[0])
    finally:
        pdf.close()


