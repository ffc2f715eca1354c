"""A build's inputs: one list of what a build reads, each with the locales whose outputs it shapes.

The one answer to "what is an output made from?" and "what does a saved file affect?", asked by
the build record (an output's key: :meth:`Inputs.key`), by ``guide serve`` (the locales to
rebuild: :meth:`Inputs.affected`) and by the warm card worker (the code it runs:
:func:`generator_digest`).

- The generator: its code (every ``*.py``), its templates and styles (``templates/``), each
  locale's shipped catalogue (``generator/locale/<L>/LC_MESSAGES/generator.po``: that locale).
- The project: ``guide.toml``, ``content/``, ``templates/`` (overrides, CSS, assets such as
  fonts and images): every locale; ``locales/<L>/LC_MESSAGES/<domain>.po``: that locale;
  ``locales/glossary.yaml``: each locale its share (:func:`glossary_shares`).
- The installed fonts the prepared fonts are cut from: every locale.

Files count by content (SHA-256): a checkout or a save without changes rebuilds nothing. Two
exceptions: installed fonts by path, size and mtime (fonts.face_identity: 20-27 MB each), and
the code, hashed once per process: a process runs the code it imported, not what is on disk now.
The POT and a glossary's notes shape no PDF.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..config import Config
from ..files import atomic_write, files_under, owned_alone, within

_PACKAGE = Path(__file__).parents[1]  # the generator package: its code
_SHARES_VERSION = "1"  # bump when glossary_shares changes what a share holds (its cache is keyed by it)


@dataclass(frozen=True)
class Input:
    """One thing a build reads: what it is, where, the locales whose outputs it shapes, its digest."""

    kind: str  # "code", "generator templates", "generator catalogue", "config", "content", ...
    path: Path | None  # the file or folder (None: the installed fonts)
    locales: frozenset[str] | None  # None: every locale's outputs
    digest: str
    folder: bool = False  # ``path`` is a folder: every file under it

    @property
    def where(self) -> Path | None:
        """The folder it is read from (a file's folder), whether or not it exists yet."""
        return self.path if self.folder or self.path is None else self.path.parent

    def shapes(self, codes: Iterable[str]) -> bool:
        return self.locales is None or not self.locales.isdisjoint(codes)

    @property
    def name(self) -> str:
        """Its identity in a key, the same in a copy of the project (no absolute path)."""
        return f"{self.kind}[{','.join(sorted(self.locales))}]" if self.locales is not None else self.kind


def _hash_files(files: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def tree_digest(folder: Path, root: Path) -> str:
    """The hash of every file under ``folder`` (names and bytes) that lies in ``root``; "" if there is no
    folder. A link out of the project is not read here (its reader refuses it): only its name counts."""
    if not folder.is_dir():
        return ""
    inside = files_under(folder, root)
    outside = sorted({p for p in folder.rglob("*") if p.is_symlink()} - set(inside))
    return _hash_files(inside, folder) + "".join(f"|{p.relative_to(folder)}" for p in outside)


def file_digest(path: Path | None, root: Path) -> str:
    """The hash of the file, if it lies in ``root`` (else not read: "outside")."""
    if path is None or not path.is_file():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest() if within(path, root) else "outside"


@functools.cache
def code_digest() -> str:
    """The generator's code (its version included, in generator/__init__.py), once per process."""
    return _hash_files([p for p in _PACKAGE.rglob("*.py") if "__pycache__" not in p.parts], _PACKAGE)


def generator_digest() -> str:
    """The whole generator: code, templates and styles, every shipped catalogue (the warm worker's name)."""
    catalogues = sorted(paths.GENERATOR_LOCALES.glob("*/LC_MESSAGES/*.po"))
    templates = paths.BUILTIN_TEMPLATES
    parts = [code_digest(), tree_digest(templates, templates), _hash_files(catalogues, paths.GENERATOR_LOCALES)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def generator_inputs(codes: Iterable[str]) -> list[Input]:
    """The generator's part of a build's inputs, for the locales ``codes``."""
    templates = paths.BUILTIN_TEMPLATES
    items = [
        Input("code", _PACKAGE, None, code_digest(), folder=True),
        Input("generator templates", templates, None, tree_digest(templates, templates), folder=True),
    ]
    for code in codes:
        shipped = paths.shipped_catalogue(code)  # the templates' own words ("Page 1 of 4")
        digest = file_digest(shipped, paths.GENERATOR_LOCALES)
        items.append(Input("generator catalogue", shipped, frozenset([code]), digest))
    return items


def project_inputs(config: Config) -> list[Input]:
    """The project's part of a build's inputs."""
    root, codes = config.root, list(config.locales)
    glossary = config.locales_dir / "glossary.yaml"
    shares = glossary_shares(config)
    return [
        Input("config", config.path, None, file_digest(config.path, root)),
        Input("content", config.content_dir, None, tree_digest(config.content_dir, root), folder=True),
        Input("templates", config.templates_dir, None, tree_digest(config.templates_dir, root), folder=True),
        *(Input("catalogue", config.po_path(c), frozenset([c]), file_digest(config.po_path(c), root)) for c in codes),
        *(Input("glossary", glossary, frozenset([c]), shares[c]) for c in codes),
    ]


def fonts_input(config: Config) -> Input:
    """The installed faces every prepared font is cut from (their cuts hold every locale's characters)."""
    from ..fonts import fonts_identity
    from .plan import font_families

    return Input("fonts", None, None, fonts_identity(font_families(config)))


class Inputs:
    """The one list of a build's inputs, read once; what an output's key is, what changed since."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.items = [*generator_inputs(config.locales), *project_inputs(config), fonts_input(config)]

    def key(self, codes: list[str], options: dict[str, Any]) -> str:
        """The key of one output printing the locales ``codes``: the inputs that shape them, its options."""
        parts = [f"{item.name}={item.digest}" for item in self.items if item.shapes(codes)]
        parts += ["+".join(codes), json.dumps(options, sort_keys=True, default=str)]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def changed(self, before: Inputs) -> list[Input]:
        """The inputs that are new or other than in ``before``."""
        seen = {(item.kind, item.path, item.locales): item.digest for item in before.items}
        return [item for item in self.items if seen.get((item.kind, item.path, item.locales)) != item.digest]

    def affected(self, before: Inputs) -> tuple[bool, list[str] | None]:
        """What changed since ``before``: (guide.toml?, the reader locales whose outputs it shapes:
        None for every one, [] for none). A bilingual copy is its reader's: a change to its second
        locale names the reader too."""
        changed = self.changed(before)
        if any(item.kind == "config" for item in changed):
            return True, None
        if any(item.locales is None for item in changed):
            return False, None
        touched = {code for item in changed for code in item.locales or ()}
        products = self.config.products.values()
        readers = {
            code
            for code in self.config.locales
            if code in touched or any(touched.intersection(product.pairs_for(code)) for product in products)
        }
        return False, sorted(readers)


def glossary_shares(config: Config) -> dict[str, str]:
    """What the glossary says to each locale, as a digest: the terms it must print (its own and the
    do-not-translate ones, for the gate) and its unbreakable words (for line breaking). So a term's
    Korean shapes the Korean outputs only, and a note shapes none. Parsing the glossary imports the
    catalogue machinery (0.3 s), so the shares of each glossary are kept in the cache folder."""
    from ..fonts import cache_dir

    path = config.locales_dir / "glossary.yaml"
    raw = file_digest(path, config.root)
    codes = list(config.locales)
    name = hashlib.sha256(f"{_SHARES_VERSION}|{raw}|{config.source_locale}|{codes}".encode()).hexdigest()[:32]
    cached = cache_dir() / "inputs" / f"glossary-{name}.json"
    if owned_alone(cached.parent, 0o077):  # this user's alone (made so below): nobody else could forge a share
        try:
            shares = json.loads(cached.read_text(encoding="utf-8"))
            if isinstance(shares, dict) and set(shares) == set(codes):
                return {str(code): str(share) for code, share in shares.items()}
        except (OSError, ValueError):
            pass
    shares = _shares(config, path, raw, codes)
    if shares is not None:
        try:
            cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            cached.parent.chmod(0o700)
            atomic_write(cached, json.dumps(shares).encode())
        except OSError:
            pass  # no cache: computed again next time
        return shares
    return dict.fromkeys(codes, raw)  # unreadable: every locale (the build reports the problem)


def _shares(config: Config, path: Path, raw: str, codes: list[str]) -> dict[str, str] | None:
    from ..content import read_yaml
    from ..errors import GuideError
    from ..messages import load_glossary

    try:
        terms = load_glossary(path, config.source_locale, config.root)  # none if there is no glossary
        words: dict[str, Any] = ((read_yaml(path, config.root) or {}) if path.is_file() else {}).get("words") or {}
    except GuideError:
        return None
    shares = {}
    for code in codes:
        said = [[t.source, t.keep, t.enforce, t.targets.get(code)] for t in terms if t.keep or code in t.targets]
        text = json.dumps([said, words.get(code)], ensure_ascii=False, default=str)
        shares[code] = hashlib.sha256(text.encode()).hexdigest()
    return shares
