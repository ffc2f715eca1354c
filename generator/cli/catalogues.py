"""The translators' commands: extract, update, init, check, stats, glossary."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..config import LOCALE_HINT, add_locale, locale_problem
from ..files import atomic_write
from ..paths import BUILTIN_TEMPLATES
from .app import State, known_locales, main, relative, run

if TYPE_CHECKING:
    from ..messages import Problem


@main.command("extract")
@click.pass_obj
def extract_command(state: State) -> None:
    """Write locales/<domain>.pot from content/ and the templates.

    The file is left untouched when only its creation date would change.

    \b
    Example:
        guide extract
    """
    # lazy, here and in every command below: the messages stage (Babel's catalogues) and content (YAML)
    # cost 0.4 s to import, which `guide build` and the other commands do not pay
    from .. import messages
    from ..content import load_content

    def action() -> None:
        config = state.config
        catalog = messages.extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES)
        changed = messages.write_catalog(config.pot_path, catalog)
        state_word = "written" if changed else "unchanged"
        click.echo(f"{relative(config.pot_path, Path.cwd())}: {len(catalog)} messages, {state_word}")

    run(state, action)


@main.command("update")
@click.option("--locale", "locales", multiple=True, help="Update only this locale; repeat for several.")
@click.option(
    "--plural-forms",
    "adopt_plural_forms",
    is_flag=True,
    help="Replace a Plural-Forms header that means other than CLDR's rule with CLDR's (plural entries turn fuzzy).",
)
@click.pass_obj
def update_command(state: State, locales: tuple[str, ...], adopt_plural_forms: bool) -> None:
    """Merge locales/<domain>.pot into each locale's catalogue.

    Changed source strings keep their translation marked fuzzy, with the
    previous msgid; removed ones become obsolete (#~), never deleted. A
    catalogue's Plural-Forms is kept; where it means other than CLDR's rule
    (from Babel) a note says so, and only --plural-forms replaces it.

    \b
    Example:
        guide extract && guide update --locale ko
        guide update --locale ar --plural-forms
    """
    from .. import messages

    def action() -> None:
        config = state.config
        for code in locales or config.locales:
            if not config.po_path(code).exists() and code == config.source_locale:
                continue
            updated = messages.update(config, code, adopt_plural_forms)
            path = relative(config.po_path(code), Path.cwd())
            click.echo(f"{path}: {'updated' if updated.changed else 'unchanged'}")
            if updated.plural_note:
                click.echo(f"note: {path}: {updated.plural_note}")

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
        problem = locale_problem(locale)  # guide.toml's own rule: a locale it would refuse is never started
        if problem:
            raise click.BadParameter(f"{problem} ({LOCALE_HINT})", param_hint="LOCALE")
        config = state.config
        path = messages.init(config, locale)
        click.echo(f"{relative(path, Path.cwd())}: created")
        if locale in config.locales:
            return
        add_locale(config.root, locale)
        click.echo(f"{relative(config.path, Path.cwd())}: added {locale!r} to guide.locales")

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
    glossary term not used, a translation identical to its source. Untranslated
    entries are counted per catalogue (-v, --verbose lists them). Exit 1 on
    errors (and on warnings with --strict).

    \b
    Example:
        guide check --locale ko --strict
        guide check --locale ja --verbose
    """
    from ..messages import check_project

    def action() -> None:
        config = state.config
        problems = check_project(config, known_locales(config, locales))
        root = Path.cwd()
        for problem in problems if state.verbose else _counted(problems):
            click.echo(problem.format(root))
        errors = sum(p.severity == "error" for p in problems)
        warnings = sum(p.severity == "warning" for p in problems)
        notes = len(problems) - errors - warnings
        click.echo(f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else ""))
        if errors or (strict and warnings):
            sys.exit(1)

    run(state, action)


def _write(text: str, out: Path | None, what: str) -> None:
    """``text`` to ``out`` (whole or not at all), saying so, or to standard output."""
    if out is None:
        click.echo(text, nl=False)
    else:
        atomic_write(out, text.encode("utf-8"))
        click.echo(f"{relative(out.resolve(), Path.cwd())}: {what}")


def _counted(problems: list[Problem]) -> list[Problem]:
    """The problems, each catalogue's untranslated entries as one line with their number, where the first was."""
    from ..messages import UNTRANSLATED

    untranslated: dict[Path, list[Problem]] = {}
    for problem in problems:
        if problem.kind == UNTRANSLATED:
            untranslated.setdefault(problem.path, []).append(problem)
    out: list[Problem] = []
    for problem in problems:
        group = untranslated.get(problem.path, []) if problem.kind == UNTRANSLATED else [problem]
        if len(group) == 1 or (group and group[0] is problem):
            out.append(problem if len(group) == 1 else _count(group))
    return out


def _count(group: list[Problem]) -> Problem:
    from ..messages import Problem

    first = group[0]
    hint = "`guide check --verbose` lists them; `guide stats` counts every catalogue"
    return Problem(first.path, first.line, "warning", f"{len(group)} untranslated entries", hint, first.kind)


@main.command("export")
@click.option("--locale", required=True, help="The catalogue to export.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (default: stdout).")
@click.pass_obj
def export_command(state: State, locale: str, out: Path | None) -> None:
    """Export a catalogue as CSV (context, source, target, note) for a spreadsheet.

    Fuzzy translations are left out of the target column. Fill the target
    column in, save as CSV UTF-8, and read it back with `guide import`.

    \b
    Example:
        guide export --locale ko --out ko.csv
    """
    from ..messages import catalogue_csv, read_po_file

    def action() -> None:
        config = state.config
        path = config.po_path(known_locales(config, (locale,))[0])
        text = catalogue_csv(read_po_file(path, hint=f"run `guide init {locale}` to create it", root=config.root))
        _write(text, out, "written")

    run(state, action)


@main.command("import")
@click.option("--locale", required=True, help="The catalogue to put the translations in.")
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_command(state: State, locale: str, sheet: Path) -> None:
    """Put the translations of a CSV SHEET (context, source, target) into a catalogue.

    Each translation goes through the checks of `guide check`; an error
    refuses the whole sheet (SHEET:LINE: problem) and changes nothing. An
    imported translation is no longer fuzzy; an empty target changes nothing.

    \b
    Example:
        guide export --locale ko --out ko.csv   # fill in the target column
        guide import --locale ko ko.csv
    """
    from ..messages import import_csv, load_glossary

    def action() -> None:
        config = state.config
        code = known_locales(config, (locale,))[0]
        terms = load_glossary(config.locales_dir / "glossary.yaml", config.source_locale, config.root)
        done = import_csv(sheet, config.po_path(code), code, terms, config.root, config.source_locale)
        path = relative(config.po_path(code), Path.cwd())
        state_word = "updated" if done.written else "unchanged"
        click.echo(f"{path}: {done.changed} of {done.rows} row(s) imported, {state_word}")

    run(state, action)


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
    from .. import messages

    def action() -> None:
        config = state.config
        rows = [
            messages.stats(config.po_path(code), code, config.root, is_source=code == config.source_locale)
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
    from ..messages import load_glossary, to_csv, to_tbx

    def action() -> None:
        config = state.config
        codes = [c for c in known_locales(config, locales) if c != config.source_locale]
        if fmt == "csv" and len(codes) != 1:
            raise click.UsageError("--format csv needs exactly one --locale (the target language)")
        terms = load_glossary(config.locales_dir / "glossary.yaml", config.source_locale, config.root)
        if fmt == "tbx":
            text = to_tbx(terms, config.source_locale, codes)
        else:
            text = to_csv(terms, config.source_locale, codes[0])
        _write(text, out, f"{len(terms)} terms")

    run(state, action)
