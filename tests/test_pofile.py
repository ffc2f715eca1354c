"""Catalogues are written byte for byte as GNU gettext writes them.

GNU msgcat and msgmerge (the gettext package the project installs) are the judges: run
over every catalogue the project writes, they must change no line. Otherwise a save in
Poedit or Weblate and the next ``guide update`` keep rewriting each other's lines.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from generator.config import load_config
from generator.content import load_content
from generator.messages import extract, init, read_po_file, same_plural_forms, update, write_catalog
from generator.messages.pofile import dumps, wrap
from generator.render import BUILTIN_TEMPLATES

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")


def changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def msgcat(path: Path) -> str:
    return subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout


def msgmerge(path: Path, pot: Path, tmp: Path) -> str:
    copy = tmp / f"{path.parent.parent.name}.po"
    shutil.copy(path, copy)
    subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=off", str(copy), str(pot)], check=True)
    return copy.read_text(encoding="utf-8")


def written_project(tmp_path: Path) -> Path:
    """A copy of the repository's guide after guide extract, guide update and guide init."""
    project = tmp_path / "guide"
    project.mkdir()
    for name in ("guide.toml", "content", "locales", "templates"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    config = load_config(project)
    write_catalog(config.pot_path, extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES))
    for code in config.locales:
        if config.po_path(code).exists():
            update(config, code)
    init(config, "ja")  # a new catalogue, as `guide init` writes it
    return project


def test_msgcat_and_msgmerge_change_no_line_of_any_catalogue(tmp_path: Path) -> None:
    project = written_project(tmp_path)
    pot = project / "locales/guide.pot"
    catalogues = [pot, *sorted(project.glob("locales/*/LC_MESSAGES/guide.po"))]
    assert len(catalogues) >= 4
    for path in catalogues:
        text = path.read_text(encoding="utf-8")
        assert changed_lines(text, msgcat(path)) == [], f"msgcat rewrites {path}"
        if path != pot:
            assert changed_lines(text, msgmerge(path, pot, tmp_path)) == [], f"msgmerge rewrites {path}"


def test_hard_cases_match_msgcat(tmp_path: Path) -> None:
    """Wide characters, escapes, newlines, previous msgids, obsolete entries, long references, tools' headers."""
    po = polib.POFile()
    po.header = "Translation of a test."
    po.metadata = {
        "Project-Id-Version": "test 1",
        "X-Generator": "Poedit 3.4.2",  # a tool's header in the middle stays where the tool put it
        "Language": "zh_Hant",
        "Content-Type": "text/plain; charset=UTF-8",
        "X-Poedit-SourceCharset": "UTF-8",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    han = "幹細胞療法在香港被當作「一般保健」出售，但其安全性和療效都未經嚴格的臨床試驗證實。" * 3
    po.append(
        polib.POEntry(
            msgctxt="a.b",
            msgid="Ask what is in it " * 9,
            msgstr=han,
            occurrences=[(f"content/sections/0{n}-very-long-file-name.yaml", "") for n in range(6)],
        )
    )
    po.append(
        polib.POEntry(
            msgid='Quote "this" \\ and\ta tab\nthen a second line that goes on ' + "and on " * 10,
            msgstr="한국어 문장은 띄어쓰기 단위로 줄을 바꿉니다. " * 6,
            flags=["fuzzy"],
            previous_msgid="The old English wording of this message, long enough to wrap " * 2,
            tcomment="checked by the editor\n",
            comment="NOTE: keep the PMID",
        )
    )
    po.append(
        polib.POEntry(
            msgid="Page %(page)s of %(pages)s " * 5,
            msgstr="第 %(page)s 頁，共 %(pages)s 頁" * 5,
            flags=["python-format"],
        )
    )
    po.append(polib.POEntry(msgid="untranslated but fuzzy", msgstr="", flags=["fuzzy"]))
    po.append(
        polib.POEntry(msgid="gone " * 30, msgstr="已刪除" * 30, obsolete=True, flags=["fuzzy"], previous_msgid="older")
    )
    po.append(polib.POEntry(msgid="gone and empty", msgstr="", obsolete=True))
    path = tmp_path / "hard.po"
    path.write_text(dumps(po), encoding="utf-8")
    written = path.read_text(encoding="utf-8")
    assert changed_lines(written, msgcat(path)) == []
    assert written.index("X-Generator") < written.index("Language:") < written.index("X-Poedit-SourceCharset")
    assert "gone and empty" not in written
    assert any(len(line.encode("utf-16-le")) // 2 < 79 and "幹細胞" in line for line in written.splitlines())
    # and read back by our own reader without complaint
    assert read_po_file(path, hint="", root=path.parent).metadata["X-Generator"] == "Poedit 3.4.2"


def test_wrapping_counts_display_columns() -> None:
    lines = wrap("msgstr", "香港" * 60)
    assert lines[0] == 'msgstr ""'
    assert all(len(line) - 2 <= 38 for line in lines[1:])  # 2 columns a character, 77 columns a line
    assert wrap("msgid", "short") == ['msgid "short"']


@pytest.mark.parametrize(
    ("header", "same"),
    [
        ("nplurals=2; plural=(n != 1);", True),
        ("nplurals=2; plural=n != 1;", True),  # what Weblate and Poedit write
        ("nplurals=2; plural=n>1;", False),
        ("nplurals=1; plural=0;", False),
        ("nplurals=2; plural=n = 1;", False),
        ("", False),
    ],
)
def test_plural_forms_are_compared_by_what_they_do(header: str, same: bool) -> None:
    assert same_plural_forms(header, "nplurals=2; plural=(n != 1);") is same


def test_a_weblate_plural_forms_header_passes_check(mini: Path) -> None:
    from generator.messages.checks import check_project

    path = mini / "locales/ko/LC_MESSAGES/guide.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("nplurals=1; plural=0;", "nplurals=1; plural=0"), encoding="utf-8")
    assert not [p for p in check_project(load_config(mini), ["ko"]) if "Plural" in p.message]
    path.write_text(text.replace("nplurals=1; plural=0;", "nplurals=2; plural=n != 1;"), encoding="utf-8")
    assert [p for p in check_project(load_config(mini), ["ko"]) if "Plural" in p.message]


def test_project_id_and_bug_address_come_from_the_guide(tmp_path: Path) -> None:
    project = tmp_path / "elsewhere-named-checkout"
    shutil.copytree(FIXTURES / "mini", project)
    toml = project / "guide.toml"
    toml.write_text(toml.read_text().replace("[guide]\n", '[guide]\nreport_bugs_to = "editors@example.org"\n'))
    config = load_config(project)
    pot = extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES)
    assert pot.metadata["Project-Id-Version"].endswith(config.edition.isoformat())
    assert "elsewhere" not in pot.metadata["Project-Id-Version"]
    assert pot.metadata["Report-Msgid-Bugs-To"] == "editors@example.org"
    write_catalog(config.pot_path, pot)
    po = polib.pofile(str(config.po_path("ko")))
    assert po.metadata["Project-Id-Version"] == "mini 2026-01-15"  # as an older `guide init` wrote it
    update(config, "ko")
    po = polib.pofile(str(config.po_path("ko")))
    assert po.metadata["Report-Msgid-Bugs-To"] == "editors@example.org"
    assert po.metadata["Project-Id-Version"] == pot.metadata["Project-Id-Version"] == "Mini guide 2026-01-15"
    init(config, "ja")
    assert polib.pofile(str(config.po_path("ja"))).header == "Japanese translation of Mini guide 2026-01-15."


def test_without_libunistring_lines_still_break_after_spaces_within_79_columns(monkeypatch) -> None:
    from generator.messages import linebreaks, pofile

    text = "Ask the clinic where the cells come from and how many passages they went through. " * 3
    exact = pofile.wrap("msgid", text)
    monkeypatch.setattr(linebreaks, "_libunistring", lambda: None)
    lines = pofile.wrap("msgid", text)
    assert lines == exact  # plain English wraps alike
    assert lines[0] == 'msgid ""' and all(len(line) <= 79 for line in lines)
    assert all(line.endswith(' "') for line in lines[1:-1])  # the space stays at the end, as gettext leaves it
    assert "".join(line[1:-1] for line in lines[1:]) == text


def test_update_keeps_a_translators_tool_headers_where_it_put_them(mini: Path) -> None:
    path = mini / "locales/ko/LC_MESSAGES/guide.po"
    text = path.read_text(encoding="utf-8")
    poedit = '"Language: ko\\n"\n"X-Generator: Poedit 3.4.2\\n"\n"X-Poedit-SourceCharset: UTF-8\\n"\n'
    path.write_text(text.replace('"Language: ko\\n"\n', poedit), encoding="utf-8")
    config = load_config(mini)
    write_catalog(config.pot_path, extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES))
    update(config, "ko")
    keys = list(polib.pofile(str(path)).metadata)
    assert keys[keys.index("Language") + 1 : keys.index("Language") + 3] == ["X-Generator", "X-Poedit-SourceCharset"]
    assert keys[-1] == "Generated-By"


def test_every_reader_refuses_invalid_utf8_at_its_line(mini: Path) -> None:
    """read_po is the one reading path: the build, `guide update` and `guide check` name the same line."""
    from generator.errors import CatalogueError
    from generator.messages import read_catalogue
    from generator.messages.checks import check_catalogue

    path = mini / "locales/ko/LC_MESSAGES/guide.po"
    data = path.read_bytes()
    path.write_bytes(data + b"# \xff\n")
    readers = [
        lambda: read_catalogue(path, "ko", mini),
        lambda: read_po_file(path, hint="run `guide init ko`", root=mini),
        lambda: check_catalogue(path, "ko", [], mini),
    ]
    for read in readers:
        with pytest.raises(CatalogueError, match="not valid UTF-8") as raised:
            read()
        assert raised.value.line == data.count(b"\n") + 1
