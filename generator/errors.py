"""Errors a user can act on.

Every problem caused by the project's input (config, content, catalogues,
templates, fonts, output folder) is raised as a :class:`GuideError`. The CLI
prints it as one compiler-style line, ``file:line: problem (what to do)``, and
exits 1, with no traceback. Any other exception is a bug in the generator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class GuideError(Exception):
    """A problem in the user's input, reported without a traceback."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def location(self, root: Path | None = None) -> str:
        if self.path is None:
            return ""
        path = self.path
        if root is not None:
            # The file itself, else the name the project gave it (a link out of the project).
            for candidate, folder in ((path.resolve(), root.resolve()), (path.absolute(), root.absolute())):
                if candidate.is_relative_to(folder):
                    path = candidate.relative_to(folder)
                    break
        return f"{path}:{self.line}" if self.line else str(path)

    def format(self, root: Path | None = None) -> str:
        where = self.location(root)
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text

    def __str__(self) -> str:
        return self.format()

    def each(self) -> list[GuideError]:
        """The problems this error stands for: itself (a list: each of its problems, at any depth)."""
        return [self]

    def but(self, **fields: Any) -> GuideError:
        """A copy with ``fields`` (message, path, line, hint) changed: the error raised stays as raised."""
        return _rebuild(type(self), {**self.__dict__, **fields})

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled as its class and fields, so that a problem raised in a typesetting process arrives
        # in the build as itself; not through __init__, whose arguments differ in subclasses (ErrorList).
        return _rebuild, (type(self), self.__dict__)


def _rebuild(cls: type[GuideError], fields: dict[str, object]) -> GuideError:
    error = cls.__new__(cls)
    Exception.__init__(error, fields["message"])
    error.__dict__.update(fields)
    return error


class ConfigError(GuideError):
    """guide.toml is missing, unreadable or invalid."""


class ContentError(GuideError):
    """A content file is malformed: YAML syntax, missing or duplicate ids."""


class CatalogueError(GuideError):
    """A .po/.pot file cannot be read or is inconsistent."""


class TemplateError(GuideError):
    """A Jinja template has a syntax error or fails while rendering."""


class FontError(GuideError):
    """A font the config names is not installed."""


class OutputError(GuideError):
    """An output file cannot be written, or breaks a product limit."""


class ErrorList(GuideError):
    """Several independent problems, reported together (like MkDocs' config)."""

    def __init__(self, errors: list[GuideError]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors

    def format(self, root: Path | None = None) -> str:
        return "\n".join(error.format(root) for error in self.errors)

    def each(self) -> list[GuideError]:
        return [problem for error in self.errors for problem in error.each()]

    @staticmethod
    def raise_if(errors: list[GuideError]) -> None:
        """Raise the problems found, if any: one as itself, several together."""
        if errors:
            raise errors[0] if len(errors) == 1 else ErrorList(errors)
