"""Issue 25: numbers as a reader reads them (generator/messages/numbers.py).

In order, by value, in the translation's locale's format; a letter or sign that reads as a digit
touching a number is an error; ``# numbers-differ`` names the numbers it covers and lapses when the
source changes. The property tests edit random texts the way a careless or hostile translator could.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polib
import pytest
from babel.numbers import format_decimal
from hypothesis import HealthCheck, assume, event, given, note, settings
from hypothesis import strategies as st

from generator import load_config
from generator.errors import CatalogueError
from generator.messages import Catalogue, Message, Translator
from generator.messages.checks import check_texts, gate
from generator.messages.numbers import LOOK_ALIKES, exemption

from .runners import guide

DOSES = "Take no more than 2 doses, 10 days apart."
PO = "locales/ko/LC_MESSAGES/guide.po"


def findings(source: str, target: str, locale: str = "ko", comment: str = "") -> list[tuple[str, str]]:
    return [(severity, message) for severity, message, _ in check_texts(source, target, [], locale, comment)]


def errors(source: str, target: str, locale: str = "ko", comment: str = "") -> list[str]:
    return [message for severity, message in findings(source, target, locale, comment) if severity == "error"]


# --- The reproduced failures: each an error, with its message ---------------------------------

TOUCHING = "a letter or sign that reads as a digit touches the number"


@pytest.mark.parametrize(
    ("target", "error"),
    [
        # the same numbers, swapped: a multiset comparison saw nothing
        ("최대 10회, 2일 간격으로 투여하십시오.", "numbers are in another order than the source's: 2, 10 → 10, 2"),
        # the digits are the source's; what touches them is read as a digit
        ("최대 2회, 10O일 간격으로 투여하십시오.", f"'10O' may be misread: {TOUCHING}"),  # Latin O
        ("최대 2회, 10o일 간격.", f"'10o' may be misread: {TOUCHING}"),
        ("최대 2회, l0일 간격.", f"'l0' may be misread: {TOUCHING}"),  # l before 0: not the source's 10 either
        ("최대 2회, 1l0일 간격.", f"'1l0' may be misread: {TOUCHING}"),
        ("최대 2회, 10〇일 간격으로 투여하십시오.", f"'10〇' may be misread: {TOUCHING}"),  # U+3007, Nl
        ("최대 2½회, 10일 간격으로 투여하십시오.", f"'2½' may be misread: {TOUCHING}"),  # No
        ("최대 2회, 10²일 간격.", f"'10²' may be misread: {TOUCHING}"),  # superscript two
        ("최대 Ⅰ2회, 10일 간격.", f"'Ⅰ2' may be misread: {TOUCHING}"),  # Roman numeral one, Nl
        ("최대 2회, 10О일 간격.", f"'10О' may be misread: {TOUCHING}"),  # Cyrillic О
        ("최대 2회, 10Ο일 간격.", f"'10Ο' may be misread: {TOUCHING}"),  # Greek Ο
        ("최대 2회, 10Omg 간격.", f"'10Omg' may be misread: {TOUCHING}"),  # 100 mg?
        ("최대 2회, 1٠일 간격.", "'1٠' may be misread: its digits are of two scripts"),
    ],
)
def test_what_a_reader_would_misread_is_an_error(target, error):
    assert error in errors(DOSES, target)


def test_a_unit_or_a_word_beside_a_number_is_not_a_look_alike():
    assert errors("Take 1000 IU, 2 lb, 10 m² and H2O.", "1000IU, 2lb, 10m², H2O을 드십시오.") == []
    assert errors(DOSES, "최대 2회, 10일 간격 (Ⅱ상 시험).") == ["number 2 is not in the source"]  # Ⅱ reads 2


def test_a_changed_number_is_named_both_ways():
    assert errors(DOSES, "최대 3회, 10일 간격으로 투여하십시오.") == [
        "number 2 of the source is missing; number 3 is not in the source"
    ]


def test_a_number_the_source_spells_out_may_be_written_in_digits_anywhere():
    source = "Check again in eighteen months; take 2 doses, 10 days apart."
    assert errors(source, "2회, 10일 간격. 18개월 뒤에 다시 확인하십시오.") == []
    assert errors(source, "2회, 10일 간격. 18개월, 18개월.") == ["number 18 is not in the source"]
    assert errors(source, "10일 간격 2회. 18개월 뒤.") == [
        "numbers are in another order than the source's: 2, 10 → 10, 2, 18"
    ]


# --- Locale formats: read, not refused -----------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "source", "target"),
    [
        ("fr", "Take 0.5 ml.", "Prenez 0,5 ml."),
        ("de", "Up to 1,000 cells.", "Bis zu 1.000 Zellen."),
        ("de", "Up to 1,000.5 cells.", "Bis zu 1.000,5 Zellen."),
        ("fr", "Up to 1,000 cells.", "Jusqu'à 1\u202f000 cellules."),  # narrow no-break space
        ("ru", "Up to 1,000 cells.", "До 1\u00a0000 клеток."),  # no-break space
        ("de_CH", "Up to 1,000 cells.", "Bis zu 1'000 Zellen."),
        ("ar", "Up to 1,000.5 cells.", "حتى ١٬٠٠٠٫٥ خلية."),  # Arabic-Indic digits and separators
        ("fa", "Take 0.5 ml.", "۰٫۵ میلی‌لیتر."),  # Extended Arabic-Indic
        ("hi", "Up to 100,000 cells, 2.5 ml.", "१,००,००० कोशिकाएँ, २.५ मि.ली."),  # Devanagari, Indian grouping
        ("ko", "Take 1.0 ml.", "1.000 ml."),  # one point zero: the same value
        ("de", "Take 0.5 ml.", "0.5 ml."),  # not a German number, but read as nothing else
        ("zh_Hant", "Take 2 doses, 10 days apart.", "最多 ２ 次，相隔 １０ 日。"),
    ],
)
def test_a_number_in_the_locales_format_is_the_same_number(locale, source, target):
    assert findings(source, target, locale) == []  # the number's own checks: no error, no note


@pytest.mark.parametrize(
    ("locale", "source", "target", "error"),
    [
        # 1.000 is one thousand in German, one in an English-style locale
        ("ko", "Up to 1,000 cells.", "최대 1.000개.", "number 1000 of the source is missing; number 1 is not in"),
        # 1,000 is one in German and French
        ("de", "Up to 1,000 cells.", "Bis zu 1,000 Zellen.", "number 1000 of the source is missing; number 1 is not"),
        ("fr", "Take 0.5 ml.", "Prenez 0,50 ml, puis 5,0 ml.", "number 5 is not in the source"),
        # an ordinary space may break the line between 1 and 000: two numbers
        ("fr", "Up to 1,000 cells.", "Jusqu'à 1 000 cellules.", "number 1000 of the source is missing"),
    ],
)
def test_the_locales_separators_change_what_a_number_is(locale, source, target, error):
    assert any(message.startswith(error) for message in errors(source, target, locale)), errors(source, target, locale)


# --- numbers-differ names the numbers it covers ------------------------------------------------


def test_the_comment_is_read():
    assert exemption("numbers-differ: Korean says once") == ("bare", (), ())
    assert exemption("numbers-differ: 1: each dose is 1회") == ("list", (Decimal(1),), ())
    assert exemption("numbers-differ: 2, 10 -> 10 2: the interval first") == (
        "map",
        (Decimal(2), Decimal(10)),
        (Decimal(10), Decimal(2)),
    )
    assert exemption("numbers-differ: -> 1: once a year").kind == "map"
    assert exemption("other\nnumbers-differ (re-confirm): 1: why").kind == "re-confirm"
    assert exemption("numbers-differ:").kind == ""  # no reason: not a comment


INTERVAL_FIRST = "10일 간격으로 최대 2회 투여하십시오."
MARKED = " (marked numbers-differ by the translator)"


def test_a_list_covers_exactly_the_numbers_it_names():
    comment = "numbers-differ: 2 10: Korean puts the interval first"
    moved = "numbers are in another order than the source's: 2, 10 → 10, 2"
    assert findings(DOSES, INTERVAL_FIRST, comment=comment) == [("note", f"{moved}{MARKED}")]
    assert findings("Take 2 doses, 10 days apart, for 6 weeks.", "10일 간격 2회, 7주.", comment=comment) == [
        ("error", "number 6 of the source is missing; number 7 is not in the source"),
        ("note", f"{moved}{MARKED}"),
    ]
    assert errors("Each dose, 10 days apart.", "1회 투여량, 11일 간격.", comment="numbers-differ: 1: each dose") == [
        "number 10 of the source is missing; number 11 is not in the source"
    ]


def test_a_mapping_pins_the_source_and_the_translation():
    comment = "numbers-differ: 2 10 -> 10 2: Korean puts the interval first"
    assert findings(DOSES, INTERVAL_FIRST, comment=comment) == [
        ("note", "numbers 2, 10 are written 10, 2 (marked numbers-differ by the translator)")
    ]
    assert errors(DOSES, "10일 간격으로 최대 3회.", comment=comment) == [
        "the translation's numbers are 10, 3, not those of its comment '# numbers-differ: 2 10 -> 10 2'"
    ]
    changed = "Take no more than 3 doses, 10 days apart."
    assert errors(changed, INTERVAL_FIRST, comment=comment) == [
        "the source's numbers are 3, 10, not those of the comment '# numbers-differ: 2 10 -> 10 2'"
    ]


def test_the_note_lists_every_differing_number():
    comment = "numbers-differ: Korean writes it otherwise"  # bare: covers every number
    assert findings(DOSES, "최대 3회, 11일, 1회.", comment=comment) == [
        (
            "note",
            "numbers 2, 10 of the source are missing; numbers 3, 11, 1 are not in the source "
            "(marked numbers-differ by the translator)",
        )
    ]


def test_the_hint_offers_the_comment_that_would_mark_the_difference():
    [(_, _, hint)] = check_texts(DOSES, INTERVAL_FIRST, [], "ko")
    assert hint.endswith("say so in a translator comment: '# numbers-differ: 2 10 -> 10 2: why'")


def test_look_alikes_are_errors_even_where_the_translator_marked_numbers():
    assert errors(DOSES, "최대 2회, 10O일.", comment="numbers-differ: 10: why") == [f"'10O' may be misread: {TOUCHING}"]


def test_the_gate_refuses_a_swap_and_honours_a_named_exemption(mini):
    config = load_config(mini)

    def gated(comment: str) -> None:
        message = Message(INTERVAL_FIRST, fuzzy=False, line=7, numbers_differ=comment)
        translator = Translator(Catalogue("ko", mini / PO, {("card.intro", DOSES): message}), is_source=False)
        translator.get("card.intro", DOSES)
        gate(config, "ko", translator, "ko card")

    with pytest.raises(CatalogueError, match="numbers are in another order"):
        gated("")
    with pytest.raises(CatalogueError, match="numbers are in another order"):
        gated("numbers-differ: 1: why")  # names another number
    gated("numbers-differ: 2 10: Korean puts the interval first")


# --- A stale exemption: the source changed since the comment -------------------------------------


CONFIRMED = {"flags": [], "previous_msgid": None, "previous_msgctxt": None}  # what clearing fuzzy does


def _set(project: Path, context: str, **fields: object) -> None:
    po = polib.pofile(str(project / PO), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == context)
    for name, value in fields.items():
        setattr(entry, name, value)
    po.save()


def _source(project: Path, intro: str) -> None:
    path = project / "content/guide.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.split("  intro: ")[1].split("\n")[0], intro, 1), encoding="utf-8")
    for args in (["extract"], ["update", "--locale", "ko"]):
        assert guide(*args, cwd=project).returncode == 0


@pytest.mark.slow
def test_guide_update_makes_a_stale_numbers_differ_exempt_nothing(mini):
    _source(mini, "Ask 2 questions, 10 minutes apart.")
    comment = "numbers-differ: Korean puts the interval first"  # bare: it covers every number
    _set(mini, "card.intro", msgstr="10분 간격으로 2개를 물어보십시오.", tcomment=comment, **CONFIRMED)
    result = guide("check", "--locale", "ko", cwd=mini)
    assert result.returncode == 0 and "note: numbers are in another order" in result.stdout, result.stdout

    _source(mini, "Ask 3 questions, 10 minutes apart.")  # the source changes; the translation is stale
    text = (mini / PO).read_text(encoding="utf-8")
    assert "# numbers-differ (re-confirm): Korean puts the interval first\n#: content/guide.yaml\n#, fuzzy\n" in text
    _set(mini, "card.intro", **CONFIRMED)  # the translator clears fuzzy, and nothing else
    result = guide("check", "--locale", "ko", cwd=mini)
    assert result.returncode == 1
    assert "error: number 2 is not in the source" not in result.stdout  # one finding, every difference
    assert "error: numbers are in another order" not in result.stdout
    assert "error: number 3 of the source is missing; number 2 is not in the source" in result.stdout, result.stdout
    assert "then remove ' (re-confirm)'" in result.stdout

    # re-confirmed: the translation fixed and the comment made current again
    fixed = {"msgstr": "10분 간격으로 3개를 물어보십시오.", "tcomment": "numbers-differ: 3 10: interval first"}
    _set(mini, "card.intro", **fixed)
    result = guide("check", "--locale", "ko", cwd=mini)
    assert result.returncode == 0
    assert "note: numbers are in another order than the source's: 3, 10 → 10, 3" in result.stdout


# --- The properties -----------------------------------------------------------------------------

WORDS = ["take", "doses", "days", "apart", "cells", "회", "일", "간격", "次", "ml", "और", "до", "و"]
LOCALES = ["en", "ko", "zh_Hant", "de", "fr", "ru", "vi", "hi", "ar", "fa", "bn"]
# Locales written here in their own digits, with their separators for them.
NATIVE = {"ar": ("٠", "٫٬"), "fa": ("۰", "٫٬"), "hi": ("०", ".,"), "bn": ("০", ".,")}
SIGNS = sorted(LOOK_ALIKES) + ["〇", "½", "²", "Ⅱ", "①"]
VALUES = st.one_of(
    st.integers(0, 3_000_000).map(Decimal),
    st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False),
)


def formatted(value: Decimal, locale: str) -> str:
    """``value`` as Babel writes it for ``locale`` (grouping, separators), in the locale's own digits."""
    text = format_decimal(value, locale=locale, decimal_quantization=False)
    if locale in NATIVE:
        zero, (decimal, group) = NATIVE[locale]
        text = text.translate(str.maketrans(".,", decimal + group))
        text = "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in text)
    return text


def written(values: list[Decimal], words: list[list[str]], locale: str) -> tuple[str, list[tuple[int, int]]]:
    """Words and numbers, a space apart; and where each number is."""
    text, spans = " ".join(words[0]), []
    for value, after in zip(values, words[1:], strict=False):
        number = formatted(value, locale)
        spans.append((len(text) + 1, len(text) + 1 + len(number)))
        text += f" {number} {' '.join(after)}"
    return text, spans


@st.composite
def sentences(draw: st.DrawFn) -> tuple[list[Decimal], list[list[str]], list[list[str]]]:
    values = draw(st.lists(VALUES, min_size=1, max_size=5))
    # words around up to 6 numbers: a duplicated one too
    words = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=7, max_size=7)
    return values, draw(words), draw(words)  # the source's words, the translation's


def _changed_digit(data: st.DataObject, value: Decimal) -> Decimal:
    digits = format(value.normalize(), "f")
    at = data.draw(st.sampled_from([n for n, c in enumerate(digits) if c.isdigit()]))
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[at]]))
    return Decimal(digits[:at] + new + digits[at + 1 :])


def edited(data: st.DataObject, values: list[Decimal], words: list[list[str]], locale: str) -> str:
    """The translation after one edit that changes what a reader reads."""
    edit = data.draw(st.sampled_from(["digit", "swap", "sign", "delete", "duplicate"]))
    event(edit)
    values = list(values)
    at = data.draw(st.integers(0, len(values) - 1))
    if edit == "digit":
        values[at] = _changed_digit(data, values[at])
    elif edit == "swap":
        others = [n for n, v in enumerate(values) if v != values[at]]
        assume(others)  # a swap of equal numbers changes nothing a reader reads
        other = data.draw(st.sampled_from(others))
        values[at], values[other] = values[other], values[at]
    elif edit == "delete":
        del values[at]
    elif edit == "duplicate":
        values.insert(at, values[at])
    text, spans = written(values, words, locale)
    if edit == "sign":
        where = spans[at][data.draw(st.integers(0, 1))]  # before the number or after it
        text = text[:where] + data.draw(st.sampled_from(SIGNS)) + text[where:]
    return text


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_an_edit_that_changes_what_a_reader_reads_is_never_passed(data):
    values, words, theirs = data.draw(sentences())
    locale = data.draw(st.sampled_from(LOCALES))
    source = written(values, words, "en")[0]
    target = edited(data, values, theirs, locale)
    note(f"{source!r} → {locale}: {target!r}")
    assert errors(source, target, locale), findings(source, target, locale)


@settings(max_examples=50, deadline=None)
@given(sentences(), st.sampled_from(["de", "fr", "ru", "vi"]), st.integers(1000, 999_999), st.data())
def test_a_number_in_the_sources_format_where_a_comma_is_a_decimal_sign_is_another_number(
    sentence, locale, thousands, data
):
    """1,000 (one thousand) in a German, French, Russian or Vietnamese translation reads 1,000 (one)."""
    values, words, theirs = sentence
    at = data.draw(st.integers(0, len(values) - 1))
    values[at] = Decimal(thousands)
    source = written(values, words, "en")[0]
    text, spans = written(values, theirs, locale)
    target = text[: spans[at][0]] + format_decimal(thousands, locale="en") + text[spans[at][1] :]
    note(f"{source!r} → {locale}: {target!r}")
    assert errors(source, target, locale)


@settings(max_examples=150, deadline=None)
@given(sentences(), st.sampled_from(LOCALES))
def test_the_same_numbers_in_the_locales_format_pass(sentence, locale):
    values, words, theirs = sentence
    source, target = written(values, words, "en")[0], written(values, theirs, locale)[0]
    note(f"{source!r} → {locale}: {target!r}")
    assert [f for f in findings(source, target, locale) if f[0] != "warning"] == []  # identical texts warn
