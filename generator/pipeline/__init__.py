"""The build: every locale × product through render → typeset → file, as a plan and its run.

- :mod:`.plan`: the jobs (locale × product × variant, in a fixed order, in shards) and the
  inputs they share (catalogues, fonts' characters, template folders);
- :mod:`.run`: one path for ``guide build``, ``guide serve`` and ``guide card``: render each job
  here, typeset it in a worker, write and record what comes back (:func:`build`, :func:`make_pdf`);
- :mod:`.workers`: the typesetting processes and the typed task and result they exchange;
- :mod:`.policy`: what a document's messages must satisfy before it is typeset;
- :mod:`.outputs`: what a build returns, and where it may write;
- :mod:`.inputs` (the one list of a build's inputs: what each output is made from, what a saved
  file affects), :mod:`.incremental` (the build record), :mod:`.variants` (file names), :mod:`.thumbs` (the index
  page's pictures, made by the workers), :mod:`.cards` (``guide card``).

Other stages import from here, not from the modules.
"""

from .cards import Card, card_path, make_card
from .incremental import Manifest
from .inputs import Inputs, generator_digest
from .outputs import (
    GENERATOR_MARK,
    INDEX_NAME,
    BuildFailed,
    BuildReport,
    Output,
    check_card_target,
    check_index,
    check_out,
    recorded_outputs,
)
from .plan import BuildOptions, Job, Shard, characters, plan, shard_of
from .run import build, make_pdf
from .thumbs import THUMBS_DIR, png, thumb_path
from .workers import TypesetResult, TypesetTask, default_jobs, worker_pool

__all__ = [
    "GENERATOR_MARK",
    "INDEX_NAME",
    "BuildFailed",
    "BuildOptions",
    "Inputs",
    "BuildReport",
    "Card",
    "Job",
    "Manifest",
    "Output",
    "Shard",
    "THUMBS_DIR",
    "TypesetResult",
    "TypesetTask",
    "build",
    "card_path",
    "characters",
    "check_card_target",
    "check_index",
    "check_out",
    "default_jobs",
    "generator_digest",
    "make_card",
    "make_pdf",
    "plan",
    "png",
    "recorded_outputs",
    "shard_of",
    "thumb_path",
    "worker_pool",
]
