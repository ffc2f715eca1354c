"""The ``guide`` command: a thin layer over the library API.

Exit codes: 0 success; 1 a problem in the project's input (printed as
``file:line: problem (what to do)``, no traceback); 2 a usage error; 70 a bug
in guide itself (one line; ``--debug`` prints the traceback); 130/143 stopped
by SIGINT/SIGTERM (temporary files removed, finished outputs kept).
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import sys
import traceback
from pathlib import Path

import click

from ..config import Config, add_locale, find_project, load_config
from ..errors import GuideError
from ..files import is_failed_load
from ..paths import BUILTIN_TEMPLATES
from ..pipeline import BuildReport, Output, build, check_card_target, check_index, check_out, default_jobs
from ..pipeline.incremental import Manifest

# Commands import the heavier stages (Jinja, polib, WeasyPrint) when they run:
# `guide build` with nothing to rebuild must start and finish in well under a second.

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


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(state: State, action) -> None:  # type: ignore[no-untyped-def]
    """Run ``action``; print a GuideError as one line per problem and exit 1."""
    try:
        action()
    except GuideError as exc:
        if state.debug:
            traceback.print_exc()
        # Paths relative to the project; when its config failed to load, to --project or the current folder.
        root = state._config.root if state._config else state.project or Path.cwd()
        report = getattr(exc, "report", None)
        if isinstance(report, BuildReport) and report.outputs:
            click.echo(f"Built {len(report.outputs)} file(s) before stopping.", err=True)
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


def _print_output(output: Output) -> None:
    size = f"{output.size / 1024:.0f} KB"
    pages = f"{output.pages} page" + ("s" if output.pages != 1 else "")
    fresh = ", up to date" if output.up_to_date else ""
    click.echo(f"{_relative(output.path, Path.cwd())}  ({pages}, {size}{fresh})")


def _summary(state: State, report: BuildReport) -> None:
    config = state.config
    current = len(report.outputs) - len(report.built)
    for note in report.notes:
        click.echo(f"note: {note}")
    click.echo(
        f"Built {len(report.built)} PDF(s) in {report.seconds:.1f} s" + (f"; {current} up to date." if current else ".")
    )
    for code in dict.fromkeys(o.locale for o in report.outputs):
        fallbacks = report.fallbacks(code)
        if not fallbacks:
            continue
        source = config.source_locale
        click.echo(
            f"{code}: {len(fallbacks)} message(s) not yet translated, shown in {source}"
            + ("" if state.verbose else " (-v lists them)")
        )
        if state.verbose:
            for context, msgid in fallbacks:
                click.echo(f"    {context or '-'}: {msgid[:70]}")


@main.command("build")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder. Default: dist/ (or guide.out)."
)
@click.option("--locale", "locales", multiple=True, help="Build only this locale; repeat for several.")
@click.option("--product", "products", multiple=True, help="Build only this product (card, guide); repeat for several.")
@click.option("--html", "write_html", is_flag=True, help="Also write the HTML that was typeset, beside each PDF.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help=f"Typeset this many PDFs at once. Default: the number of cores ({default_jobs()}).",
)
@click.option("--force", is_flag=True, help="Rebuild every output, even those whose inputs did not change.")
@click.option(
    "--shard",
    callback=lambda ctx, param, value: _parse_shard(value),
    metavar="I/N",
    help="Build only part I of N of the plan (a CI matrix job); then `guide index` once all parts are together.",
)
@click.pass_obj
def build_command(
    state: State,
    out: Path | None,
    locales: tuple[str, ...],
    products: tuple[str, ...],
    write_html: bool,
    jobs: int | None,
    force: bool,
    shard: tuple[int, int] | None,
) -> None:
    """Build the PDFs: every locale × product by default.

    Writes OUT/<locale>/consult-card.pdf and OUT/<locale>/guide.pdf and prints
    one line per file, then which messages fell back to the source language.
    Only outputs whose inputs changed (content, catalogue, templates, fonts,
    config, generator) are rebuilt.

    \b
    Example:
        guide build
        guide build --locale ko --product card --html --out /tmp/ko
        guide build --force --jobs 1
        guide build --shard 2/4          # CI: the second of four disjoint parts
    """

    def action() -> None:
        config = state.config
        for code in locales:
            if code not in config.locales:
                raise click.BadParameter(f"{code!r} is not one of {', '.join(config.locales)}", param_hint="--locale")
        for name in products:
            if name not in config.products:
                raise click.BadParameter(f"{name!r} is not one of {', '.join(config.products)}", param_hint="--product")
        out_dir = check_out(config, out.resolve() if out else config.out)
        if not force:  # before anything is written into a folder that is not guide's
            check_index(Manifest(out_dir))
        try:
            report = build(
                config,
                out=out_dir,
                locales=list(locales) or None,
                products=list(products) or None,
                write_html=write_html,
                progress=_print_output,
                jobs=jobs,
                force=force,
                shard=shard,
            )
        except GuideError as exc:
            from ..publish.site import write_index

            if out_dir.is_dir():  # the index shows the problem, and what did build
                with contextlib.suppress(GuideError):  # the build's own error is the one to report
                    write_index(config, out_dir, getattr(exc, "report", None), errors=[exc], force=force)
            raise
        _summary(state, report)
        if shard is not None:  # the other parts are built elsewhere: the index comes once all are together
            where = _relative(out_dir, Path.cwd())
            click.echo(f"Part {shard[0]} of {shard[1]}; once every part is in {where}: guide index --out {where}")
            return
        index = out_dir / "index.html"
        if report.built or not index.exists():  # nothing rebuilt: the page is still right (and costs 0.3 s)
            from ..publish.site import write_index

            index = write_index(config, out_dir, report, force=force)
        click.echo(f"Index: {_relative(index, Path.cwd())}")

    run(state, action)


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter(f"{value!r} is not I/N with 1 <= I <= N (for example 2/4)", param_hint="--shard")
    return int(index), int(count)


@main.command("index")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder. Default: dist/ (or guide.out)."
)
@click.pass_obj
def index_command(state: State, out: Path | None) -> None:
    """Write OUT/index.html for the PDFs in the output folder.

    `guide build` writes it itself; run this after building in parts
    (`guide build --shard I/N` on several machines, their folders copied
    into one).

    \b
    Example:
        guide index --out dist
    """

    def action() -> None:
        from ..pipeline import recorded_outputs
        from ..publish.site import write_index

        config = state.config
        out_dir = config.root / (out.resolve() if out else config.out)
        if not out_dir.is_dir():
            raise GuideError("no such output folder", path=out_dir, hint="build first, or name it with --out")
        index = write_index(config, out_dir, recorded_outputs(config, out_dir))
        click.echo(f"Index: {_relative(index, Path.cwd())}")

    run(state, action)


@main.command("serve")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port; 0 picks a free one."
)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder. Default: dist/ (or guide.out)."
)
@click.pass_obj
def serve_command(state: State, port: int, out: Path | None) -> None:
    """Serve the output folder on localhost and rebuild when a source file is saved.

    Builds everything, then serves OUT/index.html at http://127.0.0.1:PORT/.
    Saving a content file, template, catalogue or guide.toml rebuilds what it
    affects (a catalogue: only its locale) and reloads the open page; a problem
    is shown on the page and the server goes on. Ctrl-C stops it.

    \b
    Example:
        guide serve --port 8001
    """
    from ..publish.serve import serve

    def action() -> None:
        config = state.config
        out_dir = check_out(config, out.resolve() if out else config.out)
        serve(config, out_dir, port=port, progress=_print_output, echo=click.echo)

    run(state, action)


@main.command("card")
@click.option("--lang", "lang", required=True, help="The reader's locale (the patient's language).")
@click.option("--also", help="A second locale under each question (the clinician's language).")
@click.option(
    "--paper",
    type=click.Choice(["a6", "a4", "letter", "press"]),
    default="a6",
    show_default=True,
    help="a6: the card itself; a4/letter: four cards to a sheet, with crop marks, for double-sided printing;"
    " press: for a print shop (bleed, crop marks, CMYK, PDF/X-4).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file. Default: its place in dist/."
)
@click.pass_obj
def card_command(state: State, lang: str, also: str | None, paper: str, out: Path | None) -> None:
    """Build one consult card: a locale, optionally bilingual, on A6 or on sheets.

    Writes OUT/<lang>/consult-card[.<also>][.<paper>].pdf unless --out names a file.

    \b
    Example:
        guide card --lang zh_Hant --also ko               # for a consult in Seoul
        guide card --lang en --paper letter --out card.pdf
    """
    from ..pipeline.cards import PRODUCT, card_path, make_card

    def action() -> None:
        config = state.config
        for option, code in (("--lang", lang), ("--also", also)):
            if code is not None and code not in config.locales:
                raise click.BadParameter(f"{code!r} is not one of {', '.join(config.locales)}", param_hint=option)
        if also == lang:
            raise click.BadParameter("the second language must differ from --lang", param_hint="--also")
        if PRODUCT not in config.products:
            raise click.UsageError(f"the project has no {PRODUCT!r} product")
        target = out.resolve() if out else card_path(config, lang, also, paper).resolve()
        check_card_target(config, target)  # never over a source, nor over a file guide did not write
        card = make_card(config, lang, also, paper, target)
        unit = "side" if paper not in ("a6", "press") else "page"
        click.echo(
            f"{_relative(card.path, Path.cwd())}  ({card.pages} {unit}{'s' if card.pages != 1 else ''}, "
            f"{card.size / 1024:.0f} KB)"
        )

    run(state, action)


@main.command("extract")
@click.pass_obj
def extract_command(state: State) -> None:
    """Write locales/<domain>.pot from content/ and the templates.

    The file is left untouched when only its creation date would change.

    \b
    Example:
        guide extract
    """

    from .. import messages
    from ..content import load_content

    def action() -> None:
        config = state.config
        catalog = messages.extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES)
        changed = messages.write_catalog(config.pot_path, catalog)
        state_word = "written" if changed else "unchanged"
        click.echo(f"{_relative(config.pot_path, Path.cwd())}: {len(catalog)} messages, {state_word}")

    run(state, action)


@main.command("update")
@click.option("--locale", "locales", multiple=True, help="Update only this locale; repeat for several.")
@click.pass_obj
def update_command(state: State, locales: tuple[str, ...]) -> None:
    """Merge locales/<domain>.pot into each locale's catalogue.

    Changed source strings keep their translation marked fuzzy, with the
    previous msgid; removed ones become obsolete (#~), never deleted.

    \b
    Example:
        guide extract && guide update --locale ko
    """
    from .. import messages

    def action() -> None:
        config = state.config
        for code in locales or config.locales:
            if not config.po_path(code).exists() and code == config.source_locale:
                continue
            changed = messages.update(config, code)
            click.echo(f"{_relative(config.po_path(code), Path.cwd())}: {'updated' if changed else 'unchanged'}")

    run(state, action)


@main.command("init")
@click.argument("locale")
@click.pass_obj
def init_command(state: State, locale: str) -> None:
    """Start a catalogue for a new LOCALE from locales/<domain>.pot.

    Headers and plural forms come from Babel; the locale is added to
    guide.locales in guide.toml, so the next build includes it.

    \b
    Example:
        guide init ja
    """
    from .. import messages

    def action() -> None:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(locale)
        except (UnknownLocaleError, ValueError):
            raise click.BadParameter(f"{locale!r} is not a known locale code", param_hint="LOCALE") from None
        config = state.config
        path = messages.init(config, locale)
        click.echo(f"{_relative(path, Path.cwd())}: created")
        if locale in config.locales:
            return
        add_locale(config.root, locale)
        click.echo(f"{_relative(config.path, Path.cwd())}: added {locale!r} to guide.locales")

    run(state, action)


@main.command("check")
@click.option("--locale", "locales", multiple=True, help="Check only this locale; repeat for several.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (fuzzy, untranslated, glossary).")
@click.pass_obj
def check_command(state: State, locales: tuple[str, ...], strict: bool) -> None:
    """Check the catalogues; print problems as file:line: problem (what to do).

    Errors: PO syntax, wrong headers, placeholders, links, URLs, PMIDs or
    numbers that differ from the source, broken inline markup, a
    do-not-translate term changed. Warnings: fuzzy or untranslated entries, a
    glossary term not used, a translation identical to its source. Exit 1 on
    errors (and on warnings with --strict).

    \b
    Example:
        guide check --locale ko --strict
    """
    from ..messages import check_project

    def action() -> None:
        config = state.config
        problems = check_project(config, _known_locales(config, locales))
        root = Path.cwd()
        for problem in problems:
            click.echo(problem.format(root))
        errors = sum(p.severity == "error" for p in problems)
        warnings = sum(p.severity == "warning" for p in problems)
        notes = len(problems) - errors - warnings
        click.echo(f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else ""))
        if errors or (strict and warnings):
            sys.exit(1)

    run(state, action)


@main.command("new")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="My guide", show_default=True, help="The guide's title.")
@click.option(
    "--locales",
    default="en",
    show_default=True,
    help="Comma-separated locale codes; the text is written in en, which is always included.",
)
@click.pass_obj
def new_command(state: State, folder: Path, title: str, locales: str) -> None:
    """Start a new guide project in FOLDER: a short example that builds at once.

    Writes guide.toml, content/ (one section of each kind, references, the
    card's texts), a README for its editors, and starts a catalogue for each
    locale. Then: cd FOLDER && guide build.

    \b
    Example:
        guide new my-guide --title "Before your appointment" --locales en,fr,ko
    """
    from ..new import new_project

    def action() -> None:
        codes = [code.strip() for code in locales.split(",") if code.strip()]
        written = new_project(folder, title, codes)
        click.echo(f"{_relative(folder, Path.cwd())}: {len(written)} files written")
        click.echo(f"Next: cd {_relative(folder, Path.cwd())} && guide build")

    run(state, action)


@main.command("glossary")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), default="tbx", show_default=True)
@click.option("--locale", "locales", multiple=True, help="Only this target locale (csv: exactly one). Repeatable.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (default: stdout).")
@click.pass_obj
def glossary_command(state: State, fmt: str, locales: tuple[str, ...], out: Path | None) -> None:
    """Export locales/glossary.yaml for Weblate, Poedit or a CAT tool: TBX or CSV.

    \b
    Example:
        guide glossary --format tbx --locale ko --out glossary/ko.tbx
        guide glossary --format csv --locale zh_Hant
    """
    from ..files import atomic_write
    from ..messages import load_glossary, to_csv, to_tbx

    def action() -> None:
        config = state.config
        codes = [c for c in _known_locales(config, locales) if c != config.source_locale]
        if fmt == "csv" and len(codes) != 1:
            raise click.UsageError("--format csv needs exactly one --locale (the target language)")
        terms = load_glossary(config.locales_dir / "glossary.yaml", config.source_locale)
        source = (config.source_locale, config.locales[config.source_locale].lang)
        if fmt == "tbx":
            text = to_tbx(terms, source, [(code, config.locales[code].lang) for code in codes])
        else:
            text = to_csv(terms, config.source_locale, codes[0])
        if out is None:
            click.echo(text, nl=False)
        else:
            atomic_write(out, text.encode("utf-8"))
            click.echo(f"{_relative(out.resolve(), Path.cwd())}: {len(terms)} terms")

    run(state, action)


@main.command("schema")
@click.pass_obj
def schema_command(state: State) -> None:
    """Print the content format (every key of content/) as Markdown.

    content/README.md is this output; regenerate it after changing the schema.

    \b
    Example:
        guide schema > content/README.md
    """
    from ..content.schema import markdown

    click.echo(markdown(), nl=False)


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def stats_command(state: State, as_json: bool) -> None:
    """Show per locale how many messages are translated, fuzzy, untranslated, obsolete.

    \b
    Example:
        guide stats
        guide stats --json
    """
    import json

    from .. import messages

    def action() -> None:
        config = state.config
        rows = [
            messages.stats(config.po_path(code), code, is_source=code == config.source_locale)
            for code in config.locales
            if config.po_path(code).exists()
        ]
        if as_json:
            data = [{**vars(row), "total": row.total, "percent": round(row.percent, 1)} for row in rows]
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        click.echo(f"{'locale':<10}{'translated':>12}{'fuzzy':>8}{'untranslated':>14}{'obsolete':>10}{'done':>8}")
        for row in rows:
            click.echo(
                f"{row.locale:<10}{row.translated:>12}{row.fuzzy:>8}{row.untranslated:>14}"
                f"{row.obsolete:>10}{row.percent:>7.0f}%"
            )

    run(state, action)


def _known_locales(config: Config, locales: tuple[str, ...]) -> list[str]:
    for code in locales:
        if code not in config.locales:
            raise click.BadParameter(f"{code!r} is not one of {', '.join(config.locales)}", param_hint="--locale")
    return list(locales) or list(config.locales)
