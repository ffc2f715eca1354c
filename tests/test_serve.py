"""`guide serve`: a real server in a subprocess on a free port, a catalogue edited while it runs."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator import GuideError, load_config
from generator.publish.serve import Preview, serve

from .conftest import FIXTURES, pdf_text
from .serving import edit


def test_a_saved_catalogue_rebuilds_its_locale_and_a_broken_one_is_shown_on_the_page(served, mini):
    po = mini / "locales/ko/LC_MESSAGES/guide.po"
    card = served.out / "ko/consult-card.pdf"
    en_card = served.out / "en/consult-card.pdf"
    assert "세가지질문" in "".join(pdf_text(card)).replace(" ", "")
    status, kind, body = served.get("/ko/consult-card.pdf")
    assert status == 200 and kind == "application/pdf" and body.startswith(b"%PDF")
    en_built = en_card.stat().st_mtime_ns

    version = served.status()["version"]
    edit(po, 'msgstr "세 가지 질문"', 'msgstr "꼭 물어볼 세 가지"')
    served.wait_for_version_after(version)
    assert "꼭물어볼세가지" in "".join(pdf_text(card)).replace(" ", "")
    assert en_card.stat().st_mtime_ns == en_built, "a ko catalogue change rebuilt only ko"
    html = served.get("/")[2].decode()
    assert "꼭 물어볼 세 가지" in html  # the card's title, read from the rebuilt PDF
    assert "/_guide/status" in html  # the served page reloads itself; the file on disk has no script
    assert "<script" not in (served.out / "index.html").read_text(encoding="utf-8")

    version = served.status()["version"]
    shutil.copy(FIXTURES / "broken/ko-unterminated.po", po)
    served.wait_for_version_after(version)
    expected = (
        "error: locales/ko/LC_MESSAGES/guide.po:16: PO syntax error: 'msgstr \"하나씩 물어보십시오.' "
        "(close the string with a double quote)"
    )
    assert expected in served.stdout
    html = served.get("/")[2].decode()
    assert expected.replace("'", "&#39;").replace('"', "&#34;") in html
    assert served.get("/ko/consult-card.pdf")[0] == 200  # the last good PDF is still served

    version = served.status()["version"]
    shutil.copy(FIXTURES / "mini/locales/ko/LC_MESSAGES/guide.po", po)
    served.wait_for_version_after(version)
    html = served.get("/")[2].decode()
    assert "error:" not in html
    assert "세가지질문" in "".join(pdf_text(card)).replace(" ", "")

    assert served.stop() == 0
    assert "Stopped." in served.stdout
    assert not any("Traceback" in line for line in served.stderr), served.stderr


def test_a_port_in_use_is_a_one_line_error(mini):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        exe = Path(sys.executable).parent / "guide"
        result = subprocess.run(
            [str(exe), "--project", str(mini), "serve", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: port {port} is already in use (pick another with --port N, or --port 0 for any free one)"
    )


def test_a_port_in_use_starts_no_thread(mini):
    # A warm worker's thread importing pikepdf while the process exits aborts it ("Critical
    # nanobind error", exit -6): CI saw it once in 30 runs. The port is taken before anything starts.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        before = {thread.name for thread in threading.enumerate()}
        with pytest.raises(GuideError, match="already in use"):
            serve(load_config(mini), mini / "dist", port=taken.getsockname()[1])
    assert {thread.name for thread in threading.enumerate()} == before
    assert not (mini / "dist").exists()  # nor leaves an empty output folder behind


def test_what_a_saved_file_rebuilds(mini):
    # the build's own inputs decide (pipeline.inputs; every kind: tests/test_inputs.py): a glossary
    # term shapes its locale's card (the gate, line breaking); the POT shapes no PDF
    preview = Preview(load_config(mini), mini / "dist")
    root = mini.resolve()
    edit(mini / "locales/ko/LC_MESSAGES/guide.po", 'msgstr "세 가지 질문"', 'msgstr "꼭 물어볼 세 가지"')
    assert preview.scope() == (False, ["ko"])
    (mini / "locales/guide.pot").write_text((mini / "locales/guide.pot").read_text() + "\n")
    assert preview.scope() == (False, [])
    (mini / "locales/glossary.yaml").write_text("terms:\n  - id: doctor\n    en: doctor\n    ko: 의사\n", "utf-8")
    assert preview.scope() == (False, ["ko"])
    edit(mini / "content/guide.yaml", "Not medical advice.", "Not medical advice at all.")
    assert preview.scope() == (False, None)
    edit(mini / "guide.toml", "2026-01-15", "2026-02-01")
    assert preview.scope() == (True, None)
    folders, project = preview.watched()
    assert project == root and {root / "content", root / "locales"} <= set(folders)
    assert all(root / "dist" not in (f, *f.parents) for f in folders)  # its own output never triggers a build


@pytest.mark.typeset
def test_after_a_catalogue_edit_its_card_is_built_and_shown_first(mini):
    # What the translator is looking at: the edited locale's card, published (the page reloads)
    # before that locale's guide is typeset.
    order: list[str] = []
    said: list[str] = []
    preview = Preview(load_config(mini), mini / "dist", lambda output: order.append(output.path.name), said.append)
    try:
        preview.rebuild()
        edit(mini / "locales/ko/LC_MESSAGES/guide.po", 'msgstr "세 가지 질문"', 'msgstr "꼭 물어볼 세 가지"')
        order.clear()
        version = preview.status.version
        preview.rebuild(["ko"])
        preview.rebuild()
    finally:
        preview.close()
    assert order[0] == "consult-card.pdf" and "guide.pdf" in order[1:]
    assert preview.status.version == version + 3  # reloaded with the card, then with everything (then again)
    # what each rebuild did: the card made first counts as built, not as up to date
    assert [re.sub(r"[\d.]+ s", "T s", line) for line in said] == [
        "Built 4 PDF(s) in T s.",
        "Built 2 PDF(s) in T s.",
        "4 PDF(s) up to date.",
    ]
    assert "꼭물어볼세가지" in "".join(pdf_text(mini / "dist/ko/consult-card.pdf")).replace(" ", "")
