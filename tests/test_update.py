"""guide extract + guide update never lose a translation, whatever the editor does.

Every translation made so far must still be in the catalogue after each edit:
translated, fuzzy (with the previous msgid, #|) or obsolete (#~).
"""

import shutil
from pathlib import Path

import polib
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.content import load_content
from generator.messages import extract, update, write_catalog
from generator.render import BUILTIN_TEMPLATES

from .conftest import FIXTURES

WORDS = ["cells", "dose", "clinic", "consult", "evidence", "risk", "source", "passage", "number", "review"]
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
edit = st.one_of(
    st.tuples(st.just("change"), st.integers(0, 20), sentence),
    st.tuples(st.just("reword"), st.integers(0, 20), st.sampled_from(WORDS)),
    st.tuples(st.just("add"), st.integers(0, 20), sentence),
    st.tuples(st.just("remove"), st.integers(0, 20), st.none()),
    st.tuples(st.just("translate"), st.integers(0, 20), st.none()),
)


def extract_and_update(project: Path) -> None:
    config = load_config(project)
    write_catalog(config.pot_path, extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES))
    update(config, "ko")


def translations(po: polib.POFile) -> set[str]:
    return {e.msgstr for e in po if e.msgstr}


def current(po: polib.POFile) -> dict[tuple[str | None, str], str]:
    """The translator's latest translation of each live entry."""
    return {(e.msgctxt, e.msgid): e.msgstr for e in po if e.msgstr and not e.obsolete}


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(edit, min_size=1, max_size=6))
# a fuzzy entry retranslated, then its unit edited again (found by hypothesis)
@example(edits=[("translate", 0, None), ("change", 0, "Cells dose."), ("translate", 0, None), ("reword", 0, "risk")])
def test_no_translation_is_ever_lost(tmp_path_factory, edits):
    project = tmp_path_factory.mktemp("p") / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    section = project / "content/sections/02-more.yaml"
    blocks = [{"id": f"p{n}", "p": f"Paragraph {n} about the clinic and the dose."} for n in range(4)]
    counter = [len(blocks)]
    serial = [0]  # makes every translation unique

    def save() -> None:
        section.write_text(yaml.safe_dump({"id": "more", "title": "More", "blocks": blocks}, allow_unicode=True))

    save()
    extract_and_update(project)
    po_path = project / "locales/ko/LC_MESSAGES/guide.po"
    made: dict[tuple[str | None, str], str] = current(polib.pofile(str(po_path)))

    for kind, index, value in edits:
        if kind == "change" and blocks:
            blocks[index % len(blocks)]["p"] = value
        elif kind == "reword" and blocks:
            block = blocks[index % len(blocks)]
            block["p"] = block["p"].rstrip(".") + f" {value}."
        elif kind == "add":
            blocks.insert(index % (len(blocks) + 1), {"id": f"p{counter[0]}", "p": value})
            counter[0] += 1
        elif kind == "remove" and len(blocks) > 1:
            blocks.pop(index % len(blocks))
        elif kind == "translate":
            po = polib.pofile(str(po_path))
            for entry in (e for e in po if not e.obsolete and e.msgctxt.startswith("more.")):
                # the translator overwrites what this entry held (a fuzzy entry holds an older
                # translation, made for its previous msgid): that one is replaced, not lost
                made = {key: value for key, value in made.items() if value != entry.msgstr}
                serial[0] += 1
                entry.msgstr = f"번역 {serial[0]} {entry.msgid}"
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            po.save()
            made.update(current(polib.pofile(str(po_path))))  # a retranslation replaces the old one
            continue
        save()
        extract_and_update(project)
        po = polib.pofile(str(po_path))
        assert set(made.values()) <= translations(po), set(made.values()) - translations(po)
        for entry in po:
            if "fuzzy" in entry.flags and not entry.obsolete:
                assert entry.previous_msgid, entry  # the translator sees what changed


def test_update_agrees_with_msgmerge_previous(mini, tmp_path):
    """The same entries become fuzzy (with the same #| msgid) and obsolete as with GNU msgmerge."""
    import subprocess

    path = mini / "content/sections/01-basics.yaml"
    text = path.read_text()
    text = text.replace("Who is the responsible doctor?", "Who, by name, is the responsible doctor?")
    text = text.replace("        text: Ask in writing.\n", "        text: Ask in writing, early.\n")
    path.write_text(text.replace("      - id: dose\n        text: How many cells are in one dose?\n", ""))
    guide_yaml = mini / "content/guide.yaml"
    guide_yaml.write_text(guide_yaml.read_text().replace("Ask in writing.", "Ask in writing, early."))
    po_path = mini / "locales/ko/LC_MESSAGES/guide.po"
    before = po_path.read_text()
    extract_and_update(mini)
    ours = polib.pofile(str(po_path))
    gnu_in = tmp_path / "in.po"
    gnu_in.write_text(before)
    gnu_out = tmp_path / "gnu.po"
    subprocess.run(
        ["msgmerge", "--previous", "-q", str(gnu_in), str(mini / "locales/guide.pot"), "-o", str(gnu_out)], check=True
    )
    gnu = polib.pofile(str(gnu_out))

    def summary(po):
        fuzzy = {(e.msgctxt, e.msgid, e.previous_msgid, e.msgstr) for e in po if "fuzzy" in e.flags and not e.obsolete}
        obsolete = {(e.msgctxt, e.msgid, e.msgstr) for e in po if e.obsolete}
        return fuzzy, obsolete

    # a project's own translation of a string the generator ships is in the template: msgmerge keeps it too
    assert ("card", "Keep in mind", "기억할 점") in {(e.msgctxt, e.msgid, e.msgstr) for e in gnu if not e.obsolete}
    assert summary(ours) == summary(gnu)
    fuzzy, obsolete = summary(ours)
    assert (
        "basics.ask.doctor",
        "Who, by name, is the responsible doctor?",
        "Who is the responsible doctor?",
        "책임 의사는 누구입니까?",
    ) in fuzzy
    assert (
        "basics.ask.dose",
        "How many cells are in one dose?",
        "1회 투여량에 세포가 몇 개 들어 있습니까?",
    ) in obsolete


def test_catalogues_we_write_pass_msgfmt_check(mini):
    import subprocess

    extract_and_update(mini)
    for path in [mini / "locales/guide.pot", mini / "locales/ko/LC_MESSAGES/guide.po"]:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
