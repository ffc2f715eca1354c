"""The generator's own catalogue (generator/locale): the built-in templates' strings, translated.

After editing a {% trans %} block or a css_text() string in templates/, run
`.venv/bin/python scripts/generator-catalogue.py` and translate what it marks new or fuzzy.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest

from generator import messages
from generator.config import Config
from generator.content import Guide
from generator.paths import BUILTIN_TEMPLATES

LOCALE_DIR = Path(__file__).resolve().parents[1] / "generator" / "locale"
POT = LOCALE_DIR / "generator.pot"
# The locales issue #11 ships, and the script each one's translations must be written in
# (a Unicode character-name prefix; Latin-script locales are checked only for being translated).
LOCALES = {
    "ar": "ARABIC", "bn": "BENGALI", "de": "LATIN", "es": "LATIN", "fa": "ARABIC", "fr": "LATIN",
    "he": "HEBREW", "hi": "DEVANAGARI", "id": "LATIN", "it": "LATIN", "ja": "HIRAGANA KATAKANA CJK",
    "km": "KHMER", "lo": "LAO", "ms": "LATIN", "mn": "CYRILLIC", "my": "MYANMAR", "pt": "LATIN", "ru": "CYRILLIC",
    "ta": "TAMIL", "th": "THAI", "tl": "LATIN", "tr": "LATIN", "uk": "CYRILLIC", "ur": "ARABIC",
    "vi": "LATIN", "zh_Hans": "CJK", "zh_Hant": "CJK", "ko": "HANGUL",
}  # fmt: skip
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
# The shipped catalogues that keep a plural rule other than CLDR's (every other one means what CLDR's
# rule means). CLDR 42 (Babel 2.19) gives these a third form, "many", for exact millions, at index 1:
# a translation written for two forms would have its plural in the millions slot. GNU gettext keeps two.
KEPT_PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);",
    "it": "nplurals=2; plural=(n != 1);", "pt": "nplurals=2; plural=(n != 1);",
}  # fmt: skip


def template_messages() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string the built-in templates translate, as `guide extract` reads them."""
    # The built-in folder as the project's templates (root/templates), with no built-in folder (it does not
    # exist): extract then keeps every string, also those a project's POT leaves to the generator's catalogue.
    root = BUILTIN_TEMPLATES.parent
    config = Config(root=root, source_locale="en", locales={}, edition=dt.date(2000, 1, 1))
    pot = messages.extract(config, Guide(texts={}, sections=(), references=(), units=()), root / "no-such-folder")
    return {(e.msgctxt, e.msgid) for e in pot}


def pot_keys() -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(POT))}


def test_pot_holds_exactly_the_templates_strings():
    wanted = template_messages()
    assert ("page", "Page %(page)s of %(pages)s") in wanted  # the css_text() footer is extracted too
    assert ("guide", "Edition of %(date)s") in wanted  # {{ date }} in a trans block is %(date)s
    have = pot_keys()
    assert wanted - have == set(), "missing from generator.pot: run scripts/generator-catalogue.py"
    assert have - wanted == set(), "stale in generator.pot: run scripts/generator-catalogue.py"


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_locale_catalogue_is_complete_and_valid(locale: str):
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "generator.po"
    # the build's own strict reader: syntax, UTF-8, Language
    catalogue = messages.read_catalogue(path, locale, path.parents[2])
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == locale
    if locale in KEPT_PLURAL_FORMS:  # by meaning: the spelling is the translators' tool's
        assert messages.same_plural_forms(po.metadata["Plural-Forms"], KEPT_PLURAL_FORMS[locale])
        assert messages.differs_from_cldr(KEPT_PLURAL_FORMS[locale], locale), "CLDR agrees now: drop it from the list"
    else:
        assert messages.differs_from_cldr(po.metadata["Plural-Forms"], locale) is None
    assert re.search(r"charset=UTF-8", po.metadata["Content-Type"], re.I)
    assert not po.obsolete_entries()
    scripts = tuple(LOCALES[locale].split())
    for context, msgid in pot_keys():
        translated = catalogue.lookup(context, msgid)
        assert translated, f"{locale}: {msgid!r} untranslated or fuzzy"
        assert translated != msgid, f"{locale}: {msgid!r} left in English"
        assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(msgid)), (locale, translated)
        assert "%" not in PLACEHOLDER.sub("", translated), f"{locale}: stray % in {translated!r}"
        names = [unicodedata.name(c, "") for c in PLACEHOLDER.sub("", translated) if c.isalpha()]
        assert any(name.startswith(scripts) for name in names), f"{locale}: {translated!r} is not in {scripts}"
    if locale in ("fa", "ur"):  # Persian and Urdu write ی and ک, never Arabic ي/ك
        text = "".join(e.msgstr for e in po)
        assert not set(text) & {"\u064a", "\u0643"}, locale


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed (scripts/setup.sh installs it)")
def test_msgfmt_accepts_every_catalogue():
    for path in [POT, *sorted(LOCALE_DIR.glob("*/LC_MESSAGES/generator.po"))]:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path}: {result.stderr}"


def _strings(locale: str) -> dict[str, str]:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "generator.po"
    return {e.msgid: e.msgstr for e in polib.pofile(str(path))}


# The one word for "edition" in each locale, on the card ("Card edition: …") and the guide ("Edition of …").
EDITION = {
    "ar": "طبعة", "bn": "সংস্করণ", "de": "Ausgabe", "es": "Edición", "fa": "ویرایش", "fr": "Édition",
    "he": "מהדורת", "hi": "संस्करण", "id": "Edisi", "it": "Edizione", "ja": "版", "km": "ការបោះពុម្ព",
    "ko": "발행", "lo": "ສະບັບ", "mn": "хэвлэл", "ms": "Edisi", "my": "ထုတ်", "pt": "Edição", "ru": "Издание",
    "ta": "பதிப்பு", "th": "ฉบับ", "tl": "Edisyon", "tr": "baskı", "uk": "Видання", "ur": "ایڈیشن",
    "vi": "Ấn bản", "zh_Hans": "版", "zh_Hant": "版",
}  # fmt: skip


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_card_and_guide_call_the_edition_by_one_word(locale: str):
    strings = _strings(locale)
    for msgid in ("Card edition: %(date)s", "Edition of %(date)s"):
        assert EDITION[locale].casefold() in strings[msgid].casefold(), (locale, strings[msgid])


def test_the_clinic_is_called_as_patients_call_it_not_a_hospital():
    hospital = {"ja": ("病院", "医療機関"), "ta": ("மருத்துவமனை",)}
    for locale, words in hospital.items():
        assert not any(word in _strings(locale)["Clinic"] for word in words), locale


def test_french_sets_a_no_break_space_before_high_punctuation():
    """':' takes U+00A0, '; ! ?' a narrow one (U+202F, or U+00A0): never a breakable space, never none."""
    for msgid, msgstr in _strings("fr").items():
        for match in re.finditer(r"(.)([:;!?])(?=\s|$)", PLACEHOLDER.sub("x", msgstr)):
            assert match.group(1) in "\u00a0\u202f", (msgid, msgstr)


def test_portuguese_is_one_variety_brazilian():
    """CLDR's pt is Brazilian (its dates and numbers): no European forms beside Brazilian ones."""
    text = " ".join(_strings("pt").values())
    european = ("O seu", "A sua", "Índice", "excertos", "ecrã", "telemóvel", "registo", "facto")
    assert not [word for word in european if word in text]
    assert "Seu idioma" in text and "trechos" in text
