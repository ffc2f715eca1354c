"""The ``guide`` group: global options, logging, and how errors become exit codes."""

from __future__ import annotations

import logging
import re
import signal
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from ..config import Config, find_project, load_config
from ..errors import GuideError
from ..files import is_failed_load
from ..pipeline import BuildFailed

log = logging.getLogger("generator")


class State:
    def __init__(self, project: Path | None, verbose: int, debug: bool) -> None:
        self.project = project
        self.verbose = verbose
        self.debug = debug
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            root = self.project if self.project else find_project(Path.cwd())
            self._config = load_config(root)
        return self._config


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(state: State, action: Callable[[], None]) -> None:
    """Run ``action``; print a GuideError as one line per problem and exit 1."""
    try:
        action()
    except GuideError as exc:
        if state.debug:
            traceback.print_exc()
        # Paths relative to the project; when its config failed to load, to --project or the current folder.
        root = state._config.root if state._config else state.project or Path.cwd()
        if isinstance(exc, BuildFailed) and exc.report.outputs:
            click.echo(f"Built {len(exc.report.outputs)} file(s) before stopping.", err=True)
        click.echo(_errors(exc, root), err=True)
        sys.exit(1)
    except OSError as exc:  # a file the project needs cannot be read: the user's to fix, not a bug
        if state.debug:
            traceback.print_exc()
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc} (check the file exists and is readable)", err=True)
        sys.exit(1)
    except (click.ClickException, click.exceptions.Exit, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug in guide: one line unless --debug, never a half-written file
        if state.debug:
            traceback.print_exc()
        click.echo(
            f"error: internal error: {type(exc).__name__}: {exc} (run again with --debug and report it)", err=True
        )
        sys.exit(70)


def _errors(exc: GuideError, root: Path | None) -> str:
    text = exc.format(root)
    return "\n".join(f"error: {line}" for line in text.splitlines())


class _Group(click.Group):
    """Global options after the subcommand too (``guide build --project DIR -v``); Ctrl-C exits 130."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        front: list[str] = []  # global options found after the subcommand, moved before it
        rest: list[str] = []
        command_seen = False
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                rest += args[i:]
                break
            if command_seen and (arg in ("--debug", "--verbose") or re.fullmatch(r"-v+", arg)):
                front.append(arg)
            elif command_seen and arg == "--project" and i + 1 < len(args):
                front += args[i : i + 2]
                i += 1
            elif command_seen and arg.startswith("--project="):
                front.append(arg)
            else:
                if not command_seen and not arg.startswith("-") and (i == 0 or args[i - 1] != "--project"):
                    command_seen = True
                rest.append(arg)
            i += 1
        return super().parse_args(ctx, front + rest)

    def invoke(self, ctx: click.Context) -> object:
        """Ctrl-C exits 130 (the shell's convention for SIGINT), not click's "Aborted!" and 1."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("Stopped (Ctrl-C); finished files are kept, unfinished ones were not written.", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Guide project folder (holds guide.toml). Default: the nearest one above the current folder.",
)
@click.option("-v", "--verbose", count=True, help="Say more: -v lists fallback messages, -vv logs internals.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(package_name="guide-generator")
@click.pass_context
def main(ctx: click.Context, project: Path | None, verbose: int, debug: bool) -> None:
    """Build multilingual printable guides from content, gettext catalogues and Jinja templates.

    \b
    Example:
        guide build                       # every locale and product into dist/
        guide --project ../other build    # another guide project
        guide build --project ../other    # the same: global options go before or after the command
    """
    # SIGTERM unwinds like Ctrl-C, so atomic writes remove their temporary files.
    signal.signal(signal.SIGTERM, _terminated)
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s: %(name)s: %(message)s")
    if verbose < 2:
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        # typeset reports every file WeasyPrint could not load as the build's own error line.
        # (on the printing handler: a filter on the logger would hide them from typeset too)
        for handler in logging.getLogger().handlers:
            handler.addFilter(lambda record: not is_failed_load(record))
    ctx.obj = State(project, verbose, debug)


def _terminated(signum: int, frame: object) -> None:
    click.echo("Stopped (SIGTERM); finished files are kept, unfinished ones were not written.", err=True)
    sys.exit(128 + signum)


def known(values: Iterable[str | None], allowed: Iterable[str], option: str) -> None:
    """A usage error (exit 2) naming the option, for a value the project does not have."""
    names = list(allowed)
    for value in values:
        if value is not None and value not in names:
            raise click.BadParameter(f"{value!r} is not one of {', '.join(names)}", param_hint=option)


def known_locales(config: Config, locales: tuple[str, ...]) -> list[str]:
    known(locales, config.locales, "--locale")
    return list(locales) or list(config.locales)
