"""guide export and guide import: a catalogue through a spreadsheet (CSV), checked like any catalogue edit."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polib

from .runners import guide
from .test_pofile import changed_lines, msgcat

PO = "locales/ko/LC_MESSAGES/guide.po"
INTRO = "A paragraph with **strong** text and a [link](https://example.org/) and 問清楚."


def exported(mini: Path) -> list[list[str]]:
    result = guide("export", "--locale", "ko", cwd=mini)
    assert result.returncode == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def write_sheet(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def filled(rows: list[list[str]], translations: dict[str, str]) -> list[list[str]]:
    return [row if row[1] not in translations else [row[0], row[1], translations[row[1]], *row[3:]] for row in rows]


def test_a_filled_in_sheet_comes_back_into_the_catalogue(mini: Path, tmp_path: Path) -> None:
    rows = exported(mini)
    assert rows[0] == ["context", "source", "target", "note"]
    assert ["basics.intro", INTRO, "", "The link must stay."] in rows
    target = "**굵은** 글과 [링크](https://example.org/) 그리고 問清楚."
    # Excel's "CSV UTF-8" starts with a byte-order mark
    sheet = write_sheet(tmp_path / "ko.csv", filled(rows, {INTRO: target}), encoding="utf-8-sig")
    result = guide("import", "--locale", "ko", str(sheet), cwd=mini)
    assert result.returncode == 0 and "1 of" in result.stdout, result.stderr
    entries = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(mini / PO))}
    assert entries[("basics.intro", INTRO)].msgstr == target
    text = (mini / PO).read_text(encoding="utf-8")
    assert changed_lines(text, msgcat(mini / PO)) == []  # written as gettext writes
    again = guide("import", "--locale", "ko", str(sheet), cwd=mini)
    assert again.returncode == 0 and "0 of" in again.stdout and "unchanged" in again.stdout


def test_weblates_column_names_in_any_order_are_read(mini: Path, tmp_path: Path) -> None:
    rows = [["msgstr", "developer_comments", "msgid", "msgctxt"], ["첫 번째 항목.", "", "the first item.", ""]]
    rows[1][3] = next(r[0] for r in exported(mini) if r[1] == "the first item.")
    result = guide("import", "--locale", "ko", str(write_sheet(tmp_path / "w.csv", rows)), cwd=mini)
    assert result.returncode == 0, result.stderr
    assert 'msgstr "첫 번째 항목."' in (mini / PO).read_text(encoding="utf-8")


def test_a_sheet_with_an_error_changes_nothing_and_names_its_line(mini: Path, tmp_path: Path) -> None:
    before = (mini / PO).read_bytes()
    rows = filled(exported(mini), {INTRO: "[링크](https://evil.example/) 問清楚.", "the first item.": "첫 항목."})
    rows.append(["no.such.context", "Nothing like this", "없음", ""])
    sheet = write_sheet(tmp_path / "bad.csv", rows)
    result = guide("import", "--locale", "ko", str(sheet), cwd=mini)
    assert result.returncode == 1
    lines = sheet.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("basics.intro,"))
    assert f"bad.csv:{line}: links differ from the source" in result.stderr
    assert f"bad.csv:{len(lines)}: no entry [no.such.context] 'Nothing like this'" in result.stderr
    assert (mini / PO).read_bytes() == before


def test_what_is_not_a_sheet_is_refused_at_its_line(mini: Path, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("context,source,target\nx,caf\xe9,caf\xe9\n".encode("latin-1"))
    result = guide("import", "--locale", "ko", str(latin1), cwd=mini)
    assert result.returncode == 1 and "latin1.csv:2: not valid UTF-8" in result.stderr
    headless = write_sheet(tmp_path / "headless.csv", [["the first item.", "첫 번째 항목."]])
    result = guide("import", "--locale", "ko", str(headless), cwd=mini)
    assert result.returncode == 1 and "headless.csv:1: no source and target columns" in result.stderr
