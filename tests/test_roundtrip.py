"""Every shipped catalogue survives the tools translators run on it, losing nothing.

GNU msgmerge/msgcat (Poedit's "Update from POT", Weblate's msgmerge add-on) and translate-toolkit
(Weblate's own reader and writer, pot2po) are run over the repository's catalogues and the
fixtures': no line changes, no entry is lost, and a card built after msgmerge prints the same text.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from generator import BuildOptions, build, load_config
from generator.content import load_content
from generator.messages import extract, update, write_catalog
from generator.render import BUILTIN_TEMPLATES

from .conftest import FIXTURES, ROOT, pdf_text
from .test_pofile import changed_lines, msgcat, msgmerge

pytest.importorskip("translate.storage.pypo")
pytestmark = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")

# The catalogues as `guide update` leaves them: the repository's, the multi-script fixture's.
SHIPPED = [ROOT / "locales", FIXTURES / "scripts/locales"]
CATALOGUES = [po for folder in SHIPPED for po in sorted(folder.glob("*/LC_MESSAGES/guide.po"))]


def translations(path: Path) -> set[tuple[str | None, str, str]]:
    """(context, msgid, msgstr) of every live translated entry: what a tool must not lose."""
    return {(e.msgctxt, e.msgid, e.msgstr) for e in polib.pofile(str(path)) if not e.obsolete and e.msgstr}


def repository_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's guide."""
    project = tmp_path / "guide"
    project.mkdir()
    for name in ("guide.toml", "content", "locales", "templates"):
        if (ROOT / name).exists():
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    return project


def label(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def updated_mini(mini: Path) -> Path:
    """The mini fixture's catalogue (hand-written: its tests edit its lines) as `guide update` writes it."""
    config = load_config(mini)
    write_catalog(config.pot_path, extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES))
    update(config, "ko")
    return config.po_path("ko")


def test_the_mini_fixture_once_updated_keeps_every_line_and_entry(mini: Path, tmp_path: Path) -> None:
    kept = translations(mini / "locales/ko/LC_MESSAGES/guide.po")
    path = updated_mini(mini)
    assert translations(path) == kept
    test_msgmerge_and_msgcat_keep_every_line(path, tmp_path)
    test_translate_toolkit_keeps_every_byte_and_entry(path, tmp_path)


@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_msgmerge_and_msgcat_keep_every_line(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    merged = msgmerge(path, path.parents[2] / "guide.pot", tmp_path)
    assert changed_lines(text, merged) == [], "msgmerge --update --previous rewrites it"
    assert changed_lines(text, msgcat(path)) == [], "msgcat rewrites it"


@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_translate_toolkit_keeps_every_byte_and_entry(path: Path, tmp_path: Path) -> None:
    """Weblate reads and saves with translate-toolkit's pypo; pot2po is its "update from POT"."""
    from translate.convert import pot2po
    from translate.storage import pypo

    data = path.read_bytes()
    assert bytes(pypo.pofile.parsestring(data)) == data  # a save that changed no entry
    out = tmp_path / "pot2po.po"
    with open(path.parents[2] / "guide.pot", "rb") as pot, open(out, "wb") as output, open(path, "rb") as old:
        pot2po.convertpot(pot, output, old)
    assert translations(path) <= translations(out)


def test_guide_update_undoes_translate_toolkits_wrapping(tmp_path: Path) -> None:
    """An entry edited in Weblate is written with translate-toolkit's wrapping (Korean words kept whole,
    a break allowed before 。): `guide update` puts gettext's back, so only real edits stay in the diff."""
    from translate.storage import pypo

    config = load_config(repository_copy(tmp_path))
    path = config.po_path("ko")
    original = path.read_bytes()
    store = pypo.pofile.parsestring(original)
    for unit in store.units:  # as if every entry had been edited: translate-toolkit rewraps each one
        if unit.target:
            unit.target, unit.target = unit.target + ".", unit.target
    path.write_bytes(bytes(store))
    rewrapped = changed_lines(original.decode(), path.read_text(encoding="utf-8"))
    assert len(rewrapped) > 100  # its wrapping is not gettext's
    update(config, "ko")
    assert path.read_bytes() == original


@pytest.mark.typeset
def test_an_override_of_a_generator_string_survives_msgmerge_into_the_pdf(tmp_path: Path) -> None:
    """zh_Hant's own footer, 第1頁，共2頁 (the generator ships 第 1 頁…), is kept by msgmerge and printed."""
    config = load_config(repository_copy(tmp_path))
    before = build(config, BuildOptions(tmp_path / "before", ["zh_Hant"], ["card"], jobs=1, variants=False))
    path = config.po_path("zh_Hant")
    subprocess.run(["msgmerge", "-q", "--previous", "-U", "--backup=off", str(path), str(config.pot_path)], check=True)
    options = BuildOptions(tmp_path / "after", ["zh_Hant"], ["card"], jobs=1, variants=False)  # the card alone
    after = build(load_config(config.root), options)
    pdfs = sorted((tmp_path / "before").rglob("*.pdf"))
    assert pdfs and before is not None and after is not None
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert "第1頁，共" in "".join(text)
        assert pdf_text(tmp_path / "after" / pdf.relative_to(tmp_path / "before")) == text


def test_a_catalogue_merged_without_its_overrides_gets_them_back(mini: Path, tmp_path: Path) -> None:
    """A tool that merged with an older template made the overrides obsolete: extract lists them again
    (they hold translations) and update revives them."""
    config = load_config(mini)
    path = updated_mini(mini)
    kept = translations(path)
    assert ("card", "Keep in mind", "기억할 점") in kept
    old_pot = tmp_path / "old.pot"
    pot = polib.pofile(str(config.pot_path))
    for entry in [e for e in pot if "Generator string" in e.comment]:
        pot.remove(entry)
    pot.save(str(old_pot))
    subprocess.run(["msgmerge", "-q", "--previous", "-U", "--backup=off", str(path), str(old_pot)], check=True)
    assert ("card", "Keep in mind", "기억할 점") not in translations(path)  # obsolete now (#~)
    write_catalog(config.pot_path, extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES))
    update(config, "ko")
    assert translations(path) == kept
