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

# The generator's own catalogues (generator/locale/<L>/LC_MESSAGES/generator.po): the built-in templates' words.
GENERATOR_LOCALES = Path(__file__).parent / "locale"


def shipped_catalogue(locale: str) -> Path | None:
    """The generator's catalogue that serves ``locale`` (pt_BR falls back to pt), or None. Read from this
    module at call time, so that a test may point the generator at a copy of its catalogues."""
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(locale)
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    candidates = [locale, "_".join(p for p in (parsed.language, parsed.script) if p), parsed.language]
    for code in dict.fromkeys(candidates):
        path = GENERATOR_LOCALES / code / "LC_MESSAGES" / "generator.po"
        if path.is_file():
            return path
    return None
