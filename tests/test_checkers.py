"""guide check and guide stats: a deliberately broken catalogue, one problem per entry."""

import re
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES
from .runners import guide

EXPECTED = [  # (text on the msgstr line, severity, problem)
    ("%(pag)s쪽", "error", "placeholder %(pag)s is not the source's (the source has %(page)s, %(pages)s)"),
    ("36230059/)을", "error", "links differ from the source"),
    ("PMID 3623005)", "error", "PMIDs differ from the source"),
    ("몇 분 정도", "error", "number 4 of the source is missing"),
    ("**중요합니다", "error", "inline markup (* or **) differs from the source"),
    ("식약처 신고", "error", "'MFDS' must stay as it is"),
    ("세포 배양 횟수", "warning", "glossary: 'passage number' should be '계대 횟수'"),
    ('msgstr "Ask in writing."', "warning", "translation is identical to the source"),
    ("하나씩 물어보십시오", "warning", "fuzzy: the source changed since this was translated"),
    ("<b>보관</b>", "error", "HTML is not allowed in a translation"),
    ('msgstr ""', "warning", "untranslated [empty]: 'Not yet.'"),
]


@pytest.fixture
def broken(mini: Path) -> Path:
    shutil.copy(FIXTURES / "broken/ko-check.po", mini / "locales/ko/LC_MESSAGES/guide.po")
    shutil.copy(FIXTURES / "broken/glossary.yaml", mini / "locales/glossary.yaml")
    return mini


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line and line.startswith("msgstr")]
    assert len(hits) == 1 or needle == 'msgstr ""', needle
    return hits[-1]


def test_each_problem_is_reported_on_its_line(broken):
    result = guide("check", "--locale", "ko", cwd=broken)
    assert result.returncode == 1
    po = broken / "locales/ko/LC_MESSAGES/guide.po"
    out = result.stdout.splitlines()
    for needle, severity, problem in EXPECTED:
        line = line_of(po, needle)
        expected = f"locales/ko/LC_MESSAGES/guide.po:{line}: {severity}: {problem}"
        assert any(row.startswith(expected) for row in out), (expected, result.stdout)
    assert "(PMID 35717249)" not in result.stdout  # the correct entry has no problem
    fine = line_of(po, "주치의에게")
    assert not any(f"guide.po:{fine}:" in row for row in out)
    # The changed link is also a changed URL; the catalogue has no entry for the three safety questions.
    assert out[-1] == "8 error(s), 7 warning(s)"


def test_warnings_pass_unless_strict(mini):
    # The fixture's own catalogue has untranslated entries but no errors.
    assert guide("check", "--locale", "ko", cwd=mini).returncode == 0
    strict = guide("check", "--locale", "ko", "--strict", cwd=mini)
    assert strict.returncode == 1 and re.search(r"^0 error\(s\), \d+ warning\(s\)$", strict.stdout, re.M)


def test_syntax_error_is_reported_by_check(mini):
    shutil.copy(FIXTURES / "broken/ko-unterminated.po", mini / "locales/ko/LC_MESSAGES/guide.po")
    result = guide("check", cwd=mini)
    assert result.returncode == 1 and "guide.po:16: PO syntax error" in result.stderr


def test_wrong_headers_are_errors_on_their_line(mini):
    shutil.copy(FIXTURES / "broken/ko-wrong-language.po", mini / "locales/ko/LC_MESSAGES/guide.po")
    result = guide("check", "--locale", "ko", cwd=mini)
    assert result.returncode == 1
    assert "guide.po:4: error: Language header is 'ja', expected 'ko'" in result.stdout
    assert "guide.po:1: error: Plural-Forms is None" in result.stdout  # no such field: the header's first line


def test_stats_table_and_json(broken):
    import json

    result = guide("stats", "--json", cwd=broken)
    assert result.returncode == 0
    rows = {row["locale"]: row for row in json.loads(result.stdout)}
    assert rows["ko"]["translated"] == 10 and rows["ko"]["fuzzy"] == 1 and rows["ko"]["untranslated"] == 1
    table = guide("stats", cwd=broken).stdout.splitlines()
    assert table[0].split() == ["locale", "translated", "fuzzy", "untranslated", "obsolete", "done"]
    assert table[1].split() == ["ko", "10", "1", "1", "0", "83%"]


def test_untranslated_entries_are_counted_per_catalogue_and_listed_with_verbose(mini):
    assert guide("init", "ja", cwd=mini).returncode == 0
    counted = guide("check", "--locale", "ja", cwd=mini)
    rows = [row for row in counted.stdout.splitlines() if "untranslated" in row]
    assert len(rows) == 1, counted.stdout
    number = int(re.search(r"warning: (\d+) untranslated entries", rows[0]).group(1))
    listed = guide("check", "--locale", "ja", "--verbose", cwd=mini)
    assert len([row for row in listed.stdout.splitlines() if "untranslated [" in row]) == number > 10
    assert counted.stdout.splitlines()[-1] == listed.stdout.splitlines()[-1]  # the same warnings, counted
