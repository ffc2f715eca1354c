"""Fonts: named fonts must be installed; every printed character must be in them."""

import io
import re
import unicodedata

import polib
import pytest

from generator.config import load_config
from generator.errors import GuideError
from generator.fonts import Sample, charset, check_coverage, font_file

from .conftest import ROOT
from .runners import guide


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
    result = guide("--project", str(mini), "build", "--locale", "ko", "--product", "card", "--out", str(tmp_path))
    assert result.returncode == 1
    assert re.search(rf"guide\.po:{line}: card\.intro: character '😀' \(U\+1F600\)", result.stderr), result.stderr
    assert not list(tmp_path.rglob("*.pdf"))


def test_prepared_faces_hold_the_characters_and_are_cached(tmp_path):
    from fontTools.ttLib import TTFont

    from generator.fonts import prepare_faces

    faces = prepare_faces(["Noto Sans CJK KR"], "세포 출처 裏", tmp_path)
    assert [(face.family, face.weight) for face in faces] == [("Noto Sans CJK KR", 400), ("Noto Sans CJK KR", 700)]
    regular = faces[0].path
    with TTFont(regular) as font:
        cmap = font.getBestCmap()
        assert {ord(c) for c in "세포출처裏AZaz09“”"} <= set(cmap)
        assert ord("한") not in cmap  # not in the text: cut away
        # from 65,535; every feature is kept, and with it the glyphs it reaches (Hangul jamo, ccmp...)
        assert len(font.getGlyphOrder()) < 2000
    stamp = regular.stat().st_mtime_ns
    assert prepare_faces(["Noto Sans CJK KR"], "세포 출처 裏", tmp_path)[0].path == regular  # cached
    assert regular.stat().st_mtime_ns == stamp
    assert prepare_faces(["Noto Sans CJK KR"], "세포 출처 한", tmp_path)[0].path != regular  # new characters


def test_the_pdfs_embed_the_prepared_faces(mini_build):
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(mini_build / "ko/consult-card.pdf").pages:
        names |= {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    # (and the Latin-only face of the form fields, and the English reference's Noto Sans: the mini project's
    # English names no fonts, so it gets its script's, used as installed, as every small face is)
    pattern = r"\+(Noto-(Sans|Serif)-CJK-(KR|HK)-Subset|Guide-Form-Field|Noto-Sans$)"
    assert names and all(re.search(pattern, name) for name in names), names


def test_missing_harfbuzz_subset_is_a_clear_warning(monkeypatch, caplog):
    import ctypes.util

    from generator.fonts import warn_if_slow_subsetting

    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    warn_if_slow_subsetting()
    assert "install libharfbuzz-subset0" in caplog.text


def test_font_subsets_hold_only_characters_from_text():
    # templates/ holds a binary font beside the text: its bytes are not characters to print.
    from generator.pipeline import characters

    config = load_config(ROOT)
    chars = characters(config, list(config.locales))
    stray = [f"U+{ord(c):04X}" for c in chars if c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in "\n\t")]
    assert stray == []
    assert {"問", "질", "Q"} <= set(chars)


@pytest.mark.typeset
def test_documents_share_a_font_configuration_only_when_their_faces_are_the_same(tmp_path, monkeypatch):
    """A process keeps WeasyPrint's font configuration between documents (typeset.fontconfigs), by
    their @font-face rules: the same family name on another file must not get the first one's face,
    and a font file that may change on disk (not a prepared face) gets no kept configuration."""
    import shutil

    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    from generator.typeset import Typesetting, fontconfigs, typeset

    monkeypatch.setenv("GUIDE_CACHE_DIR", str(tmp_path / "cache"))
    prepared = tmp_path / "cache/fonts"  # where prepared faces are kept, named by their content
    prepared.mkdir(parents=True)
    for name, family in (("a.ttf", "Noto Sans"), ("b.ttf", "Noto Serif")):
        shutil.copy(font_file(family)[0], prepared / name)

    def html(url: str) -> str:
        rule = f'@font-face {{ font-family: "Face"; src: url("{url}"); }} p {{ font-family: "Face" }}'
        return f'<html lang="en"><style>{rule}</style><p>Hello</p>'

    def family_printed(name: str) -> str:
        pdf, _ = typeset(html((prepared / name).as_uri()), Typesetting(tmp_path, (tmp_path,), None, name))
        (resource,) = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
        descriptor = resource.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        return str(embedded["name"].getDebugName(1))

    assert family_printed("a.ttf") == "Noto Sans"
    first = fontconfigs.kept(html((prepared / "a.ttf").as_uri()))
    assert first is not None
    assert family_printed("b.ttf") == "Noto Serif"
    assert family_printed("a.ttf") == "Noto Sans"
    assert fontconfigs.kept(html((prepared / "a.ttf").as_uri())) is first  # kept, and used again
    assert fontconfigs.kept(html("fonts/a.ttf")) is None  # a project's file: read afresh each time


@pytest.mark.typeset
def test_a_forked_worker_leaves_the_kept_font_configurations_of_its_parent_alone(tmp_path, monkeypatch):
    """A build's workers are forked from a process that may have kept font configurations: a worker
    that frees its copies must not delete their font files, which the parent still uses."""
    import os
    import shutil

    from generator.typeset import Typesetting, fontconfigs, typeset

    monkeypatch.setenv("GUIDE_CACHE_DIR", str(tmp_path / "cache"))
    prepared = tmp_path / "cache/fonts"
    prepared.mkdir(parents=True)
    shutil.copy(font_file("Noto Sans")[0], prepared / "a.ttf")
    url = (prepared / "a.ttf").as_uri()
    rule = f'@font-face {{ font-family: "Face"; src: url("{url}"); }} p {{ font-family: "Face" }}'
    html = f'<html lang="en"><style>{rule}</style><p>Hello</p>'
    typeset(html, Typesetting(tmp_path, (tmp_path,), None, "before"))
    folder = fontconfigs.kept(html)._folder
    assert folder is not None and any(folder.iterdir())
    child = os.fork()
    if child == 0:  # a worker ending: what it holds is freed (run as its interpreter would, at exit)
        for config in list(fontconfigs._FONT_CONFIGS.values()):
            config.__del__()
        os._exit(0)
    os.waitpid(child, 0)
    assert any(folder.iterdir()), "the parent's copies of its faces are still there"
    typeset(html, Typesetting(tmp_path, (tmp_path,), None, "after"))


@pytest.mark.typeset
def test_a_build_leaves_no_copies_of_its_fonts_in_the_temporary_folder(mini, tmp_path):
    """WeasyPrint copies a document's faces into a temporary folder; a worker keeps them between
    documents (typeset.fontconfigs) and removes them when it ends, as the build's main process does."""
    import os
    import subprocess

    from .runners import GUIDE

    temp = tmp_path / "tmp"
    temp.mkdir()
    for jobs in ("2", "1"):  # in worker processes, and in this one
        run = subprocess.run(
            [GUIDE, "--project", str(mini), "build", "--force", "--product", "card", "--jobs", jobs],
            capture_output=True, text=True, check=False, env={**os.environ, "TMPDIR": str(temp)},
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert not list(temp.glob("weasyprint-*")), jobs
