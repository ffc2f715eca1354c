"""Config stage: guide.toml is validated, and all problems are reported together."""

import tomllib
from pathlib import Path

import pytest

from generator.config import find_project, load_config
from generator.config.schema import GUIDE, LOCALE, PRODUCT
from generator.errors import ConfigError, ErrorList


def write(project: Path, text: str) -> None:
    (project / "guide.toml").write_text(text, encoding="utf-8")


def test_repository_config_loads():
    config = load_config(Path(__file__).resolve().parents[1])
    assert list(config.locales) == ["en", "zh_Hant", "ko"]
    assert config.locales["zh_Hant"].lang == "zh-Hant-HK"
    assert config.locales["ko"].sans == ("Noto Sans CJK KR",)
    assert config.products["card"].max_pages == 4


def test_defaults_for_a_minimal_config(mini):
    config = load_config(mini)
    assert config.source_locale == "en"
    assert config.locales["ko"].lang == "ko"
    assert config.locales["ko"].sans == ("Noto Sans CJK KR",)  # chosen by script
    assert set(config.products) == {"card", "guide"}
    assert config.po_path("ko") == mini / "locales/ko/LC_MESSAGES/guide.po"


def test_unknown_keys_and_wrong_types_are_reported_together_with_lines(mini):
    write(mini, '[guide]\nlocales = ["en", "ko"]\nedition = "soon"\ncolour = "red"\n\n[locales.ko]\nfont = "x"\n')
    with pytest.raises(ErrorList) as info:
        load_config(mini)
    lines = info.value.format(mini).splitlines()
    assert lines[0] == "guide.toml:3: guide.edition must be a date such as 2026-11-25"
    assert lines[1].startswith("guide.toml:4: guide: unknown key 'colour' (allowed: author, domain, edition,")
    assert lines[2].startswith("guide.toml:7: locales.ko: unknown key 'font' (allowed: format_locale, lang,")


def test_unknown_locale_code(mini):
    write(mini, '[guide]\nlocales = ["en", "xx_Nope"]\n')
    with pytest.raises(ConfigError, match="unknown locale code 'xx_Nope'"):
        load_config(mini)


def test_toml_syntax_error_names_the_line(mini):
    write(mini, '[guide]\nlocales = ["en"]\nedition = 2026-13-45\n')
    with pytest.raises(ConfigError) as info:
        load_config(mini)
    assert info.value.line == 3
    assert "TOML syntax error" in info.value.message


def test_find_project_walks_up(mini):
    deep = mini / "content" / "sections"
    assert find_project(deep) == mini.resolve()


def test_find_project_outside_any_project(tmp_path):
    with pytest.raises(ConfigError, match="no guide.toml"):
        find_project(tmp_path)


def test_problems_in_every_table_are_reported_together_in_the_files_order(mini):
    write(
        mini,
        '[guide]\nlocales = ["en", "ko"]\nout = ""\n\n'
        "[locales]\nfr = 3\n\n"
        '[locales.ko]\nsans = ["Noto Sans CJK KR", 3]\nformat_locale = "xx_QQ"\n\n'
        '[products.card]\nmax_pages = true\npapers = ["a3"]\n',
    )
    with pytest.raises(ErrorList) as info:
        load_config(mini)
    assert info.value.format(mini).splitlines() == [
        'guide.toml:3: guide.out is empty (name the output folder, such as "dist")',
        "guide.toml:6: [locales.fr] must be a table",
        'guide.toml:9: locales.ko.sans: 3 is not a font family name (name each family as text, such as "Noto Sans")',
        "guide.toml:10: locales.ko.format_locale 'xx_QQ' is not a locale code (use a Babel/CLDR code such as en_GB)",
        "guide.toml:13: products.card.max_pages must be a positive integer",  # true is not 1
        "guide.toml:14: products.card.papers: 'a3' is not a sheet size"
        " (use a4, letter, a5 or press (the product itself is always built))",
    ]


def test_an_unknown_locale_code_is_reported_once(mini):
    # Named in source_locale, a locale table and a bilingual pair too, it is still one problem, on its own line.
    write(
        mini,
        '[guide]\nlocales = ["en", "xx_QQ"]\nsource_locale = "xx_QQ"\n'
        '[locales.xx_QQ]\nlang = "xx"\n[products.card]\nbilingual = ["en+xx_QQ"]\n',
    )
    with pytest.raises(ConfigError) as info:
        load_config(mini)
    assert not isinstance(info.value, ErrorList)
    assert (info.value.line, info.value.message) == (2, "unknown locale code 'xx_QQ'")


def test_defaults_come_from_the_table_name_and_papers_are_kept_once(mini):
    write(
        mini,
        '[guide]\nlocales = ["ko", "en"]\n[locales.en]\nlang = "en-GB"\n'
        '[products.leaflet]\nbilingual = ["ko+en"]\npapers = ["letter", "press", "letter"]\n',
    )
    config = load_config(mini)
    assert config.source_locale == "ko"  # the first of guide.locales
    assert (config.locales["en"].lang, config.locales["en"].format_locale) == ("en-GB", "en")
    assert config.locales["ko"].fonts_named is False and config.locales["en"].fonts_named is False
    leaflet = config.products["leaflet"]
    assert (leaflet.template, leaflet.output, leaflet.max_pages) == ("leaflet.html.j2", "leaflet.pdf", None)
    assert leaflet.papers == ("letter", "press")
    assert leaflet.bilingual[0].reader == "ko" and leaflet.pairs_for("ko") == ["en"]
    assert config.products["card"].max_pages == 4  # the built-in products stay


def test_the_configuration_pages_guide_toml_shows_every_declared_key():
    page = (Path(__file__).resolve().parents[1] / "docs/configuration.md").read_text(encoding="utf-8")
    example = tomllib.loads(page.split("## `guide.toml`", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0])
    assert set(example["guide"]) == {key.name for key in GUIDE}
    assert set(example["locales"]["zh_Hant"]) == {key.name for key in LOCALE}
    assert set(example["products"]["card"]) == {key.name for key in PRODUCT}
