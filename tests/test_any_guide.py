"""Any guide: `guide new`, the declared content schema, optional parts, renamed keys, sheets of any length."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator.cli import main
from generator.config import load_config
from generator.content import FILES, load_content, markdown
from generator.errors import ContentError, GuideError
from generator.messages import merge
from generator.render import Rendition, make_environment, render_html

from .conftest import FIXTURES, ROOT


def guide(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_content_readme_is_generated_from_the_schema_and_current():
    """content/README.md is `guide schema`; regenerate it with `guide schema > content/README.md`."""
    assert (ROOT / "content/README.md").read_text(encoding="utf-8") == markdown()
    assert guide("schema").output == markdown()


def test_every_declared_key_is_documented():
    readme = markdown()

    def walk(key, prefix):
        for child in key.keys:
            path = f"{prefix}{child.name}"
            assert f"| `{path}` |" in readme, path
            walk(child, f"{path}[]." if child.kind == "list" else f"{path}.")

    for spec in FILES:
        walk(spec, "")


# --- The new user's path ---------------------------------------------------------------

KO = {
    ("card.title", "Questions for your appointment"): "진료 때 물어볼 질문",
    ("questions.list.options", "What are my options, including waiting?"): (
        "기다리는 것을 포함해 어떤 선택지가 있습니까?"
    ),
}


@pytest.mark.typeset
def test_new_project_builds_in_every_locale_then_takes_a_locale_and_translations(tmp_path):
    project = tmp_path / "appointment"
    result = guide("new", str(project), "--title", "Before your appointment", "--locales", "en,fr")
    assert result.exit_code == 0, result.output
    assert (project / "README.md").is_file() and (project / "content/README.md").read_text() == markdown()
    # The user adds a locale, translates a few messages in its catalogue, and builds.
    assert guide("--project", str(project), "init", "ko").exit_code == 0
    po_path = project / "locales/ko/LC_MESSAGES/guide.po"
    po = polib.pofile(str(po_path))
    for (context, msgid), translation in KO.items():
        po.find(msgid, msgctxt=context).msgstr = translation
    po.save()
    result = guide("build", "--project", str(project), "--jobs", "1")  # global option after the command
    assert result.exit_code == 0, result.output
    for locale in ("en", "fr", "ko"):
        for name in ("consult-card.pdf", "guide.pdf"):
            assert (project / "dist" / locale / name).stat().st_size > 1000, (locale, name)
    card = text_of(project / "dist/ko/consult-card.pdf")
    assert "진료 때 물어볼 질문" in card and "기다리는 것을" in card
    assert "What will it cost in total" in card  # untranslated: printed in English
    assert "일부 내용은 번역이 끝나지 않아 영어로 표시됩니다" in card  # ... and the page says so, in Korean
    guide_text = text_of(project / "dist/en/guide.pdf")
    for part in ("Before your appointment", "Three ways to prepare", "Who do I contact", "How do I add a language?"):
        assert part in guide_text
    assert "fr: " in result.output and "not yet translated" in result.output


def test_new_refuses_a_folder_in_use_and_unknown_locales(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("keep me")
    result = guide("new", str(tmp_path / "used"))
    assert result.exit_code == 1 and "folder exists and is not empty (choose a new folder)" in result.output
    assert (tmp_path / "used" / "notes.txt").read_text() == "keep me"
    result = guide("new", str(tmp_path / "x"), "--locales", "en,xx_QQ")
    assert result.exit_code == 1 and "unknown locale code 'xx_QQ'" in result.output
    assert not (tmp_path / "x").exists()


# --- Optional parts --------------------------------------------------------------------


def minimal(tmp_path: Path, section: str, guide_yaml: str = "title: Only a title\n") -> Path:
    project = tmp_path / "minimal"
    (project / "content/sections").mkdir(parents=True)
    (project / "guide.toml").write_text('[guide]\nlocales = ["en"]\nedition = 2026-01-15\n')
    (project / "content/guide.yaml").write_text(guide_yaml)
    (project / "content/sections/01-only.yaml").write_text(section)
    return project


@pytest.mark.typeset
def test_a_guide_with_every_optional_part_left_out_builds_without_its_card(tmp_path):
    """Only a title and one untitled section: no subtitle, cover lines, card texts, questions, references."""
    project = minimal(tmp_path, "id: only\nblocks:\n  - id: one\n    p: The one paragraph.\n")
    result = guide("--project", str(project), "build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert result.output.count("note: card: not built, the content has no questions block") == 1
    assert not (project / "dist/en/consult-card.pdf").exists()
    text = text_of(project / "dist/en/guide.pdf")
    assert "Only a title" in text and "The one paragraph." in text
    assert "Contents" not in text and "References" not in text  # no heading over nothing


@pytest.mark.typeset
def test_a_card_without_its_own_texts_uses_the_guide_title_and_prints_no_empty_box(tmp_path):
    section = "id: ask\nblocks:\n  - id: q\n    questions:\n      - id: one\n        text: Is it safe?\n"
    project = minimal(tmp_path, section)
    result = guide("--project", str(project), "build", "--product", "card", "--jobs", "1")
    assert result.exit_code == 0, result.output
    text = text_of(project / "dist/en/consult-card.pdf")
    assert "Only a title" in text and "Is it safe?" in text
    assert "Keep in mind" not in text


# Each optional part of the example project, and how to take it out of its files.
OPTIONAL_PARTS = {
    "subtitle": ("content/guide.yaml", r"^subtitle: .*\n", ""),
    "tagline": ("content/guide.yaml", r"^tagline: .*\n", ""),
    "summary": ("content/guide.yaml", r"^summary: >-\n(  .*\n)+", ""),
    "card": ("content/guide.yaml", r"^card:\n(  .*\n)+", ""),
    "card.title": ("content/guide.yaml", r"^  title: .*\n", ""),
    "card.intro": ("content/guide.yaml", r"^  intro: .*\n", ""),
    "card.tips": ("content/guide.yaml", r"^  tips:\n(    .*\n)+", ""),
    "card.disclaimer": ("content/guide.yaml", r"^  disclaimer: .*\n", ""),
    "section title": ("content/sections/01-about.yaml", r"^title: .*\n", ""),
    "table caption": ("content/sections/02-options.yaml", r"^      caption: .*\n", ""),
    "references": ("content/references.yaml", r"(?s).*", "references: []\n"),
}
EMPTY = re.compile(r"<(h1|h2|h3|p|ul|ol|li|caption|section)\b[^>]*>\s*</\1>")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("example") / "example"
    assert guide("new", str(project)).exit_code == 0
    return project


@pytest.mark.parametrize("part", OPTIONAL_PARTS)
def test_each_optional_part_left_out_renders_without_empty_elements(example, tmp_path, part):
    """Rendered, not typeset (fast): the card and the guide, with no empty heading, paragraph, list or box."""
    project = tmp_path / "project"
    shutil.copytree(example, project)
    name, pattern, replacement = OPTIONAL_PARTS[part]
    path = project / name
    text, count = re.subn(pattern, replacement, path.read_text(), count=1, flags=re.M)
    assert count == 1, part
    path.write_text(text)
    config = load_config(project)
    content = load_content(config.content_dir)
    for product in ("card", "guide"):
        html, _ = render_html(
            make_environment(config), config, content, Rendition(config.locales["en"], config.products[product], None)
        )
        assert not EMPTY.search(html), (part, product, EMPTY.search(html).group())


def test_a_template_printing_absent_content_names_the_content_file_and_key(tmp_path):
    project = minimal(tmp_path, "id: only\nblocks:\n  - id: one\n    p: Text.\n")
    (project / "templates").mkdir()
    (project / "templates/guide.html.j2").write_text(
        "{% extends 'base.html.j2' %}{% block body %}<p>{{ doc.text(guide.texts.card.intro) }}</p>{% endblock %}"
    )
    result = guide("--project", str(project), "build", "--product", "guide", "--jobs", "1")
    assert result.exit_code == 1
    assert "error: content/guide.yaml:1: 'card.intro' is not set, and the template prints it" in result.output


def test_renamed_and_unknown_keys_are_errors_with_their_lines(mini):
    path = mini / "content/guide.yaml"
    path.write_text(path.read_text().replace("tagline: Test kicker", "kicker: Test kicker"))
    with pytest.raises(ContentError) as info:
        load_content(mini / "content")
    assert info.value.format(mini) == (
        "content/guide.yaml:3: key 'kicker' was renamed 'tagline' "
        "(rename it in the file; `guide extract && guide update` moves its translations)"
    )
    path.write_text(path.read_text().replace("kicker:", "kicker_line:"))
    allowed = r"\(allowed: card, note, subtitle, summary, tagline, title; see content/README.md\)"
    with pytest.raises(GuideError, match=r"guide.yaml:3: unknown key 'kicker_line' " + allowed):
        load_content(mini / "content")


def test_check_reports_content_problems_from_the_schema(mini, tmp_path):
    path = mini / "content/guide.yaml"
    path.write_text(path.read_text().replace("  tips:", "  reminders:"))
    result = guide("check", "--project", str(mini))
    assert result.exit_code == 1
    assert "content/guide.yaml:9: error: card: key 'reminders' was renamed 'tips'" in result.output
    project = minimal(tmp_path, "id: only\nblocks:\n  - id: one\n    p: Text.\n")
    result = guide("check", "--project", str(project))
    assert result.exit_code == 0 and "warning: card: not built, the content has no questions block" in result.output


def test_empty_lists_are_absent(mini):
    path = mini / "content/guide.yaml"
    text = path.read_text()
    start, end = text.index("  tips:"), text.index("  tagline:")
    path.write_text(text[:start] + "  tips: []\n" + text[end:])
    assert list(load_content(mini / "content").texts["card"]["tips"]) == []


def test_empty_optional_text_is_absent_and_empty_required_text_is_an_error(mini):
    path = mini / "content/guide.yaml"
    path.write_text(path.read_text().replace("subtitle: A fixture for the tests", 'subtitle: ""'))
    assert not load_content(mini / "content").texts["subtitle"]
    path.write_text(path.read_text().replace("title: Mini guide", 'title: ""'))
    with pytest.raises(ContentError, match=r"guide.yaml:1: title: must not be empty"):
        load_content(mini / "content")


def test_update_moves_translations_of_renamed_keys_to_their_new_contexts():
    po = polib.POFile()
    po.append(polib.POEntry(msgctxt="card.reminders.pace", msgid="Go slowly.", msgstr="천천히 하십시오."))
    po.append(polib.POEntry(msgctxt="kicker", msgid="A line.", msgstr="한 줄."))
    pot = polib.POFile()
    pot.append(polib.POEntry(msgctxt="card.tips.pace", msgid="Go slowly."))
    pot.append(polib.POEntry(msgctxt="tagline", msgid="A line."))
    merged = merge(po, pot)
    assert merged.find("Go slowly.", msgctxt="card.tips.pace").msgstr == "천천히 하십시오."
    assert merged.find("A line.", msgctxt="tagline").msgstr == "한 줄."
    assert not merged.obsolete_entries()


def test_check_warns_of_catalogue_entries_under_a_renamed_key(mini):
    path = mini / "locales/ko/LC_MESSAGES/guide.po"
    path.write_text(path.read_text().replace('msgctxt "card.tips.in-writing"', 'msgctxt "card.reminders.in-writing"'))
    result = guide("check", "--project", str(mini), "--locale", "ko")
    warning = "warning: context 'card.reminders.in-writing' is a renamed key's; now 'card.tips.in-writing'"
    assert warning in result.output


def test_repository_catalogues_have_no_contexts_of_renamed_keys():
    for path in [ROOT / "locales/guide.pot", *ROOT.glob("locales/*/LC_MESSAGES/*.po")]:
        contexts = {entry.msgctxt for entry in polib.pofile(str(path))}
        assert not {"kicker", "standfirst", "card.phrase"} & contexts, path
        assert not any(c and c.startswith("card.reminders.") for c in contexts), path


# --- Sheets ------------------------------------------------------------------------------


@pytest.mark.typeset
@pytest.mark.parametrize(("pages", "sides"), [(1, 1), (2, 2), (3, 3), (4, 2), (5, 5), (8, 4), (9, 9)])
def test_sheets_have_no_blank_back_side(pages, sides):
    """Four pages are a folded card (two sides); other counts are A6 leaves, four copies a side, a leaf
    of one page with no back side: no side is blank."""
    from weasyprint import HTML

    from generator.impose import impose

    body = "".join(f'<p style="break-after: page">Page {n + 1}</p>' for n in range(pages))
    card = HTML(string=f"<style>@page {{ size: A6 }}</style>{body}").write_pdf()
    sheets = impose(card, "a4")
    reader = PdfReader(io.BytesIO(sheets.pdf))
    assert sheets.sides == len(reader.pages) == sides
    for page in reader.pages:
        assert (page.extract_text() or "").strip(), "a blank side"


def test_global_options_go_before_or_after_the_command(tmp_path):
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    for args in (["--project", str(project), "-v", "stats"], ["stats", "--project", str(project), "-v"]):
        result = guide(*args)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[1].startswith("ko")
