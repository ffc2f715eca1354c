"""Editing guide.toml in place (``guide init`` adds a locale): tomlkit keeps every comment and the layout."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..files import atomic_write, read_input
from .load import key_line
from .model import CONFIG_NAME


def add_locale(root: Path, code: str) -> None:
    """Append ``code`` to guide.locales in guide.toml."""
    import tomlkit  # only `guide init` edits the file

    path = root / CONFIG_NAME
    text = read_input(path, ConfigError, root=root).decode("utf-8")
    document = tomlkit.parse(text)
    guide = document.setdefault("guide", tomlkit.table())
    locales = guide.setdefault("locales", tomlkit.array())
    if not isinstance(locales, list):
        raise ConfigError("guide.locales is not a list", path=path, line=key_line(text, "locales", "guide"))
    if code not in locales:
        locales.append(code)
    atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
