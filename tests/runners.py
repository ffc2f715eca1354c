"""The real CLI in a subprocess whose file writes are tampered with (a slow disk, a full one)."""

from __future__ import annotations

_TEMPLATE = """
import errno, os, sys, time
real_fdopen = os.fdopen

class Tampered:
    def __init__(self, handle):
        self.handle = handle
    def write(self, data):
{write}
    def __getattr__(self, name):
        return getattr(self.handle, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()

def fdopen(fd, mode="r", *args, **kwargs):
    handle = real_fdopen(fd, mode, *args, **kwargs)
    return Tampered(handle) if "w" in mode else handle

os.fdopen = fdopen
from generator.cli import main
sys.argv[0] = "guide"
main()
"""


def cli_with_writes(write: str) -> str:
    """A ``python -c`` script running ``guide`` whose files' ``write(self, data)`` is ``write``."""
    body = "\n".join("        " + line for line in write.strip("\n").splitlines())
    return _TEMPLATE.format(write=body)
