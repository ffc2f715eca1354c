"""Writing files so that a reader never sees half of one.

Every output (PDF, HTML, catalogue) is written to a temporary file beside its
target, ``.<name>.<pid>.<random>.tmp``, and renamed over it: a crash, a
signal or a full disk leaves the old file or the new one, never a truncated
one, and two builds into one folder each rename their own complete file. A
process killed outright (SIGKILL) cannot remove its temporary file; the next
write into the same folder removes those whose process is gone.
"""

from __future__ import annotations

import errno
import itertools
import logging
import os
import re
import signal
import stat
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import GuideError, OutputError

# What to do about the errors a write can meet.
HINTS = {
    errno.ENOSPC: "free some space on the disk, then build again",
    errno.EDQUOT: "free some space (disk quota exceeded), then build again",
    errno.EACCES: "make the output folder writable, or choose another with --out",
    errno.EPERM: "make the output folder writable, or choose another with --out",
    errno.EROFS: "the disk is read-only: choose another output folder with --out",
    errno.ENOTDIR: "a file is in the way of the output folder: move it, or choose another with --out",
    errno.EEXIST: "a file is in the way of the output folder: move it, or choose another with --out",
}


# Every input file (config, content, catalogue) is read up to this size: a larger one is an error,
# not minutes of parsing (a catalogue that is a link to /dev/zero would never end).
MAX_INPUT_BYTES = 16 * 1024 * 1024


# --- May this file be read? ------------------------------------------------------
# A project comes from volunteers' pull requests: a catalogue that is a link to ~/.ssh/id_rsa must
# not be read, nor quoted in an error a CI log shows. Every path the project names is resolved (links
# followed, ``..`` resolved) and read only when it lies inside its root; ``root`` is the project
# folder, or the generator's own folder for the files it ships.


def within(path: Path, root: Path) -> Path | None:
    """``path`` resolved, if it lies inside ``root`` (resolved too); else None (a loop of links too)."""
    try:
        resolved = path.resolve()
        return resolved if resolved.is_relative_to(root.resolve()) else None
    except (OSError, RuntimeError):  # RuntimeError: a loop of symbolic links (Python < 3.13)
        return None


def confine(path: Path, root: Path, error: type[GuideError] = GuideError) -> Path:
    """``path`` resolved, or ``error`` when it lies outside ``root``: call before reading a file the project names."""
    resolved = within(path, root)
    if resolved is None:
        raise error(
            "is outside the project (a link to a file elsewhere, or a loop of links): not read",
            path=path,
            hint="put the file itself inside the project, or a link to a file inside it",
        )
    return resolved


def files_under(folder: Path, root: Path) -> list[Path]:
    """The regular files under ``folder`` that lie inside ``root``, sorted; links out of it are left out
    (the reader that needs one refuses it by name)."""
    if within(folder, root) is None or not folder.is_dir():
        return []
    found = (path for path in folder.rglob("*") if within(path, root) is not None and path.is_file())
    return sorted(path for path in found if "__pycache__" not in path.parts)


def read_input(path: Path, error: type[GuideError] = GuideError, *, root: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file inside ``root`` of at most ``limit`` bytes; else ``error``
    (FileNotFoundError passes). The file opened is the resolved one: the one that was checked."""
    resolved = confine(path, root, error)
    # O_NONBLOCK: a named pipe does not wait for a writer (then fails the regular-file test below).
    fd = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise error("not a regular file", path=path, hint="point it at a file, not a device or a pipe")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise error(
            f"larger than {limit // (1024 * 1024)} MB",
            path=path,
            hint="an input file this large is a mistake: check what it holds",
        )
    return data


# .<target name>.<pid>.<mkstemp's random part>.tmp
TEMP = re.compile(r"^\..+\.(\d+)\.[a-z0-9_]{8}\.tmp$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files in ``folder`` left by writers that no longer run."""
    removed: list[Path] = []
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return removed
    for candidate in candidates:
        match = TEMP.match(candidate.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            try:
                candidate.unlink()
                removed.append(candidate)
            except OSError:
                pass  # another build removed it first, or it is not ours to remove
    return removed


def _error(exc: OSError, path: Path) -> OutputError:
    hint = HINTS.get(exc.errno or 0, "check free space and permissions")
    return OutputError(f"cannot write: {exc.strerror or exc}", path=path, hint=hint)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over.

    An interrupted write leaves the old file (or none), never a truncated one.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(path.parent)
        # Ctrl-C or SIGTERM between creating the file and holding its name would leave it behind:
        # hold them until the cleanup below is in place (they arrive at the next line of the try).
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            raise
    except OSError as exc:
        raise _error(exc, path) from None
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _error(exc, path) from None
    except BaseException:  # KeyboardInterrupt, SystemExit from a signal: leave no temporary file
        Path(tmp).unlink(missing_ok=True)
        raise


# A copy of an output the user changed (a card filled in and saved), moved aside: consult-card.kept-1.pdf.
KEPT = re.compile(r"\.kept-\d+$")


def keep_aside(path: Path) -> Path:
    """Move ``path`` to ``<stem>.kept-N<suffix>`` beside it, N the first free number; an earlier kept
    copy is never replaced (a hard link fails on an existing name, where a rename would replace it)."""
    for number in itertools.count(1):
        kept = path.with_name(f"{path.stem}.kept-{number}{path.suffix}")
        try:
            os.link(path, kept)
        except FileExistsError:
            continue
        except OSError as exc:  # no hard links on this file system: rename, if the name is free
            if kept.exists():
                continue
            try:
                os.rename(path, kept)
            except OSError:
                raise _error(exc, kept) from None
            return kept
        path.unlink()
        return kept
    raise AssertionError("unreachable")


def owned_alone(folder: Path, mode_bits: int = 0o022) -> bool:
    """``folder`` is this user's and has none of ``mode_bits`` (by default: nobody else may write to it)."""
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and info.st_mode & mode_bits == 0


# --- What WeasyPrint reads -----------------------------------------------------


def is_failed_load(record: logging.LogRecord) -> bool:
    """WeasyPrint's log line for a resource it leaves out (it prints the PDF without it)."""
    message = str(record.msg)
    return record.levelno >= logging.WARNING and (
        message.startswith("Failed to load") or message.startswith("Font-face") and "cannot be loaded" in message
    )


class LoadLog(logging.Handler):
    """Every file or URL WeasyPrint failed to load while typesetting, to refuse the PDF.

    WeasyPrint logs a missing image, font or stylesheet, or one the URL fetcher
    refused (the network), and prints the page without it. Used as a context
    manager around rendering; :meth:`check` raises the first failure as an
    error naming the project template (and line) that refers to it.
    """

    def __init__(self, fetcher, project: Path, what: str) -> None:
        super().__init__(logging.WARNING)
        self.project = project
        self.what = what
        self.failures: list[tuple[str, str]] = []  # (url, reason) from the fetcher
        self.messages: list[str] = []  # WeasyPrint's own lines (a font file that is not a font)
        fetch = fetcher.fetch

        def recording_fetch(url: str, headers=None):
            try:
                return fetch(url, headers)
            except Exception as exc:
                reason = getattr(exc, "reason", exc)  # urllib wraps the OSError
                text = str(getattr(reason, "strerror", None) or reason)
                self.failures.append((url, text.removeprefix(f"refusing to fetch {url}: ")))
                raise

        fetcher.fetch = recording_fetch

    def emit(self, record: logging.LogRecord) -> None:
        if is_failed_load(record):
            self.messages.append(record.getMessage())

    def __enter__(self) -> LoadLog:
        logging.getLogger("weasyprint").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("weasyprint").removeHandler(self)

    def check(self) -> None:
        if self.failures:
            url, reason = self.failures[0]
            path, line = self._referrer(url)
            if url.startswith("file:"):
                local = Path(unquote(urlparse(url).path))
                url = str(local.relative_to(self.project)) if local.is_relative_to(self.project) else str(local)
            raise OutputError(
                f"{self.what}: cannot load {url}: {reason}",
                path=path,
                line=line,
                hint="use a file inside the project, by a path relative to the template",
            )
        if self.messages:  # fetched, but not usable (a broken font file)
            named = re.search(r"'([^']+)'", self.messages[0])
            path, line = self._referrer(named.group(1)) if named else (None, None)
            raise OutputError(
                f"{self.what}: {self.messages[0]}", path=path, line=line, hint="check the file is a font or an image"
            )

    def _referrer(self, url: str) -> tuple[Path | None, int | None]:
        """The project template and line that name ``url`` (or its file name)."""
        name = url.rstrip("/").rsplit("/", 1)[-1]
        for path in files_under(self.project / "templates", self.project):
            if path.suffix in (".j2", ".html", ".css"):
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                for number, text in enumerate(lines, 1):
                    if url in text or name in text:
                        return path, number
        return None, None
