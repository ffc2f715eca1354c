"""What translators' tools get from the project: the glossary as TBX and CSV, a source
locale without a catalogue (so Weblate's mask and pocount see only real translations),
and compiled catalogues kept out of version control."""

from __future__ import annotations

import csv
import io
import subprocess
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.messages.glossary import load_glossary

from .conftest import ROOT

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["--project", str(ROOT), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_glossary_as_tbx_holds_every_term_in_every_language() -> None:
    terms = load_glossary(ROOT / "locales/glossary.yaml", "en", ROOT)
    root = ET.fromstring(run("glossary", "--format", "tbx").encode("utf-8"))
    entries = root.findall(".//termEntry")
    assert [e.get("id") for e in entries] == [t.id for t in terms]
    assert all(d.get("type") for d in root.iter("descrip"))  # TBX types every descrip
    by_id = {e.get("id"): e for e in entries}
    for term in terms:
        langs = {ls.get(XML_LANG): ls.find("tig/term").text for ls in by_id[term.id].findall("langSet")}
        assert langs["en"] == term.source
        if term.keep:
            assert by_id[term.id].find("descrip[@type='Translation needed']").text == "No"
            assert langs["ko"] == langs["zh-Hant"] == term.source
        else:
            assert langs["ko"] == term.targets["ko"] and langs["zh-Hant"] == term.targets["zh_Hant"]


@pytest.mark.parametrize("locale", ["ko", "zh_Hant"])
def test_translate_toolkit_finds_every_term_and_only_its_locales_notes(locale: str, tmp_path) -> None:
    """Weblate reads a glossary file per language with translate-toolkit, the language named as the file is."""
    tbx = pytest.importorskip("translate.storage.tbx")
    terms = {t.id: t for t in load_glossary(ROOT / "locales/glossary.yaml", "en", ROOT)}
    out = tmp_path / f"{locale}.tbx"
    run("glossary", "--format", "tbx", "--locale", locale, "--out", str(out))
    store = tbx.tbxfile.parsefile(str(out))
    store.setsourcelanguage("en")
    store.settargetlanguage(locale)
    found = {unit.getid(): unit for unit in store.units}
    assert found.keys() == terms.keys()
    for term_id, unit in found.items():
        term = terms[term_id]
        assert (unit.source, unit.target) == (term.source, term.source if term.keep else term.targets[locale])
        assert unit.getnotes("definition") == " ".join((term.note or "").split())
        assert unit.getnotes("translator") == " ".join(term.notes.get(locale, "").split())
    other = {"ko": "zh_Hant", "zh_Hant": "ko"}[locale]
    assert not any(note in out.read_text() for t in terms.values() if (note := t.notes.get(other)))


def test_glossary_as_csv_for_one_locale() -> None:
    terms = load_glossary(ROOT / "locales/glossary.yaml", "en", ROOT)
    rows = list(csv.DictReader(io.StringIO(run("glossary", "--format", "csv", "--locale", "ko"))))
    assert [(r["source"], r["target"]) for r in rows] == [
        (t.source, t.source if t.keep else t.targets["ko"]) for t in terms
    ]
    result = CliRunner().invoke(main, ["--project", str(ROOT), "glossary", "--format", "csv"])
    assert result.exit_code == 2 and "exactly one --locale" in result.output


def test_the_source_locale_has_no_catalogue_and_mo_files_are_ignored() -> None:
    catalogues = sorted(p.parent.parent.name for p in ROOT.glob("locales/*/LC_MESSAGES/guide.po"))
    assert "en" not in catalogues and catalogues  # Weblate's mask locales/*/LC_MESSAGES/guide.po: translations only
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", "locales/ko/LC_MESSAGES/guide.mo"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0
