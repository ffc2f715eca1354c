"""Fonts: named fonts must be installed; every printed character must be in them."""

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from generator.config import load_config
from generator.errors import GuideError
from generator.fonts import Sample, charset, check_coverage, font_file


def test_configured_faces_resolve_to_the_noto_cjk_collections():
    path, index = font_file("Noto Sans CJK HK")
    assert path.name == "NotoSansCJK-Regular.ttc" and index >= 0
    assert ord("裏") in charset("Noto Sans CJK HK") and ord("한") in charset("Noto Sans CJK KR")


def test_a_character_missing_from_the_fonts_names_message_file_and_line(mini):
    config = load_config(mini)
    sample = Sample("ko", "세포 😀", "card.title", mini / "locales/ko/LC_MESSAGES/guide.po", 12)
    with pytest.raises(GuideError) as info:
        check_coverage(config, [sample], default=config.locales["ko"])
    assert info.value.format().startswith(
        f"{mini}/locales/ko/LC_MESSAGES/guide.po:12: card.title: character '😀' (U+1F600) is not in Noto Sans CJK KR"
    )


def test_build_refuses_a_translation_its_fonts_cannot_print(mini, tmp_path):
    po_path = mini / "locales/ko/LC_MESSAGES/guide.po"
    po = polib.pofile(str(po_path))
    entry = po.find("Ask each one.", msgctxt="card.intro")
    entry.msgstr = "하나씩 물어보십시오 😀"
    po.save()
    line = next(n for n, text in enumerate(po_path.read_text().splitlines(), 1) if "😀" in text)
    exe = Path(sys.executable).parent / "guide"
    result = subprocess.run(
        [str(exe), "--project", str(mini), "build", "--locale", "ko", "--product", "card", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert re.search(rf"guide\.po:{line}: card\.intro: character '😀' \(U\+1F600\)", result.stderr), result.stderr
    assert not list(tmp_path.rglob("*.pdf"))
