"""What translators' tools get from the project: the glossary as TBX and CSV, a source
locale without a catalogue (so Weblate's mask and pocount see only real translations),
and compiled catalogues kept out of version control."""

from __future__ import annotations

import csv
import io
import subprocess
from xml.etree import ElementTree as ET

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
    by_id = {e.get("id"): e for e in entries}
    for term in terms:
        langs = {ls.get(XML_LANG): ls.find("tig/term").text for ls in by_id[term.id].findall("langSet")}
        assert langs["en"] == term.source
        if term.keep:
            assert by_id[term.id].find("descrip[@type='Translation needed']").text == "No"
            assert langs["ko"] == langs["zh-Hant-HK"] == term.source
        else:
            assert langs["ko"] == term.targets["ko"] and langs["zh-Hant-HK"] == term.targets["zh_Hant"]


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
