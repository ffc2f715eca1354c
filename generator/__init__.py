"""Multilingual printable guide generator.

The pipeline, one package per stage (README, "How it works")::

    config  → content → messages → fonts → render → typeset → impose | press → (file)
    guide.toml  YAML      .po/.pot    cuts    Jinja     WeasyPrint  sheets   print shop

Public API::

    from generator import BuildOptions, build, load_config
    report = build(load_config(Path(".")), BuildOptions(locales=("ko",)))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .config import Config, find_project, load_config
from .errors import GuideError
from .pipeline import BuildFailed, BuildOptions, BuildReport, Output, build

# The content stage is imported on first use: `guide build` with nothing to rebuild
# must not pay for YAML and Markdown.
_LAZY = {"Guide": "content", "load_content": "content"}
__all__ = [
    "BuildFailed",
    "BuildOptions",
    "BuildReport",
    "Config",
    "Guide",
    "GuideError",
    "Output",
    "build",
    "find_project",
    "load_config",
    "load_content",
    "__version__",
]

if TYPE_CHECKING:
    from .content import Guide, load_content


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
