"""One list of a build's inputs (pipeline/inputs.py): each kind edited, exactly the outputs it shapes
rebuilt by the build record and previewed by `guide serve`.

The mini project's cards (en, ko) are built once; each case edits a copy of the project, the output
folder and the generator's templates and catalogues (the generator is pointed at the copies), then
asks `guide serve`'s scope and builds.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import BuildOptions, build, load_config, paths
from generator.publish.serve import Preview

from .conftest import FIXTURES, pdf_text, squash

pytestmark = pytest.mark.typeset  # every test here lays out a document (tests/tiers.py)

EN, KO = "en/consult-card.pdf", "ko/consult-card.pdf"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # another face for the form field
ALL = {EN, KO}


def run(project: Path, out: Path) -> set[str]:
    """Build the project's cards; the outputs that were rebuilt (locale/file)."""
    report = build(load_config(project), BuildOptions(out=out, jobs=1, products=["card"]))
    assert {output.path.relative_to(out).as_posix() for output in report.outputs} == ALL
    return {output.path.relative_to(out).as_posix() for output in report.built}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory, mini_build: Path) -> Path:
    """The mini project, copies of the generator's templates and catalogues, and the session's build
    of the project: keys name inputs by content, so the copies are current and nothing is rebuilt."""
    root = tmp_path_factory.mktemp("inputs")
    shutil.copytree(FIXTURES / "mini", root / "mini")
    shutil.copytree(paths.BUILTIN_TEMPLATES, root / "generator/templates")
    shutil.copytree(paths.GENERATOR_LOCALES, root / "generator/locale")
    shutil.copytree(mini_build, root / "out")
    assert run(root / "mini", root / "out") == set()
    return root


@pytest.fixture
def copy(first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of everything, the generator's templates and catalogues read from it."""
    shutil.copytree(first_build, tmp_path / "copy")
    monkeypatch.setattr(paths, "BUILTIN_TEMPLATES", tmp_path / "copy/generator/templates")
    monkeypatch.setattr(paths, "GENERATOR_LOCALES", tmp_path / "copy/generator/locale")
    return tmp_path / "copy"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(path: Path, text: str, source: Path | None = None) -> None:
    """``text`` added at the end of ``path`` (started as a copy of ``source``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((source or path).read_text(encoding="utf-8") + text, encoding="utf-8")


GLOSSARY = """words:
  ko: [{word}]
terms:
  - id: doctor
    en: doctor
    ko: 의사
    note: {note}
"""

Edit = Callable[[Path], None]
CASES: dict[str, tuple[Edit, set[str], tuple[bool, list[str] | None]]] = {
    "generator catalogue": (
        lambda c: replace(c / "generator/locale/ko/LC_MESSAGES/generator.po", "카드 발행일", "카드 발행 날짜"),
        {KO},
        (False, ["ko"]),
    ),
    "generator template": (
        lambda c: append(c / "generator/templates/card.html.j2", "{# edited #}\n"),
        ALL,
        (False, None),
    ),
    "project template": (
        lambda c: append(c / "mini/templates/card.html.j2", "{# mine #}\n", c / "generator/templates/card.html.j2"),
        ALL,
        (False, None),
    ),
    "project stylesheet": (
        lambda c: append(c / "mini/templates/style/card.css", "/* mine */", c / "generator/templates/style/card.css"),
        ALL,
        (False, None),
    ),
    "project asset": (
        lambda c: (
            (c / "mini/templates/fonts").mkdir(parents=True)
            or shutil.copy(DEJAVU, c / "mini/templates/fonts/form-field.otf")
        ),
        ALL,
        (False, None),
    ),
    "a locale's catalogue": (
        lambda c: replace(c / "mini/locales/ko/LC_MESSAGES/guide.po", "책임 의사는", "담당 의사는"),
        {KO},
        (False, ["ko"]),
    ),
    "glossary (a Korean term and word)": (
        lambda c: (c / "mini/locales/glossary.yaml").write_text(GLOSSARY.format(note="a note", word="의사"), "utf-8"),
        {KO},
        (False, ["ko"]),
    ),
    "content": (
        lambda c: replace(c / "mini/content/guide.yaml", "Not medical advice.", "Not medical advice at all."),
        ALL,
        (False, None),
    ),
    "guide.toml": (lambda c: replace(c / "mini/guide.toml", "2026-01-15", "2026-02-01"), ALL, (True, None)),
    "the POT (no PDF prints it)": (lambda c: append(c / "mini/locales/guide.pot", "\n"), set(), (False, [])),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_an_edit_rebuilds_and_previews_exactly_the_outputs_it_shapes(copy: Path, kind: str):
    edit, rebuilt, scope = CASES[kind]
    project, out = copy / "mini", copy / "out"
    preview = Preview(load_config(project), out)  # what `guide serve` last looked at
    edit(copy)
    assert preview.scope() == scope
    assert preview.scope() == (False, [])  # looked at: nothing new
    assert run(project, out) == rebuilt
    assert run(project, out) == set()


def test_a_shipped_catalogue_edit_reaches_the_card_in_the_same_process(copy: Path):
    # the case: an edited generator.po left every card "up to date" with the old footer
    replace(copy / "generator/locale/ko/LC_MESSAGES/generator.po", "카드 발행일", "카드 발행 날짜")
    assert run(copy / "mini", copy / "out") == {KO}
    assert "카드발행날짜" in squash("".join(pdf_text(copy / "out" / KO)))


def test_a_glossary_note_shapes_nothing_and_a_keep_term_every_locale(copy: Path):
    project, out = copy / "mini", copy / "out"
    glossary = project / "locales/glossary.yaml"
    glossary.write_text(GLOSSARY.format(note="a note", word="의사"), "utf-8")
    assert run(project, out) == {KO}
    preview = Preview(load_config(project), out)
    glossary.write_text(GLOSSARY.format(note="another note", word="의사"), "utf-8")
    assert preview.scope() == (False, [])
    assert run(project, out) == set()
    keep = "  - id: zzyzx\n    en: Zzyzx\n    keep: true\n"  # printed as in the source in every locale
    glossary.write_text(GLOSSARY.format(note="a note", word="의사") + keep, "utf-8")
    assert preview.scope() == (False, ["en", "ko"])
    assert run(project, out) == ALL


def test_a_bilingual_copy_is_previewed_when_its_second_locale_changes(copy: Path):
    project = copy / "mini"
    with (project / "guide.toml").open("a", encoding="utf-8") as config:
        config.write('\n[products.card]\nbilingual = ["en+ko"]\n')  # en/consult-card.ko.pdf prints ko too
    preview = Preview(load_config(project), copy / "out")
    replace(project / "locales/ko/LC_MESSAGES/guide.po", "책임 의사는", "담당 의사는")
    assert preview.scope() == (False, ["en", "ko"])
