"""Incremental builds: an output is rebuilt only when one of its inputs changed.

An output's key is the digest of the inputs that shape it (pipeline.inputs: the generator's
code, templates and its locales' shipped catalogues; guide.toml, content, templates, its
locales' catalogues and their share of the glossary; the installed fonts) and its build options.

The keys live in ``OUT/.guide-build.json`` with what the build reported about
each output (pages, messages shown in the source language), so an output that
is up to date is still reported in full. The record is written atomically after
each output, so an interrupted build keeps what it finished.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import atomic_write

log = logging.getLogger(__name__)

MANIFEST_NAME = ".guide-build.json"


def manifest_name(shard: tuple[int, int] | None) -> str:
    """One record per shard (``.guide-build.2-of-4.json``), so parts copied into one folder do not collide."""
    return MANIFEST_NAME if shard is None else f".guide-build.{shard[0]}-of-{shard[1]}.json"


def all_records(out: Path) -> dict[str, Record]:
    """What every build into ``out`` recorded, shards included (the index of a folder built in parts)."""
    records: dict[str, Record] = {}
    for path in sorted(out.glob(".guide-build*.json")):
        records.update(Manifest(out, path.name).records)
    return records


_FORMAT = 1


@dataclass
class Record:
    key: str
    sha256: str
    pages: int
    size: int
    fallbacks: list[list[str | None]]

    def message_keys(self) -> tuple[tuple[str | None, str], ...]:
        """The (context, msgid) of each message shown in the source language (JSON keeps them as lists)."""
        return tuple((context, msgid or "") for context, msgid in self.fallbacks)


class Manifest:
    """What the last builds into one folder produced, and from which inputs."""

    def __init__(self, out: Path, name: str = MANIFEST_NAME) -> None:
        self.out = out
        self.path = out / name
        self.records, self.files = self._read()
        # As read: a save writes only what this build changed over what is on disk by then, so builds
        # into one folder at once (guide build --locale en, --locale ko, --product card) keep each other's.
        self._read_records, self._read_files = dict(self.records), dict(self.files)

    def _read(self) -> tuple[dict[str, Record], dict[str, str]]:
        """The record on disk: outputs, and other files the build wrote (thumbnails, the index): name → sha256."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT:
                records = {name: Record(**fields) for name, fields in data["outputs"].items()}
                return records, {str(name): str(digest) for name, digest in data.get("files", {}).items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # no record, or an unreadable one: everything is rebuilt
        return {}, {}

    def _name(self, target: Path) -> str:
        return target.relative_to(self.out).as_posix()

    def current(self, target: Path, key: str) -> Record | None:
        """The record of ``target`` if it was built from ``key`` and the file is still what was built."""
        record = self.records.get(self._name(target))
        if record is None or record.key != key:
            return None
        try:
            data = target.read_bytes()
        except OSError:
            return None
        if len(data) != record.size or hashlib.sha256(data).hexdigest() != record.sha256:
            return None
        return record

    def record(
        self, target: Path, key: str, data: bytes, pages: int, fallbacks: Iterable[tuple[str | None, str]]
    ) -> None:
        self.records[self._name(target)] = Record(
            key, hashlib.sha256(data).hexdigest(), pages, len(data), [list(pair) for pair in fallbacks]
        )
        self.files.pop(self._name(target), None)  # the hash kept by forget() or wrote()
        self.save()

    def own(self, path: Path, data: bytes) -> None:
        """Record a file the build wrote besides its outputs (saved with the next output, or by :meth:`save`)."""
        self.files[self._name(path)] = hashlib.sha256(data).hexdigest()

    def owns(self, path: Path) -> bool:
        """Whether a build into this folder wrote ``path`` (an output or another file)."""
        try:
            name = self._name(path)
        except ValueError:
            return False
        return name in self.records or name in self.files

    def written(self, target: Path) -> str | None:
        """The SHA-256 of ``target`` as a build (or ``guide card``) wrote it, or None if none is recorded."""
        name = self._name(target)
        record = self.records.get(name)
        return record.sha256 if record is not None else self.files.get(name)

    def wrote(self, target: Path, data: bytes) -> None:
        """``guide card`` wrote ``target``: its hash is kept; a build's record of other bytes is dropped."""
        name, digest = self._name(target), hashlib.sha256(data).hexdigest()
        if self.written(target) != digest:
            self.records.pop(name, None)
            self.files[name] = digest
            self.save()

    def forget(self, target: Path) -> None:
        """``target`` was not rebuilt: rebuild it next time, but keep its hash (is it changed since?)."""
        record = self.records.pop(self._name(target), None)
        if record is not None:
            self.files[self._name(target)] = record.sha256
            self.save()

    def save(self) -> None:
        """Write this build's changes over the record as it now is on disk (another build's included)."""
        with _locked(self.out):
            records, files = self._read()
            _apply(records, self._read_records, self.records)
            _apply(files, self._read_files, self.files)
            data = {
                "format": _FORMAT,
                "outputs": {name: vars(record) for name, record in sorted(records.items())},
                "files": dict(sorted(files.items())),
            }
            atomic_write(self.path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
        self.records, self.files = records, files
        self._read_records, self._read_files = dict(records), dict(files)


def _apply(disk: dict[str, Any], before: dict[str, Any], now: dict[str, Any]) -> None:
    """Apply to ``disk`` what changed from ``before`` to ``now``: entries set, and entries removed."""
    for name, value in now.items():
        if before.get(name) != value:
            disk[name] = value
    for name in before.keys() - now.keys():
        disk.pop(name, None)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """The folder locked against other builds' saves (a lock on the folder itself: no lock file in it)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
