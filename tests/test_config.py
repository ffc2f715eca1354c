"""Config stage: guide.toml is validated, and all problems are reported together."""

from pathlib import Path

import pytest

from generator.config import find_project, load_config
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
    lines = info.value.format().splitlines()
    assert any("guide.toml:3: guide.edition must be date" in line for line in lines)
    assert any("guide.toml:4: unknown key guide.colour" in line for line in lines)
    assert any("guide.toml:7: unknown key locales.ko.font" in line for line in lines)


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
