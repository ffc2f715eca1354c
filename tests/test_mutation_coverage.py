"""fonts/coverage.py, line by line (`make mutate`): the exact errors of the font checks, with inputs
that reach each part: the serif stack, a second font of a stack, the third and fourth missing
character, the eighth and ninth of a script, a language no locale has, the same character twice.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.config import DEFAULT_FONTS, Config, LocaleConfig, load_config
from generator.errors import ErrorList, FontError, GuideError
from generator.fonts import Sample
from generator.fonts.coverage import check_coverage, check_fonts, script_name, stacks_for

from .conftest import FIXTURES

HINT = "replace the character, or add a font that has it to the locale in guide.toml"
KR_SANS, KR_SERIF = ("Noto Sans CJK KR",), ("Noto Serif CJK KR",)


def mini(**locales: LocaleConfig) -> Config:
    config = load_config(FIXTURES / "mini")
    return dataclasses.replace(config, locales=locales) if locales else config


def errors(config: Config, samples: list[Sample], default: LocaleConfig | None = None) -> list[str]:
    try:
        check_coverage(config, samples, default or config.locales["ko"])
    except ErrorList as exc:
        return [e.format() for e in exc.errors]
    except GuideError as exc:
        assert isinstance(exc, FontError)
        return [exc.format()]
    return []


def ko(sans: tuple[str, ...] = KR_SANS, serif: tuple[str, ...] = KR_SERIF, named: bool = False) -> LocaleConfig:
    return LocaleConfig("ko", "ko", sans, serif, "ko", fonts_named=named)


def test_a_few_missing_characters_are_named_one_by_one_where_they_are_first_printed() -> None:
    samples = [Sample("ko", "가😀 𓀀\u200b", "msg", Path("x.po"), 7), Sample("ko", "😀", "other", Path("y.po"), 9)]
    assert errors(mini(), samples) == [
        f"x.po:7: msg: character '😀' (U+1F600) is not in Noto Sans CJK KR, the ko fonts ({HINT})",
        f"x.po:7: msg: character '𓀀' (U+13000) is not in Noto Sans CJK KR, the ko fonts ({HINT})",
    ]


def test_three_missing_characters_are_three_lines_and_four_are_one_per_script() -> None:
    assert len(errors(mini(), [Sample("ko", "𓀀𓀁𓀂", "m")])) == 3
    four = errors(mini(), [Sample("ko", "𓀀𓀁𓀂𓀃", "m", Path("x.po"), 3)])
    assert len(four) == 1 and four[0].startswith("x.po:3: 4 Egyptian characters (𓀀 𓀁 𓀂 𓀃) are not in Noto Sans CJK KR")
    assert four[0].endswith("(see the generator's docs/languages.md), or install fonts-noto-core)")
    eight = errors(mini(), [Sample("ko", "𓀀𓀁𓀂𓀃𓀄𓀅𓀆𓀇", "m")])
    assert "(𓀀 𓀁 𓀂 𓀃 𓀄 𓀅 𓀆 𓀇) are" in eight[0]
    nine = errors(mini(), [Sample("ko", "𓀀𓀁𓀂𓀃𓀄𓀅𓀆𓀇𓀈", "m")])
    assert "9 Egyptian characters (𓀀 𓀁 𓀂 𓀃 𓀄 𓀅 𓀆 𓀇 …) are" in nine[0]


def test_two_scripts_missing_are_two_lines() -> None:
    found = errors(mini(), [Sample("ko", "𓀀𓀁𓀂𐎀𐎁", "m")])
    assert [line.split(" (")[0] for line in found] == ["3 Egyptian characters", "2 Ugaritic characters"]


def test_the_serif_stack_is_checked_too_and_a_second_font_of_a_stack_counts() -> None:
    serif_lacks = mini(ko=ko(serif=("DejaVu Sans",)))
    assert errors(serif_lacks, [Sample("ko", "가", "m")]) == [
        f"m: character '가' (U+AC00) is not in DejaVu Sans, the ko fonts ({HINT})"
    ]
    assert errors(mini(ko=ko(sans=("DejaVu Sans",))), [Sample("ko", "가", "m")])[0].startswith(
        "m: character '가' (U+AC00) is not in DejaVu Sans, the ko fonts"
    )
    second = mini(ko=ko(sans=("DejaVu Sans", *KR_SANS), serif=("DejaVu Sans", *KR_SERIF)))
    assert errors(second, [Sample("ko", "가", "m")]) == []
    assert "DejaVu Sans or Noto Sans CJK KR, the ko" in errors(second, [Sample("ko", "𓀀", "m")])[0]


def test_a_character_is_checked_in_each_language_that_prints_it() -> None:
    config = mini(ko=ko(), en=LocaleConfig("en", "en", ("DejaVu Sans",), ("DejaVu Sans",), "en"))
    found = errors(config, [Sample("ko", "가", "m"), Sample("en", "가", "n")])
    assert found == [f"n: character '가' (U+AC00) is not in DejaVu Sans, the en fonts ({HINT})"]


def test_a_language_no_locale_has_is_checked_against_the_default() -> None:
    latin = LocaleConfig("en", "en", ("DejaVu Sans",), ("DejaVu Sans",), "en")
    assert errors(mini(ko=ko()), [Sample("xx", "가", "m")], default=latin)[0].endswith(
        f"is not in DejaVu Sans, the xx fonts ({HINT})"
    )
    assert errors(mini(ko=ko()), [Sample("ko", "가", "m")], default=latin) == []


def test_han_lang_gets_the_default_chinese_fonts_unless_a_locale_is_written_in_it() -> None:
    stacks = stacks_for(mini())
    sans, serif = DEFAULT_FONTS["zh_Hant"]
    assert (stacks["zh-Hant-HK"].code, stacks["zh-Hant-HK"].sans, stacks["zh-Hant-HK"].serif) == (
        "zh_Hant",
        (sans,),
        (serif,),
    )
    assert stacks["ko"].sans == mini().locales["ko"].sans
    hk = LocaleConfig("zh_Hant", "zh-Hant-HK", ("DejaVu Sans",), ("DejaVu Sans",), "zh_Hant")
    assert stacks_for(mini(zh_Hant=hk))["zh-Hant-HK"] is hk


def font_errors(config: Config) -> list[str]:
    try:
        check_fonts(config)
    except ErrorList as exc:
        return [e.format() for e in exc.errors]
    except FontError as exc:
        return [exc.format()]
    return []


def test_a_named_font_that_is_not_installed_is_named_once() -> None:
    config = mini(ko=ko(sans=("Nope Sans", *KR_SANS), serif=("Nope Sans", "Nope Serif"), named=True))
    found = font_errors(config)
    assert [line.split(": ", 1)[1].split(" (")[0] for line in found] == [
        "font 'Nope Sans' for locale ko is not installed",
        "font 'Nope Serif' for locale ko is not installed",
    ]
    assert found[0].startswith(f"{config.path}:")
    assert font_errors(mini(ko=ko())) == []


@pytest.mark.parametrize(
    ("code", "script", "package"), [("ko", "Korean", "fonts-noto-cjk"), ("th", "Thai", "fonts-noto-core")]
)
def test_a_scripts_missing_default_font_is_one_line_naming_its_package(code: str, script: str, package: str) -> None:
    locale = LocaleConfig(code, code, ("Nope Sans",), ("Nope Serif",), code, fonts_named=False)
    found = font_errors(mini(**{code: locale}))
    assert len(found) == 1
    assert f"no font for the {script} script of locale {code} is installed (Nope Sans, Nope Serif)" in found[0]
    assert f"install the Debian package {package} (scripts/setup.sh does)" in found[0]
    assert f"[locales.{code}] sans and serif" in found[0]


def test_script_names_come_from_cldr() -> None:
    assert (script_name("Thai"), script_name("Deva"), script_name("Zyxw")) == ("Thai", "Devanagari", "Zyxw")


def test_controls_are_not_looked_up_and_a_character_without_a_name_is_its_own_script() -> None:
    assert errors(mini(), [Sample("ko", "가\x07\x1b\u200d", "m")]) == []  # Cc and Cf: nothing to draw
    found = errors(mini(), [Sample("ko", "\ue000\ue001\ue002\ue003", "m")])  # private use: no Unicode name
    assert len(found) == 1 and found[0].startswith("4 ? characters")


def test_each_language_and_stack_is_reported_and_a_script_line_is_where_its_first_character_is() -> None:
    config = mini(ko=ko(), en=LocaleConfig("en", "en", ("DejaVu Sans", "Noto Sans CJK KR"), ("DejaVu Sans",), "en"))
    samples = [
        Sample("ko", "𓀀", "a", Path("x.po"), 3),
        Sample("ko", "𓀁𓀂𓀃", "b", Path("x.po"), 9),
        Sample("en", "𓀀𓀁𓀂𓀃", "c", Path("y.po"), 5),
    ]
    found = errors(config, samples)
    assert [line.split(" (")[0] for line in found] == [
        "x.po:3: 4 Egyptian characters",
        "y.po:5: 4 Egyptian characters",
    ]
    hint = "(name a font for this script in the locale's sans"
    assert f"are not in DejaVu Sans or Noto Sans CJK KR, the en fonts {hint}" in found[1]
    few = errors(config, [Sample("ko", "𓀀", "a"), Sample("en", "𓀀", "b")])
    assert [line.split(":")[0] for line in few] == ["a", "b"]  # a group of few does not end the report


def test_every_locale_is_checked_past_a_good_one_and_past_a_scripts_line() -> None:
    th = LocaleConfig("th", "th", ("Nope Sans",), ("Nope Sans",), "th", fonts_named=False)
    lo = LocaleConfig("lo", "lo", ("Nope Lao",), ("Nope Lao",), "lo", fonts_named=False)
    bo = LocaleConfig("bo", "bo", ("Nope Tibetan",), ("Nope Tibetan",), "bo", fonts_named=False)
    config = mini(ko=ko(), th=th, lo=lo, bo=bo)
    found = font_errors(config)
    assert [line.split(" is installed")[0].split(": ", 1)[1] for line in found] == [
        "no font for the Thai script of locale th",
        "no font for the Lao script of locale lo",
        "no font for the Tibetan script of locale bo",
    ]
    assert all(line.startswith(f"{config.path}: ") for line in found)
    assert "install the Debian package fonts-noto-core" in found[2]  # a script the table does not list


def test_a_named_fonts_error_says_how_to_get_it() -> None:
    config = mini(ko=ko(sans=("Nope Sans",), named=True))
    assert font_errors(config) == [
        f"{config.path}: font 'Nope Sans' for locale ko is not installed "
        "(run `make setup` (installs fonts-noto-cjk) or change the locale's fonts in guide.toml)"
    ]


def test_the_han_stack_is_a_whole_locale() -> None:
    han = stacks_for(mini())["zh-Hant-HK"]
    assert (han.lang, han.format_locale, han.fonts_named) == ("zh-Hant-HK", "zh_Hant", True)


def test_a_style_face_must_be_installed_and_have_its_scripts_letters() -> None:
    """[style.fonts] and [style.heading_fonts] (another helper's): each face at its line of guide.toml."""
    from generator.config.model import ScriptFace, StyleConfig

    style = StyleConfig(
        fonts=(ScriptFace("latin", "DejaVu Sans", 7), ScriptFace("hangul", "DejaVu Sans", 8)),
        heading_fonts=(ScriptFace("cyrillic", "Nope Serif", 11), ScriptFace("hangul", "Noto Serif CJK KR", 12)),
    )
    config = dataclasses.replace(mini(ko=ko(serif=("Nope Serif", *KR_SERIF), named=True)), style=style)
    found = font_errors(config)
    assert found[:2] == [
        f"{config.path}:8: style.fonts.hangul: font 'DejaVu Sans' has no Hangul letters (한국어) "
        "(name a font that has the Hangul script)",
        f"{config.path}:11: style.heading_fonts.cyrillic: font 'Nope Serif' is not installed "
        "(install it (fc-list lists what is))",
    ]
    assert len(found) == 2  # a named face missing from a locale's stack is not reported again
