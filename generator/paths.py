"""Where the generator's own files are (kept apart so that light modules need not import render)."""

from pathlib import Path

# The built-in templates: inside the installed package, or beside it in a checkout.
BUILTIN_TEMPLATES = next(
    path
    for path in (Path(__file__).parent / "templates", Path(__file__).resolve().parents[1] / "templates")
    if path.is_dir()
)


def template_folders(project_templates: Path, project: Path) -> list[tuple[Path, Path]]:
    """The templates folders, the project's first, each with the folder its files must lie in
    (see files.confine): the project's templates in the project, the built-in ones in themselves."""
    return [(project_templates, project), (BUILTIN_TEMPLATES, BUILTIN_TEMPLATES)]
