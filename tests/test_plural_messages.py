"""Plural messages: a template's ngettext and ``{% pluralize %}``, extracted with their plural, printed in
the form the catalogue's Plural-Forms gives each number, checked form by form.

The fixture (tests/fixtures/plurals) prints two plural messages for many n in Arabic (six forms:
zero, one, two, few 3-10, many 11-99, other 100-102), Russian (three: 1/21/101, 2-4/22, the rest) and
Korean (one form for every n).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pypdfium2
import pytest

from generator.config import load_config
from generator.content import load_content
from generator.messages import extract, read_catalogue
from generator.messages.checks import check_catalogue
from generator.messages.plurals import parse
from generator.messages.translator import Translator
from generator.paths import BUILTIN_TEMPLATES

from .conftest import FIXTURES, built_once
from .runners import guide

PROJECT = FIXTURES / "plurals"
# (label, what the line prints): the labels are the template's <bdi>n…</bdi> and <bdi>d…</bdi>.
EXPECTED = {
    "ar": {
        "n0": "لا أسئلة", "n1": "سؤال واحد", "n2": "سؤالان", "n3": "3 أسئلة", "n5": "5 أسئلة",
        "n11": "11 سؤالًا", "n21": "21 سؤالًا", "n22": "22 سؤالًا", "n100": "100 سؤال", "n101": "101 سؤال",
        "d1": "تناوله لمدة يوم واحد.", "d2": "تناوله لمدة يومين.", "d5": "تناوله لمدة 5 أيام.",
        "d11": "تناوله لمدة 11 يومًا.", "d21": "تناوله لمدة 21 يومًا.",
    },
    "ru": {
        "n0": "0 вопросов", "n1": "1 вопрос", "n2": "2 вопроса", "n3": "3 вопроса", "n5": "5 вопросов",
        "n11": "11 вопросов", "n21": "21 вопрос", "n22": "22 вопроса", "n100": "100 вопросов", "n101": "101 вопрос",
        "d1": "Принимайте 1 день.", "d2": "Принимайте 2 дня.", "d5": "Принимайте 5 дней.",
        "d11": "Принимайте 11 дней.", "d21": "Принимайте 21 день.",
    },
    "ko": {
        **{f"n{n}": f"질문 {n}개" for n in (0, 1, 2, 3, 5, 11, 21, 22, 100, 101)},
        **{f"d{n}": f"{n}일 동안 복용하세요." for n in (1, 2, 5, 11, 21)},
    },
    "en": {
        "n0": "0 questions", "n1": "1 question", "n2": "2 questions", "n21": "21 questions",
        "d1": "Take it for one day.", "d2": "Take it for 2 days.", "d21": "Take it for 21 days.",
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def counts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's counts.pdf in every locale (a copy of the project, built by the CLI)."""

    def make(folder: Path) -> None:
        shutil.copytree(PROJECT, folder, dirs_exist_ok=True)
        result = guide("--project", str(folder), "build", "--product", "counts")
        assert result.returncode == 0, result.stderr

    return built_once(tmp_path_factory, "plurals-dist", make) / "dist"


def printed_lines(pdf: Path) -> dict[str, str]:
    """Label → the rest of its line, from the PDF's text layer (pypdfium2)."""
    text = pypdfium2.PdfDocument(str(pdf))[0].get_textpage().get_text_range()
    lines: dict[str, str] = {}
    for line in text.splitlines():
        words = line.replace("•", " ").split()
        # Arabic lines come out in visual order: the label reads "11n", and its words may be reversed.
        label = next((w for w in words if w[0] in "nd" or w[-1] in "nd"), None)
        if label is not None:
            name = label if label[0] in "nd" else label[-1] + label[:-1]
            lines[name] = " ".join(w for w in words if w != label)
    return lines


def same_letters(printed: str, expected: str) -> bool:
    """The same characters, whatever order the text layer gives an RTL line in."""
    return sorted(printed.replace(" ", "")) == sorted(expected.replace(" ", ""))


@pytest.mark.typeset
@pytest.mark.parametrize("locale", ["ar", "ru", "ko", "en"])
def test_each_number_prints_the_form_its_locale_gives_it(counts: Path, locale: str) -> None:
    printed = printed_lines(counts / locale / "counts.pdf")
    for label, expected in EXPECTED[locale].items():
        assert same_letters(printed[label], expected), (label, printed[label], expected)


@pytest.mark.typeset
def test_arabic_11_and_100_take_different_forms_than_english_would(counts: Path) -> None:
    """An English rule (n == 1) would give 11 and 100 one form; Arabic's "many" and "other" differ."""
    printed = printed_lines(counts / "ar" / "counts.pdf")
    assert not same_letters(printed["n11"].replace("11", ""), printed["n100"].replace("100", ""))
    assert not same_letters(printed["n2"], EXPECTED["ar"]["n3"].replace("3", "2"))  # the dual, not "few"


def test_extract_keeps_the_plural_of_both_kinds_of_call(tmp_path: Path) -> None:
    config = load_config(PROJECT)
    pot = extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES)
    plural = {(e.msgctxt, e.msgid): e.msgid_plural for e in pot if e.msgid_plural}
    assert plural == {
        (None, "%(num)s question"): "%(num)s questions",  # ngettext(...)
        ("dose", "Take it for one day."): "Take it for %(count)s days.",  # {% trans "dose" count=n %}
    }
    assert all(e.msgstr_plural == {0: "", 1: ""} and "python-format" in e.flags for e in pot if e.msgid_plural)


@pytest.mark.parametrize(("locale", "count"), [("ar", 6), ("ru", 3), ("ko", 1)])
def test_init_and_update_give_a_plural_entry_one_form_per_plural_of_the_locale(
    tmp_path: Path, locale: str, count: int
) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    po_path = project / "locales" / locale / "LC_MESSAGES" / "guide.po"
    po_path.unlink()
    assert guide("--project", str(project), "init", locale).returncode == 0
    entry = polib.pofile(str(po_path)).find("%(num)s question")
    assert entry is not None and list(entry.msgstr_plural) == list(range(count))
    # update keeps the forms a translator wrote and adds the missing ones
    po = polib.pofile(str(po_path))
    found = po.find("%(num)s question")
    assert found is not None
    found.msgstr_plural = {0: "x %(num)s"}
    po.save()
    assert guide("--project", str(project), "update", "--locale", locale).returncode == 0
    entry = polib.pofile(str(po_path)).find("%(num)s question")
    assert entry is not None and entry.msgstr_plural == {0: "x %(num)s", **{i: "" for i in range(1, count)}}


def problems_with(tmp_path: Path, locale: str, old: str, new: str) -> list[str]:
    """``guide check``'s findings on the fixture's catalogue with one msgstr line replaced."""
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project, dirs_exist_ok=True)  # afresh: a test may ask twice
    path = project / "locales" / locale / "LC_MESSAGES" / "guide.po"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = check_catalogue(path, locale, [], project)
    return [f"{p.line}: {p.severity}: {p.message}" for p in found]


def test_the_fixtures_catalogues_pass_the_checks() -> None:
    for locale in ("ar", "ru", "ko"):
        path = PROJECT / "locales" / locale / "LC_MESSAGES" / "guide.po"
        assert check_catalogue(path, locale, [], PROJECT) == []


MISSING = "placeholder %(num)s of the source is missing"
FORM_PROBLEMS = [
    # Russian form 0 stands for 1, 21, 31...: without its number "21 вопрос" would print "вопрос"
    ("ru", 'msgstr[0] "%(num)s вопрос"', 'msgstr[0] "вопрос"', f"msgstr[0]: {MISSING}"),
    # Korean's one form stands for every n
    ("ko", 'msgstr[0] "질문 %(num)s개"', 'msgstr[0] "질문 개"', f"msgstr[0]: {MISSING}"),
    # the last form of six: every form is checked, not the first two
    ("ar", 'msgstr[5] "%(num)s سؤال"', 'msgstr[5] "%(nun)s سؤال"', "msgstr[5]: placeholder %(nun)s is not"),
    ("ar", "%(count)s يومًا.", "%(count)s يومًا، 3 مرات.", "msgstr[4]: "),  # a number added
    ("ru", '"%(num)s вопросов"', '"%(num)s вопросов https://x.example"', "msgstr[2]: URLs differ"),
]


@pytest.mark.parametrize(("locale", "old", "new", "expected"), FORM_PROBLEMS)
def test_every_form_is_checked_as_a_translation_of_the_plural(
    tmp_path: Path, locale: str, old: str, new: str, expected: str
) -> None:
    found = problems_with(tmp_path, locale, old, new)
    assert len(found) == 1 and expected in found[0] and ": error: " in found[0], found


def test_a_form_for_one_number_may_say_the_number_in_words(tmp_path: Path) -> None:
    """Arabic's n=2 form "سؤالان" needs no %(num)s; but it may not bring a placeholder of its own."""
    assert problems_with(tmp_path, "ar", 'msgstr[2] "سؤالان"', 'msgstr[2] "سؤالان"') == []
    found = problems_with(tmp_path, "ar", 'msgstr[2] "سؤالان"', 'msgstr[2] "%(n)s سؤالان"')
    assert len(found) == 1 and "msgstr[2]: placeholder %(n)s is not the source's" in found[0], found


def test_a_missing_form_is_an_error_and_an_empty_one_untranslated(tmp_path: Path) -> None:
    missing = problems_with(tmp_path, "ar", 'msgstr[5] "%(num)s سؤال"\n', "")
    assert len(missing) == 1 and "error: msgstr[5] is missing: Plural-Forms has 6 forms" in missing[0], missing
    empty = problems_with(tmp_path, "ru", 'msgstr[1] "%(num)s вопроса"', 'msgstr[1] ""')
    assert len(empty) == 1 and "warning: untranslated [None]: '%(num)s question'" in empty[0], empty


def test_a_message_whose_forms_are_not_the_rules_falls_back_to_the_source(tmp_path: Path) -> None:
    """Five forms under a six-form rule: gettext would miss a form; the build prints English and says so."""
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    path = project / "locales" / "ar" / "LC_MESSAGES" / "guide.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr[5] "%(num)s سؤال"\n', ""), encoding="utf-8")
    translator = Translator(read_catalogue(path, "ar", project), is_source=False)
    assert translator.get_plural(None, "%(num)s question", "%(num)s questions", 100) == ("%(num)s questions", True)
    assert translator.get_plural(None, "%(num)s question", "%(num)s questions", 1) == ("%(num)s question", True)
    assert translator.fallbacks == {(None, "%(num)s question"): None}
    whole = Translator(read_catalogue(PROJECT / "locales" / "ar" / "LC_MESSAGES" / "guide.po", "ar", PROJECT), False)
    two = whole.get_plural("dose", "Take it for one day.", "Take it for %(count)s days.", 2)
    assert two.text == "تناوله لمدة يومين."


def test_the_form_is_the_headers_rule_not_cldrs(tmp_path: Path) -> None:
    """A team's own Plural-Forms decides the form: Russian with two forms (n != 1) prints form 1 for 21."""
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    path = project / "locales" / "ru" / "LC_MESSAGES" / "guide.po"
    po = polib.pofile(str(path))
    rule = parse("nplurals=2; plural=(n != 1);")
    assert rule is not None
    po.metadata["Plural-Forms"] = rule.header
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgstr_plural[0], 1: entry.msgstr_plural[2]}
    po.save()
    translator = Translator(read_catalogue(path, "ru", project), is_source=False)
    assert translator.get_plural(None, "%(num)s question", "%(num)s questions", 21).text == "%(num)s вопросов"
    assert translator.get_plural(None, "%(num)s question", "%(num)s questions", 1).text == "%(num)s вопрос"


def test_a_form_with_a_wrong_placeholder_stops_the_build_at_its_line(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    path = project / "locales" / "ru" / "LC_MESSAGES" / "guide.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"%(num)s вопроса"', '"%(nun)s вопроса"'), encoding="utf-8")
    rows = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(rows, 1) if "%(nun)s" in row) - 1  # the entry's msgstr[0]
    result = guide("--project", str(project), "build", "--product", "counts", "--locale", "ru")
    assert result.returncode != 0
    assert f"guide.po:{line}: msgstr[1]: placeholder %(nun)s is not the source's" in result.stderr, result.stderr


def test_the_gate_checks_every_form_of_a_printed_plural_and_passes_over_one_that_fell_back(tmp_path: Path) -> None:
    """A wrong number in Arabic's form 5 (100, 101…) stops the product even when the page printed n = 3;
    a message whose forms are not the rule's printed the source, so the gate has nothing to refuse."""
    from generator.errors import GuideError
    from generator.messages import gate

    project = tmp_path / "p"
    shutil.copytree(PROJECT, project)
    path = project / "locales" / "ar" / "LC_MESSAGES" / "guide.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"%(num)s سؤال"', '"%(num)s سؤال 7"'), encoding="utf-8")
    config = load_config(project)
    translator = Translator(read_catalogue(path, "ar", project), is_source=False)
    translator.get_plural(None, "%(num)s question", "%(num)s questions", 3)
    with pytest.raises(GuideError) as refused:
        gate(config, "ar", translator, "ar counts")
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "msgstr[0]" in row)
    assert f"guide.po:{line}: ar counts not built: msgstr[5]: number 7 is not in the source" in refused.value.format()
    path.write_text(text.replace('msgstr[5] "%(num)s سؤال"\n', ""), encoding="utf-8")
    fell_back = Translator(read_catalogue(path, "ar", project), is_source=False)
    fell_back.get_plural(None, "%(num)s question", "%(num)s questions", 3)
    gate(config, "ar", fell_back, "ar counts")
