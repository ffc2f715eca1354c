"""content/: every kind of bad value, each reported as ``file:LINE: problem`` at its own line.

Each case lays one or two small files over a valid project (a title, one section); a problem reported
without a line, or at another line, fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content import check_locales, load_content
from generator.errors import ErrorList, GuideError

GUIDE = "content/guide.yaml"
SECTION = "content/sections/01-s.yaml"
REFS = "content/references.yaml"
BLOCKS = "id: s\nblocks:\n"  # lines 1-2 of a section; its blocks start at line 3
TABLE = BLOCKS + "  - id: g\n    table:\n      columns:\n        - {id: a, text: A}\n      rows:\n"  # to line 7
FAQ = BLOCKS + "  - id: f\n    faq:\n      - id: one\n        q: Q\n"  # to line 6
REF = "references:\n  - id: r\n    authors: A\n    year: 2020\n    journal: J\n"  # to line 5

CASES = [
    # the file, what it says, the line of the problem, the problem
    (SECTION, "- a\n- b\n", 1, "section: expected a mapping"),
    (SECTION, "just text\n", 1, "section: expected a mapping"),
    (SECTION, "# nothing yet\n", 1, "section: missing 'id'"),
    (GUIDE, "", 1, "missing 'title'"),
    (SECTION, "id: S\n", 1, "section: id 'S' must be lower-case"),
    (SECTION, "id: s\ntitle: T\ncolour: red\n", 3, "s: unknown key 'colour'"),
    (GUIDE, "title: T\n\nkicker: K\n", 3, "key 'kicker' was renamed 'tagline'"),
    (GUIDE, "title: T\ncard:\n  reminders: []\n", 3, "card: key 'reminders' was renamed 'tips'"),
    (SECTION, "id: s\nblocks: text\n", 2, "s: 'blocks' must be a list"),
    (SECTION, BLOCKS + "  - id: t\n    table: text\n", 4, "s.t.table: expected a mapping"),
    (SECTION, BLOCKS + "  - id: b\n    critical: true\n", 3, "s.b: a block needs exactly one of"),
    (SECTION, BLOCKS + "  - id: b\n    p: x\n    h: y\n", 3, "s.b: a block needs exactly one of"),
    (SECTION, BLOCKS + "  - id: b\n    pp: x\n", 4, "s.b: unknown key 'pp'"),
    (SECTION, BLOCKS + "  - p: x\n", 3, "s: block: missing 'id'"),
    (SECTION, BLOCKS + "  - id: Big\n    p: x\n", 3, "s: block: id 'Big' must be lower-case"),
    (SECTION, BLOCKS + "  - id: b\n    p: x\n  - id: b\n    h: y\n", 5, "s: block: duplicate id 'b'"),
    (SECTION, BLOCKS + "  - just text\n", 3, "s: block: expected a mapping with an 'id'"),
    (SECTION, BLOCKS + "  - id: b\n    p: x\n    locales: zh_Hant\n", 5, "s.b.locales must be a list of locale codes"),
    (SECTION, BLOCKS + "  - id: b\n    p: x\n    locales: [en, 3]\n", 5, "s.b.locales must be a list of locale codes"),
    (SECTION, BLOCKS + "  - id: b\n    p: x\n    cite: y\n", 5, "s.b: 'cite' belongs beside 'quote'"),
    (SECTION, BLOCKS + "  - id: b\n    p: x\n    note: [a]\n", 5, "s.b.note must be text"),
    (SECTION, BLOCKS + "  - id: b\n    critical: yes\n    p: x\n", 4, "s.b.critical must be true or false"),
    (SECTION, BLOCKS + "  - id: b\n    p: [a, b]\n", 4, "s.b: 'p' must be text"),
    (SECTION, BLOCKS + '  - id: b\n    p: "a \\a b"\n', 4, "s.b: control character U+0007"),
    (SECTION, BLOCKS + "  - id: b\n    p: {text: x, colour: y}\n", 4, "s.b.p: unknown key 'colour'"),
    (SECTION, BLOCKS + "  - id: b\n    p: {text: x, locales: 3}\n", 4, "s.b.p.locales must be a list of locale codes"),
    (SECTION, BLOCKS + "  - id: q\n    questions:\n      - id: one\n        note: n\n", 5, "s.q.one: missing 'text'"),
    (SECTION, BLOCKS + "  - id: q\n    questions:\n      - id: o\n\n        text: ''\n", 7, "s.q.o.text: must not be"),
    (SECTION, BLOCKS + "  - id: q\n    questions: []\n  - id: l\n    list: 3\n", 6, "s.l: 'list' must be a list"),
    (SECTION, FAQ + "        a: []\n", 7, "s.f.one.a: must be text or a non-empty list"),
    (SECTION, FAQ + "        a:\n          - fine\n          - [not, text]\n", 9, "s.f.one.a2: 'a' must be text"),
    (SECTION, BLOCKS + "  - id: g\n    table:\n      caption: C\n      columns: []\n", 6, "s.g.table: 'columns' must"),
    (SECTION, TABLE.replace("{id: a, text: A}", "A"), 6, "s.g.col: expected a mapping with an 'id'"),
    (SECTION, TABLE + "        - id: r\n          cells: x\n", 9, "s.g.r: 'cells' must map column ids to text"),
    (SECTION, TABLE + "        - id: r\n          cells: {b: x}\n", 9, "s.g.r: no column 'b'"),
    (SECTION, TABLE + "        - id: r\n          cells: {}\n", 9, "s.g.r: no text for column 'a'"),
    (SECTION, TABLE + "        - id: col\n          cells: {a: x}\n", 9, "duplicate context 's.g.col.a' (first on"),
    (REFS, REF.replace("authors: A", "authors: [A]"), 3, "references.r.authors must be text"),
    (REFS, REF + "    pmid: 1:30:00\n", 6, "references.r.pmid '1:30:00' must be digits"),
    (REFS, REF.replace("    year: 2020\n", ""), 2, "references.r: missing 'year'"),
    # the YAML itself
    (SECTION, "id: s\ntitle: [unclosed\n", 3, "YAML syntax error"),
    (SECTION, "id: s\nid: t\n", 2, "duplicate key 'id'"),
    (SECTION, "id: s\ntitle: !!int 3\n", 2, "the tag !!int is not allowed"),
    (SECTION, "id: s\n? [a, b]\n: x\n", 2, "a key must be a name"),
    (SECTION, "id: s\ntitle: a\x00b\n", 2, "control character U+0000 is not allowed"),
    (SECTION, "id: s\ntitle: T\nx:\n  " + "[" * 600 + "]" * 600 + "\n", 4, "nested too deeply"),
]


def project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A valid project (a title, one section) with ``files`` laid over it."""
    for name, text in {GUIDE: "title: T\n", SECTION: "id: s\ntitle: S\n", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return tmp_path


def reported(root: Path, error: GuideError) -> list[str]:
    errors = error.errors if isinstance(error, ErrorList) else [error]
    lines = [each.format(root) for each in errors]
    assert all(each.line for each in errors), lines  # every problem of the file, not only this one
    return lines


@pytest.mark.parametrize(("name", "text", "line", "problem"), CASES, ids=[case[3] for case in CASES])
def test_every_problem_has_its_line(tmp_path, name, text, line, problem):
    root = project(tmp_path, {name: text})
    with pytest.raises(GuideError) as raised:
        load_content(root / "content")
    lines = reported(root, raised.value)
    assert any(each.startswith(f"{name}:{line}: {problem}") for each in lines), lines


@pytest.mark.parametrize(
    ("files", "name", "line", "problem"),
    [
        ({"content/sections/02-t.yaml": "\nid: s\n"}, "content/sections/02-t.yaml", 2, "section id 's' is also used"),
        (
            {GUIDE: "title: T\ncard:\n  title: C\n", SECTION: "id: card\ntitle: S\n"},
            SECTION,
            2,
            "context 'card.title' also used at guide.yaml:3",
        ),
        ({SECTION: b"id: s\ntitle: caf\xe9\n"}, SECTION, 2, "not valid UTF-8 (byte 16)"),
    ],
)
def test_problems_across_files_and_bytes_have_their_line(tmp_path, files, name, line, problem):
    root = project(tmp_path, files)
    with pytest.raises(GuideError) as raised:
        load_content(root / "content")
    assert any(each.startswith(f"{name}:{line}: {problem}") for each in reported(root, raised.value))


def test_a_locale_the_project_lacks_is_reported_at_the_text(tmp_path):
    root = project(tmp_path, {SECTION: BLOCKS + "  - id: b\n\n    p: x\n    locales: [fr]\n"})
    with pytest.raises(GuideError) as raised:
        check_locales(load_content(root / "content"), ["en", "ko"])
    assert reported(root, raised.value) == [
        f"{SECTION}:5: s.b: 'locales' names 'fr', which is not in guide.locales (use one of en, ko)"
    ]
