"""Multilingual printable guide generator.

The pipeline, one module per stage::

    config  → content → messages → render → typeset → (file)
    guide.toml  YAML      .po/.pot    Jinja     WeasyPrint

Public API::

    from generator import load_config, build
    report = build(load_config(Path(".")))
"""

from .build import BuildReport, Output, build
from .config import Config, find_project, load_config
from .content import Guide, load_content
from .errors import GuideError

__version__ = "0.1.0"
__all__ = [
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
