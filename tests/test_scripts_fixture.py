"""The multi-script fixture (tests/fixtures/scripts): many scripts, both directions, every message translated.

It is the sample the script and direction tests build; here only its catalogues are checked,
so these tests need no PDF.
"""

from __future__ import annotations

import collections
import shutil
import subprocess
import tomllib
import unicodedata
from pathlib import Path

import polib
import pytest
import uharfbuzz as hb

from generator.config import load_config
from generator.content import load_content
from generator.messages import extract
from generator.messages.checks import check_project
from generator.paths import BUILTIN_TEMPLATES

PROJECT = Path(__file__).parent / "fixtures" / "scripts"
GENERATOR_POT = Path(__file__).resolve().parents[1] / "generator" / "locale" / "generator.pot"
# Locales written in a script that HarfBuzz shapes with a complex shaper, and the Noto family for it.
COMPLEX = {
    "ar": "Noto Sans Arabic", "fa": "Noto Sans Arabic", "ur": "Noto Nastaliq Urdu", "he": "Noto Sans Hebrew",
    "th": "Noto Sans Thai", "hi": "Noto Sans Devanagari", "bn": "Noto Sans Bengali", "ta": "Noto Sans Tamil",
    "km": "Noto Sans Khmer", "my": "Noto Sans Myanmar", "lo": "Noto Sans Lao",
}  # fmt: skip


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(PROJECT / "locales" / locale / "LC_MESSAGES" / "guide.po"))


def script_of(text: str) -> str:
    """The script most of a text's letters are in, by Unicode name (Japanese kana and kanji count as one)."""
    names = [unicodedata.name(c, "?").split()[0] for c in text if c.isalpha()]
    names = ["JAPANESE" if n in ("HIRAGANA", "KATAKANA") else n for n in names]
    counts = collections.Counter(n for n in names if n != "LATIN") or collections.Counter(names)
    if "JAPANESE" in counts:  # kanji are CJK too: any kana makes the text Japanese
        return "JAPANESE"
    return counts.most_common(1)[0][0]


def test_many_scripts_both_directions_no_fonts():
    raw = tomllib.loads((PROJECT / "guide.toml").read_text(encoding="utf-8"))
    assert set(raw) == {"guide"} and set(raw["guide"]) == {"source_locale", "locales", "edition"}  # no fonts named
    config = load_config(PROJECT)
    others = [code for code in config.locales if code != config.source_locale]
    assert len(others) >= 12
    scripts = {code: script_of(" ".join(e.msgstr for e in catalogue(code))) for code in others}
    assert {scripts[c] for c in ("ar", "fa", "ur")} == {"ARABIC"} and scripts["he"] == "HEBREW"
    assert scripts["ja"] == "JAPANESE" and scripts["ko"] == "HANGUL"
    assert scripts["zh_Hant"] == scripts["zh_Hans"] == "CJK"
    assert scripts["vi"] == "LATIN" and scripts["ru"] == "CYRILLIC"
    assert len(set(scripts.values()) | {"LATIN"}) >= 8, scripts


def test_every_message_translated_and_clean():
    config = load_config(PROJECT)
    pot = extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES)
    wanted = {(e.msgctxt, e.msgid) for e in pot}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(config.pot_path))}
    assert wanted <= committed, "run `guide extract`"
    # The built-in templates' own strings may stay in a project's POT: the generator ships them translated.
    assert committed - wanted <= {(e.msgctxt, e.msgid) for e in polib.pofile(str(GENERATOR_POT))}, "run `guide extract`"
    # The generator's strings other locales translate themselves may stay empty: the generator's translation prints.
    shipped = {(e.msgctxt, e.msgid) for e in polib.pofile(str(GENERATOR_POT))}
    for code in config.locales:
        if code == config.source_locale:
            continue
        po = catalogue(code)
        assert wanted <= {(e.msgctxt, e.msgid) for e in po}, f"{code}: run `guide update`"
        assert wanted - shipped <= {(e.msgctxt, e.msgid) for e in po.translated_entries()}, code
        assert not po.fuzzy_entries() and not po.obsolete_entries(), code
    # guide check: no error and no warning (placeholders, PMIDs, numbers, markup, headers) in any locale
    assert [str(p) for p in check_project(config, list(config.locales))] == []


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig not installed")
@pytest.mark.parametrize("locale", sorted(COMPLEX))
def test_text_shapes_without_broken_clusters(locale: str):
    """A mistyped cluster (a mark before its base, a stray virama) makes HarfBuzz insert a dotted circle."""
    family = COMPLEX[locale]
    found = subprocess.run(["fc-match", "-f", "%{family[0]}\t%{file}", family], capture_output=True, text=True)
    name, _, path = found.stdout.partition("\t")
    if name != family:
        pytest.skip(f"{family} not installed (Debian fonts-noto-core)")
    font = hb.Font(hb.Face(hb.Blob.from_file_path(path)))
    dotted = font.get_nominal_glyph(0x25CC)
    assert dotted
    for entry in catalogue(locale):
        buffer = hb.Buffer()
        buffer.add_str(entry.msgstr)
        buffer.guess_segment_properties()
        hb.shape(font, buffer)
        assert dotted not in [info.codepoint for info in buffer.glyph_infos], f"{locale}: {entry.msgstr!r}"
