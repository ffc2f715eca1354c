"""WeasyPrint font configurations kept between the documents a process typesets (a worker, `guide serve`'s warm
card worker), by the @font-face rules that fill them: WeasyPrint then loads a document's faces
once, not once a document, and Pango's caches stay warm (15-25% of a card's typesetting; the
press PDF reuses its document's). Only for faces whose bytes their URL names: data: URLs and
the prepared faces (named by their content); a project's own font file may change on disk.
A few at most: each holds copies of its faces.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

from ..fonts import prepared_dir

_FACES = re.compile(r"@font-face\s*{[^}]*}")
_FONT_CONFIGS: dict[str, Any] = {}
_KEPT_FONT_CONFIGS = 8


def _forget_font_configs() -> None:
    """In a forked child: the parent's configurations are the parent's. Each removes its folder of
    font copies when freed (WeasyPrint 70's ``_folder``): the child must not remove the parent's."""
    for config in _FONT_CONFIGS.values():
        config._folder = None
    _FONT_CONFIGS.clear()


def _remove_font_copies() -> None:
    """At exit: the kept configurations' folders of font copies. WeasyPrint removes one when its
    configuration is freed, which never happens to these before exit, and a pool's worker leaves
    with os._exit; multiprocessing runs this in its workers too, and atexit elsewhere."""

    for config in _FONT_CONFIGS.values():
        if config._folder is not None:
            shutil.rmtree(config._folder, ignore_errors=True)
            config._folder = None
    _FONT_CONFIGS.clear()


os.register_at_fork(after_in_child=_forget_font_configs)


def kept(html: str) -> Any:
    """A font configuration for ``html``'s faces, kept if its faces cannot change (None: WeasyPrint's own)."""
    import tinycss2
    from weasyprint.text.fonts import FontConfiguration

    rules = _FACES.findall(html)
    prepared = prepared_dir().resolve().as_uri() + "/"
    for token in tinycss2.parse_component_value_list("".join(rules)):
        for url in _urls(token):
            if not (url.startswith("data:") or (url.startswith(prepared) and "/.." not in url)):
                return None
    key = "\n".join(rules)
    if not _FONT_CONFIGS:
        from multiprocessing.util import Finalize

        Finalize(None, _remove_font_copies, exitpriority=10)  # when the first is kept (again after a fork)
    if key not in _FONT_CONFIGS:
        if len(_FONT_CONFIGS) >= _KEPT_FONT_CONFIGS:
            del _FONT_CONFIGS[next(iter(_FONT_CONFIGS))]  # the oldest
        _FONT_CONFIGS[key] = FontConfiguration()
    return _FONT_CONFIGS[key]


def _urls(token: Any) -> list[str]:
    """The URLs of a tinycss2 token and of what it holds (url(...) as a token or as a function)."""
    if token.type == "url":
        return [token.value]
    if token.type == "function" and token.lower_name == "url":
        return [arg.value for arg in token.arguments if arg.type == "string"]
    return [url for child in getattr(token, "content", None) or [] for url in _urls(child)]
