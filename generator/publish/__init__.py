"""Publishing a build: the output folder's index page (:mod:`.site`), the live preview (:mod:`.serve`)
and the warm card worker that ``guide warm`` and ``guide serve`` run for ``guide card`` (:mod:`.warm`).

:func:`index_after_build` is here, not in :mod:`.site`, so that a build with nothing to do decides
to leave the page without importing Jinja and Babel (0.4 s).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..errors import GuideError
from ..pipeline import INDEX_NAME, BuildReport
from .warm import CardAnswer, CardJob, WarmError, Worker, hand_over, socket_path

PROBLEMS_MARK = b'<pre class="errors">'  # the page's list of the last build's problems (index.html.j2)

__all__ = [
    "PROBLEMS_MARK",
    "CardAnswer",
    "CardJob",
    "WarmError",
    "Worker",
    "hand_over",
    "index_after_build",
    "preview",
    "socket_path",
    "write_index",
]

if TYPE_CHECKING:
    from .site import write_index


def __getattr__(name: str) -> Any:
    # write_index is imported on first use: the page's Jinja and Babel cost 0.4 s, and a build with
    # nothing to do must not pay for them.
    if name == "write_index":
        from .site import write_index

        return write_index
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def preview(config: Config, out_dir: Path, **options: Any) -> None:
    """``guide serve``: see :func:`.serve.serve` for its options. The server (http.server, watchfiles)
    is imported only here, not by every build."""
    from .serve import serve

    serve(config, out_dir, **options)


def index_after_build(
    config: Config,
    out_dir: Path,
    report: BuildReport | None,
    errors: Sequence[GuideError] = (),
    force: bool = False,
) -> Path:
    """The index page after a build (``guide build``, and every rebuild of ``guide serve``): written
    (see :func:`.site.write_index`) unless the build made nothing, found nothing wrong, and the page
    there shows no problems of an earlier build, so that a build with nothing to do stays fast.
    Raises what keeps the page from being written."""
    target = (config.root / out_dir).resolve() / INDEX_NAME
    if report is not None and not report.built and not errors and _shows_no_problems(target):
        return target
    from .site import write_index

    return write_index(config, out_dir, report, errors, force)


def _shows_no_problems(page: Path) -> bool:
    try:
        return PROBLEMS_MARK not in page.read_bytes()
    except OSError:  # no page yet
        return False
