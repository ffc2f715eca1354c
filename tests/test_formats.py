"""Format strings: a template string's translation is read with Python's % grammar before anything formats it.

Jinja formats every template string with %, so a stray % (ValueError), an unknown %(x)s (KeyError),
an added %s (prints the variables' dict, or TypeError) or a width (%(date)-100000000s: a string that
long) in one catalogue used to stop every locale's build with an internal error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.messages.formats import directives, format_problem, placeholder_problem
from generator.paths import BUILTIN_TEMPLATES

from .runners import guide

EDITION = "Edition of %(date)s"


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("판 %", "a % that is not a placeholder: '판 %'"),
        ("%(data)s 판", "placeholder %(data)s is not the source's (the source has %(date)s)"),
        ("%(date)s 판 %s", "placeholder %s is not the source's (the source has %(date)s)"),
        ("%(date)-100000000s 판", "placeholder %(date)-100000000s is not the source's (the source has %(date)s)"),
        ("%(date)r 판", "placeholder %(date)r is not the source's (the source has %(date)s)"),
        ("판", "placeholder %(date)s of the source is missing"),
        ("%(date)s 판 (%(date)s)", "placeholder %(date)s is there 2 times, in the source 1"),
        ("50 % 할인", "a % that is not a placeholder: '50 % 할인'"),
    ],
)
def test_a_translation_that_would_format_otherwise_is_refused(target: str, problem: str) -> None:
    assert format_problem(EDITION, target) == problem


@pytest.mark.parametrize("target", ["%(date)s 판", "판: %(date)s", "%(date)s 판 (100%%)"])
def test_placeholders_may_move_and_a_percent_sign_is_written_double(target: str) -> None:
    assert format_problem(EDITION, target) is None
    assert target % {"date": "2026"}  # what Jinja does with it


def test_content_is_not_formatted_so_its_percent_signs_are_its_own() -> None:
    assert placeholder_problem("Half the people", "50% 사람", formatted=False) is None
    assert placeholder_problem("Page %(page)s", "%(page)s 쪽 %(page)s", formatted=False)  # still counted
    assert placeholder_problem("Half", "50%", formatted=True) == "a % that is not a placeholder: '50%'"


NAMES = st.sampled_from(["date", "page", "pages", "n"])
LITERAL = st.text(alphabet=st.sampled_from("ab 판쪽.,-"), max_size=4)
PIECE = st.one_of(LITERAL, NAMES.map(lambda name: f"%({name})s"), st.just("%%"))


@given(st.lists(PIECE, max_size=6), st.lists(PIECE, max_size=6), st.text(max_size=8))
def test_what_passes_formats_safely(source_pieces: list[str], target_pieces: list[str], noise: str) -> None:
    """Any translation the check lets through formats without an exception, and no longer than its parts."""
    source = "".join(source_pieces)
    variables = {name: "2026-12-06" for name in ("date", "page", "pages", "n")}
    for target in ("".join(target_pieces), "".join(target_pieces) + noise, noise + source):
        if format_problem(source, target) is None:
            assert len(target % variables) <= len(target) + 10 * target.count("%(")


@given(st.lists(PIECE, min_size=1, max_size=6), st.data())
def test_every_edit_of_a_placeholder_is_refused(pieces: list[str], data: st.DataObject) -> None:
    placeholders = [i for i, piece in enumerate(pieces) if piece.startswith("%(")]
    if not placeholders:
        pieces.append("%(date)s")
        placeholders = [len(pieces) - 1]
    source = "".join(pieces)
    i = data.draw(st.sampled_from(placeholders))
    name = pieces[i][2:-2]
    edits = {
        "dropped": "",
        "doubled": pieces[i] * 2,
        "renamed": f"%({name}x)s",
        "widened": f"%({name})9s",
        "converted": f"%({name})r",
        "positional": "%s",
        "stray": pieces[i] + " %",
    }
    edit = data.draw(st.sampled_from(sorted(edits)))
    target = "".join([*pieces[:i], edits[edit], *pieces[i + 1 :]])
    assert format_problem(source, target) is not None, (edit, source, target)


def test_directives_reads_each_percent_once() -> None:
    assert directives("%(a)s%%%(b)d") == ["%(a)s", "%(b)d"]
    assert directives("100%% %(a)s %") == 12
    assert directives("%(a") == 0


def override(project: Path, msgstr: str) -> Path:
    """A project override of the card's "Clinic" in ko (a template string the card prints)."""
    po = project / "locales/ko/LC_MESSAGES/guide.po"
    with po.open("a", encoding="utf-8") as file:
        file.write(f'\nmsgctxt "card"\nmsgid "Clinic"\nmsgstr "{msgstr}"\n')
    return po


def last_line(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.typeset
@pytest.mark.parametrize("msgstr", ["병원 %", "병원 %(x)s", "병원 %s", "병원 %(date)-100000000s"])
def test_check_names_the_line_and_the_build_refuses_only_that_locale(mini: Path, msgstr: str) -> None:
    po = override(mini, msgstr)
    checked = guide("check", "--locale", "ko", cwd=mini)
    assert checked.returncode == 1
    assert f"locales/ko/LC_MESSAGES/guide.po:{last_line(po)}: error: " in checked.stdout
    built = guide("build", "--product", "card", cwd=mini)
    assert built.returncode == 1, built.stderr
    assert "internal error" not in built.stderr and "Traceback" not in built.stderr
    # refused when it was looked up, before Jinja formatted it (not named after formatting failed)
    assert f"locales/ko/LC_MESSAGES/guide.po:{last_line(po)}: {format_problem('Clinic', msgstr)}" in built.stderr
    assert (mini / "dist/en/consult-card.pdf").is_file()  # the other locale is built
    assert not (mini / "dist/ko/consult-card.pdf").exists()


@pytest.mark.typeset
def test_an_exception_while_printing_a_translation_names_it(mini: Path) -> None:
    """A project template that fails on one translation's text: that translation is named, en is built."""
    templates = mini / "templates"
    templates.mkdir()
    card = (BUILTIN_TEMPLATES / "card.html.j2").read_text(encoding="utf-8")
    # 1 // 0 where the card's "Clinic" is two characters long: 병원 in ko, Clinic (6) in en
    failing = (
        "{% set clinic_length %}{% trans 'card' %}Clinic{% endtrans %}{% endset %}{{ 1 // (clinic_length|length - 2) }}"
    )
    (templates / "card.html.j2").write_text(failing + card, encoding="utf-8")
    for path in BUILTIN_TEMPLATES.glob("style/*"):  # the stylesheets the card links, as the built-in folder has them
        (templates / "style").mkdir(exist_ok=True)
        shutil.copy(path, templates / "style" / path.name)
    po = override(mini, "병원")
    built = guide("build", "--product", "card", cwd=mini)
    assert built.returncode == 1, built.stderr
    assert "Traceback" not in built.stderr
    assert (
        f"locales/ko/LC_MESSAGES/guide.po:{last_line(po)}: printing this translation failed "
        "(ZeroDivisionError: integer division or modulo by zero)"
    ) in built.stderr
    assert (mini / "dist/en/consult-card.pdf").is_file()
