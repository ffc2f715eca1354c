"""The project's config, ``guide.toml``: declared once (schema), loaded once and validated (load),
then read-only (model); docs makes its reference. Fonts and digits by script are in scripts; edit
changes the file in place.
"""

from __future__ import annotations

from .docs import markdown
from .edit import add_locale
from .load import find_project, load_config
from .model import CARD, CONFIG_NAME, NO_QUESTIONS, Config, LocaleConfig, Pair, ProductConfig, ScriptFace, StyleConfig
from .schema import LOCALE_HINT, locale_problem
from .scripts import DEFAULT_FONTS, SCRIPT_FONTS, STYLE_SCRIPTS, default_fonts, script_of

__all__ = [
    "CARD",
    "CONFIG_NAME",
    "NO_QUESTIONS",
    "DEFAULT_FONTS",
    "LOCALE_HINT",
    "SCRIPT_FONTS",
    "STYLE_SCRIPTS",
    "Config",
    "LocaleConfig",
    "Pair",
    "ProductConfig",
    "ScriptFace",
    "StyleConfig",
    "add_locale",
    "default_fonts",
    "find_project",
    "load_config",
    "locale_problem",
    "markdown",
    "script_of",
]
