"""Traditional Chinese by region: zh_TW is set in the Taiwan face (Noto CJK TC), zh_Hant and zh_HK in
the Hong Kong one (Noto CJK HK). The two faces draw many characters differently (骨, 這, 起...)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from generator.config import default_fonts

from .conftest import FIXTURES
from .runners import guide


def test_the_region_picks_the_traditional_chinese_face() -> None:
    assert default_fonts("zh_TW").sans == ("Noto Sans CJK TC",)
    assert default_fonts("zh_Hant_TW").serif == ("Noto Serif CJK TC",)
    # No region, or Hong Kong and Macau: the HK face (CLDR's likely region of zh_Hant, TW, is not used).
    for code in ("zh_Hant", "zh_HK", "zh_Hant_HK", "zh_MO"):
        assert default_fonts(code).sans == ("Noto Sans CJK HK",), code
    assert default_fonts("zh_Hans").sans == ("Noto Sans CJK SC",)


def _fonts(pdf: Path) -> set[str]:
    with pikepdf.open(pdf) as doc:
        return {
            str(font["/BaseFont"]).split("+", 1)[-1]
            for page in doc.pages
            for font in page.obj["/Resources"]["/Font"].values()
        }


@pytest.mark.typeset
def test_a_taiwan_card_is_set_in_the_tc_face_and_a_hong_kong_one_in_hk(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "scripts", project)
    source = (project / "locales/zh_Hant/LC_MESSAGES/guide.po").read_text(encoding="utf-8")
    for code in ("zh_TW", "zh_HK"):
        target = project / f"locales/{code}/LC_MESSAGES/guide.po"
        target.parent.mkdir(parents=True)
        target.write_text(source.replace('"Language: zh_Hant\\n"', f'"Language: {code}\\n"'), encoding="utf-8")
    config = project / "guide.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"zh_Hant", "zh_Hans"', '"zh_Hant", "zh_TW", "zh_HK", "zh_Hans"'), encoding="utf-8")
    out = tmp_path / "o"
    args = ["--project", str(project), "build", "--product", "card", "--out", str(out)]
    result = guide(*args, "--locale", "zh_TW", "--locale", "zh_HK")
    assert result.returncode == 0, result.stderr
    taiwan, hong_kong = _fonts(out / "zh_TW/consult-card.pdf"), _fonts(out / "zh_HK/consult-card.pdf")
    assert "Noto-Sans-CJK-TC-Subset" in taiwan and not any("-HK-" in name for name in taiwan), taiwan
    assert "Noto-Sans-CJK-HK-Subset" in hong_kong and not any("-TC-" in name for name in hong_kong), hong_kong
