"""The ``guide`` command: a thin layer over the library API.

Exit codes: 0 success; 1 a problem in the project's input (printed as
``file:line: problem (what to do)``, no traceback); 2 a usage error; 70 a bug
in guide itself (one line; ``--debug`` prints the traceback); 130/143 stopped
by SIGINT/SIGTERM (temporary files removed, finished outputs kept).

One module per kind of command (outputs, catalogues, project), over ``app``'s group. Commands
import the heavier stages (Jinja, polib, WeasyPrint) when they run: `guide build` with nothing
to rebuild must start and finish in well under a second.
"""

from . import catalogues, outputs, project  # noqa: F401  (each module adds its commands to main)
from .app import main

__all__ = ["main"]
