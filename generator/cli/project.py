"""Starting a project: new, and the formats it follows (schema: content/ and guide.toml)."""

from __future__ import annotations

from pathlib import Path

import click

from .app import State, main, relative, run


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
    from ..new import new_project  # lazy: it loads the content stage (YAML) to check what it wrote
    def action() -> None:
        codes = [code.strip() for code in locales.split(",") if code.strip()]
        written = new_project(folder, title, codes)
        click.echo(f"{relative(folder, Path.cwd())}: {len(written)} files written")
        click.echo(f"Next: cd {relative(folder, Path.cwd())} && guide build")

    run(state, action)


@main.command("schema")
@click.argument("file", type=click.Choice(["content", "config"]), default="content")
@click.pass_obj
def schema_command(state: State, file: str) -> None:
    """Print the content format (every key of content/) or, with `config`, every key of guide.toml, as Markdown.

    content/README.md and docs/guide-toml.md are this output; regenerate them after changing a schema.

    \b
    Example:
        guide schema > content/README.md
        guide schema config > docs/guide-toml.md
    """
    # lazy: each reference loads its stage (content's YAML, 0.1 s), which other commands do not need
    if file == "config":
        from ..config import markdown
    else:
        from ..content import markdown

    click.echo(markdown(), nl=False)
