"""Plural forms: compared by meaning, CLDR's rule written by `guide init`, a catalogue's own rule kept.

The policy (generator/messages/plurals.py, README "Plural forms"): `guide update` and
scripts/generator-catalogue.py keep a catalogue's Plural-Forms; where it means other than CLDR's
rule they say so in one line, and only --plural-forms replaces it. `guide check` calls a header that
cannot be used an error, and one that departs from CLDR a note.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from generator.messages import plurals

from .runners import guide

GENERATOR_LOCALE = Path(__file__).resolve().parents[1] / "generator" / "locale"
OLD_ARABIC = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);"
)


def shipped_rule(locale: str) -> plurals.PluralRule:
    rule = plurals.parse(
        polib.pofile(str(GENERATOR_LOCALE / locale / "LC_MESSAGES" / "generator.po")).metadata["Plural-Forms"]
    )
    assert rule is not None
    return rule


def test_the_shipped_arabic_rule_is_cldrs() -> None:
    """CLDR Arabic: zero 0; one 1; two 2; few n % 100 = 3..10; many n % 100 = 11..99; other: the rest (100-102)."""
    rule = shipped_rule("ar")
    numbers = [0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 199, 1000]
    assert [rule.form(n) for n in numbers] == [0, 1, 2, 3, 3, 4, 4, 5, 5, 5, 3, 4, 4, 5]
    assert plurals.parse(OLD_ARABIC).form(11) == 5  # type: ignore[union-attr]  # what it said before: "other"


@pytest.mark.parametrize("locale", ["bn", "hi", "fa"])
def test_zero_takes_the_singular_where_cldr_says_so(locale: str) -> None:
    """CLDR's "one" for Bengali, Hindi and Persian is i = 0 or n = 1."""
    rule = shipped_rule(locale)
    assert (rule.count, rule.form(0), rule.form(1), rule.form(2)) == (2, 0, 0, 1)


def test_a_formula_that_gives_a_form_past_its_count_is_not_usable() -> None:
    rule = plurals.parse("nplurals=2; plural=n % 100 >= 3 && n % 100 <= 10 ? 2 : n != 1;")
    assert rule is not None and rule.problem() == "its formula gives form 2 for n=3, but there are 2 forms"
    assert plurals.parse("nplurals=2; plural=n / (n - 5);").problem() == "its formula fails for some n from 0 to 1000"  # type: ignore[union-attr]
    assert plurals.parse("nplurals=2; plural=n != 1;").problem() is None  # type: ignore[union-attr]


def test_a_departure_from_cldr_names_the_first_number_it_changes() -> None:
    note = plurals.differs_from_cldr(OLD_ARABIC, "ar")
    assert note is not None and note.endswith("n=11 takes form 4, not 5)")
    assert (
        plurals.differs_from_cldr(
            "nplurals=6; plural=(n==0?0:n==1?1:n==2?2:n%100>=3&&n%100<=10?3:n%100>=11?4:5);", "ar"
        )
        is None
    )


def test_adopting_cldr_reshapes_plural_entries_and_marks_them_fuzzy() -> None:
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="%(n)s day", msgid_plural="%(n)s days", msgstr_plural={0: "יום", 1: "ימים"}))
    po.append(polib.POEntry(msgid="%(n)s week", msgid_plural="%(n)s weeks", msgstr_plural={0: "", 1: ""}))
    assert plurals.adopt_cldr(po, "he") == 1  # CLDR's Hebrew: one, two, other
    assert po.metadata["Plural-Forms"] == "nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);"
    assert po[0].msgstr_plural == {0: "יום", 1: "ימים", 2: ""} and po[0].flags == ["fuzzy"]
    assert po[1].msgstr_plural == {0: "", 1: "", 2: ""} and po[1].flags == []  # nothing to review
    assert plurals.adopt_cldr(po, "he") == 0


def set_header(path: Path, header: str) -> None:
    po = polib.pofile(str(path))
    text = path.read_text(encoding="utf-8")
    old = po.metadata["Plural-Forms"]
    assert f'"Plural-Forms: {old}\\n"' in text
    path.write_text(text.replace(f'"Plural-Forms: {old}\\n"', f'"Plural-Forms: {header}\\n"'), encoding="utf-8")


def test_update_keeps_a_rule_that_departs_from_cldr_and_says_so(mini: Path) -> None:
    path = mini / "locales/ko/LC_MESSAGES/guide.po"
    set_header(path, "nplurals=2; plural=(n != 1);")  # CLDR's Korean has one form
    result = guide("update", "--locale", "ko", cwd=mini)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: locales/ko/LC_MESSAGES/guide.po: Plural-Forms 'nplurals=2; plural=(n != 1);' is not CLDR's rule "
        f"for ko (Babel {plurals.babel.__version__}: 'nplurals=1; plural=0;'); kept: `--plural-forms` adopts CLDR's"
    ]
    assert polib.pofile(str(path)).metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"

    result = guide("update", "--locale", "ko", "--plural-forms", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert "Plural-Forms is now CLDR's 'nplurals=1; plural=0;'" in result.stdout
    assert polib.pofile(str(path)).metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "note:" not in guide("update", "--locale", "ko", cwd=mini).stdout


def test_check_calls_an_unusable_rule_an_error_and_a_chosen_one_a_note(mini: Path) -> None:
    path = mini / "locales/ko/LC_MESSAGES/guide.po"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "Plural-Forms" in text)
    set_header(path, "nplurals=2; plural=(n != 1);")
    result = guide("check", "--locale", "ko", cwd=mini)
    assert result.returncode == 0, result.stdout
    assert f"locales/ko/LC_MESSAGES/guide.po:{line}: note: Plural-Forms 'nplurals=2; plural=(n != 1);'" in result.stdout
    set_header(path, "nplurals=1; plural=(n != 1);")
    result = guide("check", "--locale", "ko", cwd=mini)
    assert result.returncode == 1
    assert (
        f"locales/ko/LC_MESSAGES/guide.po:{line}: error: Plural-Forms is 'nplurals=1; plural=(n != 1);': "
        "its formula gives form 1 for n=0, but there are 1 forms (use CLDR's 'nplurals=1; plural=0;')"
    ) in result.stdout
