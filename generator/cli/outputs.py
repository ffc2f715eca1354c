"""The commands that make outputs: build, index, serve, card, warm."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import click

from ..config import CARD, Config
from ..errors import GuideError
from ..papers import CARD_PAPERS
from ..pipeline import (
    INDEX_NAME,
    BuildFailed,
    BuildOptions,
    BuildReport,
    Card,
    Manifest,
    Output,
    Shard,
    build,
    card_path,
    check_card_target,
    check_index,
    check_out,
    default_jobs,
    make_card,
    recorded_outputs,
)
from ..publish import CardJob, WarmError, Worker, hand_over, index_after_build, preview
from .app import State, known, main, relative, run


def _print_kept(path: Path, kept: Path | None) -> None:
    if kept is not None:
        where = relative(kept, Path.cwd())
        click.echo(f"{relative(path, Path.cwd())}: changed since guide wrote it (filled in?): kept as {where}")


def _print_output(output: Output) -> None:
    _print_kept(output.path, output.kept)
    size = f"{output.size / 1024:.0f} KB"
    pages = f"{output.pages} page" + ("s" if output.pages != 1 else "")
    fresh = ", up to date" if output.up_to_date else ""
    click.echo(f"{relative(output.path, Path.cwd())}  ({pages}, {size}{fresh})")


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
    shard: Shard | None,
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
        known(locales, config.locales, "--locale")
        known(products, config.products, "--product")
        out_dir = check_out(config, out.resolve() if out else config.out)
        if not force:  # before anything is written into a folder that is not guide's
            check_index(Manifest(out_dir))
        try:
            options = BuildOptions(out_dir, locales, products, write_html, jobs, force, shard=shard)
            report = build(config, options, progress=_print_output)
        except GuideError as exc:
            if out_dir.is_dir():  # the index shows the problem, and what did build
                built = exc.report if isinstance(exc, BuildFailed) else None
                with contextlib.suppress(GuideError):  # the build's own error is the one to report
                    index_after_build(config, out_dir, built, [exc], force)
            raise
        _summary(state, report)
        if shard is not None:  # the other parts are built elsewhere: the index comes once all are together
            where = relative(out_dir, Path.cwd())
            click.echo(f"Part {shard[0]} of {shard[1]}; once every part is in {where}: guide index --out {where}")
            return
        index = index_after_build(config, out_dir, report, force=force)
        click.echo(f"Index: {relative(index, Path.cwd())}")

    run(state, action)


def _parse_shard(value: str | None) -> Shard | None:
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter(f"{value!r} is not I/N with 1 <= I <= N (for example 2/4)", param_hint="--shard")
    return Shard(int(index), int(count))


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
        from ..publish import write_index  # lazy: the page's Jinja and Babel (0.4 s), for this command alone

        config = state.config
        out_dir = config.root / (out.resolve() if out else config.out)
        if not out_dir.is_dir():
            raise GuideError("no such output folder", path=out_dir, hint="build first, or name it with --out")
        index = write_index(config, out_dir, recorded_outputs(config, out_dir))
        click.echo(f"Index: {relative(index, Path.cwd())}")

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

    def action() -> None:
        config = state.config
        out_dir = check_out(config, out.resolve() if out else config.out)
        preview(config, out_dir, port=port, progress=_print_output, echo=click.echo)

    run(state, action)


@main.command("card")
@click.option("--lang", "lang", required=True, help="The reader's locale (the patient's language).")
@click.option("--also", help="A second locale under each question (the clinician's language).")
@click.option(
    "--paper",
    type=click.Choice(CARD_PAPERS),
    default="a6",
    show_default=True,
    help="a6: the card itself; a4/letter: two folded cards to a sheet, with cut and fold marks,"
    " for double-sided printing; a5: the folded card alone on an A5 sheet;"
    " press: for a print shop (3.53 mm bleed, crop marks, CMYK, PDF/X-4).",
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
    def action() -> None:
        config = state.config
        known([lang], config.locales, "--lang")
        known([also], config.locales, "--also")
        if also == lang:
            raise click.BadParameter("the second language must differ from --lang", param_hint="--also")
        if CARD not in config.products:
            raise click.UsageError(f"the project has no {CARD!r} product")
        target = out.resolve() if out else card_path(config, lang, also, paper).resolve()
        check_card_target(config, target)  # never over a source, nor over a file guide did not write
        card = _warm_card(state, config, lang, also, paper, target) or make_card(config, lang, also, paper, target)
        _print_kept(card.path, card.kept)
        _refresh_index(config, card.path)
        unit = "side" if paper not in ("a6", "press") else "page"
        click.echo(
            f"{relative(card.path, Path.cwd())}  ({card.pages} {unit}{'s' if card.pages != 1 else ''}, "
            f"{card.size / 1024:.0f} KB)"
        )

    run(state, action)


def _refresh_index(config: Config, path: Path) -> None:
    """The output folder's index page lists the new card too: written again when the card went into the
    folder and the page there is guide's (an index.html guide did not write is left alone)."""
    from ..publish import write_index  # lazy: Jinja and Babel, only when the folder has a page to refresh

    out_dir = (config.root / config.out).resolve()
    if out_dir not in path.resolve().parents or not (out_dir / INDEX_NAME).is_file():
        return
    try:
        write_index(config, out_dir, recorded_outputs(config, out_dir))
    except GuideError:  # not guide's page: the card is made all the same
        pass


def _warm_card(state: State, config: Config, lang: str, also: str | None, paper: str, target: Path) -> Card | None:
    """The card built by the project's warm worker (``guide warm``, ``guide serve``), or None: build it here.
    (-v and --debug build here: their log lines and tracebacks are this process's.)"""
    if state.verbose or state.debug:
        return None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    answer = hand_over(CardJob(str(config.root.resolve()), lang, also, paper, str(target), epoch))
    if answer is None:
        return None
    if answer.error is not None:
        raise WarmError(answer.error)
    return Card(Path(answer.path or target), answer.pages, answer.size, Path(answer.kept) if answer.kept else None)


@main.command("warm")
@click.option(
    "--idle",
    type=click.FloatRange(min=1),
    default=900,
    show_default=True,
    help="Stop after this many seconds without a card to build.",
)
@click.pass_obj
def warm_command(state: State, idle: float) -> None:
    """Keep a warm card worker for this project: `guide card` then hands it its card.

    The worker has WeasyPrint, Jinja and Babel loaded, so a card costs only its layout. It
    listens on a socket in the cache folder, builds the same bytes a cold `guide card` builds,
    and stops after --idle seconds without a job (or Ctrl-C). `guide serve` runs one too.

    \b
    Example:
        guide warm &                      # in the background, for a session of edits
        guide card --lang ko --out ko.pdf # handed to it
    """
    def action() -> None:
        config = state.config
        try:
            worker = Worker(config.root, echo=lambda line: click.echo(line))
        except OSError as exc:
            raise GuideError(f"no warm worker started: {exc}", hint="stop the other one, or use it") from None
        worker.warm_up()
        click.echo(f"Warm card worker for {relative(config.root, Path.cwd())}; stops after {idle:g} s idle.")
        worker.serve(idle)

    run(state, action)
