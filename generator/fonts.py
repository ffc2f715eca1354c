"""Fonts: every family the config names must be installed, or the build stops.

Without this check fontconfig silently substitutes DejaVu, and a Chinese or
Korean page comes out in the wrong font, or in boxes.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from .config import Config
from .errors import ErrorList, FontError, GuideError


@functools.cache
def installed_families() -> frozenset[str]:
    if shutil.which("fc-list") is None:
        raise FontError("fc-list not found: fontconfig is needed to find fonts", hint="install fontconfig")
    listing = subprocess.run(["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def check_fonts(config: Config) -> None:
    families = installed_families()
    errors: list[GuideError] = []
    for locale in config.locales.values():
        for family in dict.fromkeys((*locale.sans, *locale.serif)):
            if family not in families:
                errors.append(FontError(
                    f"font {family!r} for locale {locale.code} is not installed", path=config.path,
                    hint="run `make setup` (installs fonts-noto-cjk) or change the locale's fonts in guide.toml",
                ))
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
