"""What a build writes, and where it may write it.

:class:`Output` and :class:`BuildReport` are what a build returns (and what ``guide index``
reads back from the build records). The checks refuse an output folder inside the project's
sources, and never replace a file that guide did not write.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import ErrorList, GuideError, OutputError
from ..files import keep_aside
from .incremental import Manifest, all_records

INDEX_NAME = "index.html"
GENERATOR_MARK = b'<meta name="generator" content="guide">'  # in the head of site's index.html.j2


@dataclass(frozen=True)
class Output:
    locale: str
    product: str
    path: Path
    pages: int
    size: int
    fallbacks: tuple[tuple[str | None, str], ...]
    up_to_date: bool = False  # True: not rebuilt, its inputs had not changed
    kept: Path | None = None  # where the file it replaced went: the user had changed it (see keep_changed)


@dataclass
class BuildReport:
    outputs: list[Output] = field(default_factory=list)
    seconds: float = 0.0
    worker_peak_mb: float = 0.0  # the largest resident size a typesetting process reached
    notes: list[str] = field(default_factory=list)  # what was left out on purpose, said once

    @property
    def built(self) -> list[Output]:
        return [output for output in self.outputs if not output.up_to_date]

    def fallbacks(self, locale: str) -> dict[tuple[str | None, str], None]:
        """Messages shown in the source language in this locale, in order, once each."""
        seen: dict[tuple[str | None, str], None] = {}
        for output in self.outputs:
            if output.locale == locale:
                seen.update(dict.fromkeys(output.fallbacks))
        return seen


class BuildFailed(ErrorList):
    """A build that stopped on problems, and what it did build before (the CLI and the index page
    show both). One or several problems: each is printed as its own line."""

    def __init__(self, report: BuildReport, errors: list[GuideError]) -> None:
        super().__init__([problem for error in errors for problem in error.each()])  # each problem, once
        self.report = report


def recorded_outputs(config: Config, out: Path) -> list[Output]:
    """The outputs every build into ``out`` recorded (all shards): what ``guide index`` lists."""
    def product(name: str) -> str:
        stems = {Path(p.output).stem: n for n, p in config.products.items()}
        return next((n for stem, n in stems.items() if Path(name).name.startswith(stem)), "")

    return [
        Output(
            name.split("/")[0],
            product(name),
            out / name,
            record.pages,
            record.size,
            record.message_keys(),
            up_to_date=True,
        )
        for name, record in all_records(out).items()
    ]


def check_out(config: Config, out: Path) -> Path:
    """The output folder, resolved; refused if it is the project folder or lies inside its sources.

    (A folder that holds the project is allowed: a build writes only ``<locale>/``, ``_thumbs/`` and
    its index there, and replaces only files it wrote.)
    """
    out = (config.root / out).resolve()
    root = config.root.resolve()
    sources = [root / "content", root / "locales", root / "templates"]
    if out == root:
        problem = "is the project folder"
    elif any(out.is_relative_to(folder) for folder in sources):
        problem = "is inside the project's sources"
    else:
        return out
    raise OutputError(
        f"the output folder {out} {problem}",
        path=config.path,
        hint="choose a folder of its own, such as --out dist (a build writes and replaces files there)",
    )


def check_index(manifest: Manifest) -> None:
    """Refuse to replace an ``index.html`` in the output folder that guide did not write."""
    target = manifest.out / INDEX_NAME
    if not target.exists() or manifest.owns(target):
        return
    try:
        with target.open("rb") as handle:
            if GENERATOR_MARK in handle.read(4096):  # a page of a build whose record was lost
                return
    except OSError:
        pass
    raise OutputError(
        "an index.html that guide did not write is in the way",
        path=target,
        hint="move it, build into another folder with --out, or replace it with --force",
    )


def check_card_target(config: Config, target: Path) -> None:
    """``guide card --out FILE``: anywhere but over the project's config or sources."""
    root = config.root.resolve()
    sources = [root / "content", root / "locales", root / "templates"]
    if target == config.path.resolve() or any(target.is_relative_to(folder) for folder in sources):
        raise OutputError(
            "will not write a card over the project's sources", path=target, hint="name a file outside them"
        )
    if target.exists() and not made_by_guide(target):
        raise OutputError(
            "a file that guide did not write is in the way", path=target, hint="move it, or name another file"
        )


def made_by_guide(path: Path) -> bool:
    """A PDF whose metadata says guide wrote it (the build's record of it may have been lost)."""
    import pypdfium2 as pdfium  # lazy: 0.1 s, only when a card on disk may have been filled in

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):
        return False
    try:
        return pdf.get_metadata_dict().get("Creator") == "guide-generator"
    finally:
        pdf.close()


def check_ownership(manifest: Manifest, targets: list[Path]) -> None:
    """Refuse to replace a file in the output folder that no build wrote (the user's own)."""
    for target in targets:
        if target.exists() and not manifest.owns(target) and not (target.suffix == ".pdf" and made_by_guide(target)):
            raise OutputError(
                "a file that guide did not write is in the way",
                path=target,
                hint="move it, build into another folder with --out, or replace it with --force",
            )


# --- Nothing the user made is lost ------------------------------------------------


def keep_changed(manifest: Manifest | None, target: Path) -> Path | None:
    """Move ``target`` aside (files.keep_aside) if the user changed it since guide wrote it: a card
    filled in a PDF viewer and saved in place is the user's now, also under --force. Its new place, or None.

    Changed: its bytes are not the ones the build record holds; with no record (lost, or a card
    written by ``guide card --out``), a PDF with a filled-in form field.
    """
    if not target.is_file() or target.is_symlink():
        return None
    written = manifest.written(target) if manifest is not None and manifest.out in target.parents else None
    if written is None:
        changed = target.suffix == ".pdf" and filled_in(target)
    else:
        changed = _sha256(target) != written
    return keep_aside(target) if changed else None


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def filled_in(path: Path) -> bool:
    """A PDF with a form field that holds a value (guide writes every field empty)."""
    import pikepdf  # lazy: 0.1 s, as above

    try:
        with pikepdf.open(path) as pdf:
            form = pdf.Root.get("/AcroForm")
            fields = list(form.get("/Fields", [])) if form is not None else []
            while fields:
                field = fields.pop()
                value = field.get("/V")
                if value is not None and str(value) not in ("", "/Off"):
                    return True
                fields.extend(field.get("/Kids", []))
    except (pikepdf.PdfError, OSError, AttributeError, TypeError):
        return False
    return False
