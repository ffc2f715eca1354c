"""Issue 25: check and build take time linear in a catalogue's size (generator/messages/bounds.py).

A 1 MB hostile entry used to hang ``guide check`` and ``guide build`` (``[a](`` repeated is
quadratic in markdown-it and in the link regex: 64,000 characters 10 s, 1 MB about 45 minutes).
Each is refused at its line within a generous timeout; nothing asserts a wall-clock figure
(benchmarks/hostile_catalogue.py prints them).
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import CatalogueError
from generator.messages import Translator, read_catalogue
from generator.messages import markup as markup_module
from generator.messages.addresses import _MD as ADDRESSES_MD
from generator.messages.bounds import MAX_CATALOGUE_BYTES, MAX_MARKS, SLACK, raw_links
from generator.messages.checks import LINK, _multiset, check_texts, gate
from generator.messages.pofile import read_po

from .runners import installed

PO = "locales/ko/LC_MESSAGES/guide.po"
TIMEOUT = 60  # seconds: a hang fails the test; a pass takes a few
MB = 1_000_000
HOSTILE = {
    "link-openers": "[a](" * (MB // 4),
    "stars": "*" * MB,
    "strong-openers": "**a" * (MB // 3),
    "brackets": "[" * MB,
    "one-line": "x" * MB,
}


def set_msgstr(project: Path, context: str, text: str, comment: str = "") -> int:
    """Set the Korean translation of ``context`` on one line; return its msgstr line."""
    path = project / PO
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == context)
    entry.msgstr, entry.tcomment = text, comment
    po.save()
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{context}"')
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("msgstr"))


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(HOSTILE))
def test_a_1mb_hostile_entry_is_refused_at_its_line_by_check_and_build(mini, shape):
    line = set_msgstr(mini, "card.intro", HOSTILE[shape])
    check = installed("check", "--locale", "ko", cwd=mini, timeout=TIMEOUT)
    assert check.returncode == 1
    assert f"{PO}:{line}: error: translation is" in check.stdout, check.stdout[-2000:]
    build = installed("build", "--locale", "ko", "--product", "card", cwd=mini, timeout=TIMEOUT)
    assert build.returncode == 1
    assert f"{PO}:{line}: ko card not built: translation is" in build.stderr, build.stderr[-2000:]
    assert not (mini / "dist/ko/consult-card.pdf").exists()


@pytest.mark.typeset
def test_other_locales_are_built_beside_a_hostile_entry(mini):
    line = set_msgstr(mini, "basics.ask.source", HOSTILE["link-openers"])  # a safety question
    build = installed("build", "--product", "card", cwd=mini, timeout=TIMEOUT)
    assert build.returncode == 1 and f"{PO}:{line}: ko card not built: translation is" in build.stderr
    assert (mini / "dist/en/consult-card.pdf").is_file()
    assert not (mini / "dist/ko/consult-card.pdf").exists()


@pytest.mark.slow
def test_a_comment_of_many_empty_lines_is_read_in_linear_time(mini):
    # numbers-differ was looked for with ^\s*, which rescanned the rest of such a comment from every line.
    line = set_msgstr(mini, "card.intro", "하나씩 물어보십시오.", comment="checked:" + "\n" * 200_000 + "ok")
    check = installed("check", "--locale", "ko", cwd=mini, timeout=TIMEOUT)
    assert f"guide.po:{line}:" not in check.stdout and check.returncode == 0, check.stdout[-2000:]


def test_a_catalogue_over_the_cap_is_refused_at_the_line_it_passes_it_before_parsing(mini, monkeypatch):
    path = mini / PO
    data = path.read_bytes() + b"#. padding\n" * (MAX_CATALOGUE_BYTES // 11 + 10)
    path.write_bytes(data)
    line = data.count(b"\n", 0, MAX_CATALOGUE_BYTES) + 1
    check = installed("check", "--locale", "ko", cwd=mini, timeout=TIMEOUT)
    assert check.returncode == 1 and f"{PO}:{line}: " in check.stdout + check.stderr, check.stdout + check.stderr
    assert "MB a catalogue may be" in check.stdout + check.stderr
    build = installed("build", "--locale", "ko", "--product", "card", cwd=mini, timeout=TIMEOUT)
    assert build.returncode == 1 and f"{PO}:{line}: " in build.stderr

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a catalogue over the cap")

    monkeypatch.setattr(polib, "pofile", never)
    with pytest.raises(CatalogueError, match="MB a catalogue may be"):
        read_po(path, hint="", root=mini)


def test_a_runaway_translation_is_the_only_finding_and_nothing_parses_it(monkeypatch):
    def never(text: str, *args: object) -> None:
        raise AssertionError("parsed a runaway translation")

    for parser in (markup_module._MD, ADDRESSES_MD):
        monkeypatch.setattr(parser, "parseInline", never)
    findings = list(check_texts("Ask each one.", HOSTILE["link-openers"], [], "ko"))
    assert [(f.severity, f.message) for f in findings] == [
        ("error", "translation is 76923 times as long as its source")
    ]


@pytest.mark.parametrize(
    ("source", "target", "problem"),
    [
        ("Ask each one.", "하나씩 " + "[" * (SLACK + 1), f"translation has {SLACK + 1} markup characters"),
        ("*" * (MAX_MARKS + 2), "*" * (MAX_MARKS + 2), f"entry has {MAX_MARKS + 2} markup characters"),
        ("Ask each one.", "하나씩 [물어]보십시오.", None),  # a gloss in brackets is within the slack
    ],
)
def test_markup_characters_are_counted_before_parsing(monkeypatch, source, target, problem):
    if problem:  # refused by counting: never parsed
        monkeypatch.setattr(markup_module._MD, "parseInline", lambda *a: pytest.fail("parsed"))
    messages = [f.message for f in check_texts(source, target, [], "ko") if f.severity == "error"]
    if problem:
        assert len(messages) == 1 and messages[0].startswith(problem), messages
    else:
        assert messages == []


def test_the_build_never_renders_an_over_budget_translation_and_the_gate_refuses_it(mini):
    line = set_msgstr(mini, "card.intro", HOSTILE["brackets"])
    translator = Translator(read_catalogue(mini / PO, "ko", mini), is_source=False)
    assert translator.get("card.intro", "Ask each one.") == ("Ask each one.", True)
    assert not translator.fallbacks  # not "untranslated": refused below, at its line
    from generator import load_config

    with pytest.raises(CatalogueError) as refused:
        gate(load_config(mini), "ko", translator, "ko card")
    assert refused.value.line == line and "times as long" in refused.value.message


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("[]() a\n"), max_size=24))
def test_raw_links_finds_what_the_link_regex_finds(text):
    assert raw_links(text) == _multiset(LINK, text)
