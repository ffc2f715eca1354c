"""A catalogue cannot put a script, an image, a style or a different link on a page.

Each injection is written into the mini fixture's Korean catalogue. Three layers
are shown for each: ``guide check`` reports it on its msgstr line; ``guide build``
refuses the product with the same problem on the same line and writes no PDF;
and, as a backstop, the same catalogue typeset with the gate bypassed gives a
PDF without the payload as an image, a link annotation or active content (it
is escaped text at most). And WeasyPrint fetches nothing from the network.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from .conftest import pdf_text, squash, typeset_without_gate
from .runners import guide

pytestmark = pytest.mark.typeset  # every test here lays out a document (tests/tiers.py)

PO = "locales/ko/LC_MESSAGES/guide.po"
# (case, context, translation, product, problem guide check reports, text that must not become active)
INJECTIONS = [
    ("script", "card.intro", "하나씩 <script>alert(1)</script>물어보십시오.", "card",
     "HTML is not allowed in a translation", "alert(1)"),
    ("img", "card.intro", '하나씩 물어보십시오.<img src="http://127.0.0.1:9/x.png">', "card",
     "HTML is not allowed in a translation", "127.0.0.1"),
    ("style-attribute", "card.intro", '<span style="color:#fff;font-size:1pt">하나씩</span> 물어보십시오.', "card",
     "HTML is not allowed in a translation", "color:#fff"),
    ("javascript-link", "card.intro", "하나씩 [물어보십시오](javascript:alert(1)).", "card",
     "links differ from the source", "javascript:"),
    ("changed-url", "basics.intro", "**굵은** 글과 [링크](https://evil.example/) 그리고 問清楚.", "guide",
     "links differ from the source", "evil.example"),
    ("added-link", "card.intro", "[하나씩 물어보십시오](https://evil.example/).", "card",
     "links differ from the source", "evil.example"),
    ("unbalanced-markup", "card.intro", "**하나씩* 물어보십시오.", "card",
     "inline markup (* or **) differs from the source", "**"),
    ("unbalanced-tag", "card.intro", "<b>하나씩 물어보십시오.", "card",
     "HTML is not allowed in a translation", "<b>"),
]  # fmt: skip


def inject(project: Path, context: str, translation: str) -> int:
    """Set the translation of ``context``; return its msgstr line."""
    path = project / PO
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == context)
    entry.msgstr = translation
    po.save()
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line == f'msgctxt "{context}"')
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("msgstr"))


def active_content(pdf: Path) -> tuple[list[str], int, list[str]]:
    """(link targets, images, document-level actions and scripts) of a PDF."""
    reader = PdfReader(pdf)
    uris, images = [], 0
    for page in reader.pages:
        images += len(page.images)
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                action = action.get_object()
                uris.append(str(action.get("/URI") or action.get("/S")))
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    actions = [key for key in ("/OpenAction", "/AA") if key in root]
    if names is not None and "/JavaScript" in names.get_object():
        actions.append("/JavaScript")
    return uris, images, actions


@pytest.mark.parametrize(("case", "context", "translation", "product", "problem", "payload"), INJECTIONS)
def test_injection_is_rejected_by_check_and_build_and_never_active_in_a_pdf(
    mini, tmp_path, case, context, translation, product, problem, payload
):
    line = inject(mini, context, translation)

    check = guide("check", "--locale", "ko", cwd=mini)
    assert check.returncode == 1
    assert f"{PO}:{line}: error: {problem}" in check.stdout, check.stdout

    out = tmp_path / "out"
    build = guide("build", "--locale", "ko", "--product", product, "--out", str(out), cwd=mini)
    assert build.returncode == 1 and "Traceback" not in build.stderr
    # The gate names each entry once, with the first error guide check lists for it
    first = next(row for row in check.stdout.splitlines() if row.startswith(f"{PO}:{line}: error: "))
    assert f"error: {PO}:{line}: ko {product} not built: {first.split(': error: ', 1)[1]}" in build.stderr
    assert not list(out.rglob("*.pdf"))

    # The backstop: typeset the same catalogue without the gate.
    html, bypass = typeset_without_gate(mini, product)
    uris, images, actions = active_content(bypass)
    assert images == 0 and actions == []
    assert not any(payload in uri or "javascript" in uri.lower() for uri in uris), uris
    # Markup from the catalogue is at most printed as text, never interpreted.
    assert "<script" not in html and 'style="color' not in html and "<img" not in html


def test_a_source_link_survives_in_the_translation(mini, tmp_path):
    """The allow-list is not a block-list of everything: the source's own link is kept."""
    inject(mini, "basics.intro", "**굵은** 글과 [링크](https://example.org/) 그리고 問清楚.")
    out = tmp_path / "out"
    result = guide("build", "--locale", "ko", "--product", "guide", "--out", str(out), cwd=mini)
    assert result.returncode == 0, result.stderr
    uris, images, actions = active_content(out / "ko/guide.pdf")
    assert "https://example.org/" in uris and images == 0 and actions == []
    assert "굵은글과링크그리고" in squash("".join(pdf_text(out / "ko/guide.pdf")))


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_nothing_is_fetched_from_the_network(mini, tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()  # shut down in 10 ms, not 0.5 s
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        (mini / "templates/style").mkdir(parents=True)
        (mini / "templates/card.html.j2").write_text(
            "{% extends 'base.html.j2' %}\n{% block body %}\n"
            f'<img src="{base}/img.png">\n<p class="bg">x</p>\n{{% endblock %}}\n',
            encoding="utf-8",
        )
        (mini / "templates/style/base.css").write_text(
            f'@import url("{base}/more.css");\n.bg {{ background: url({base}/bg.png); }}\n', encoding="utf-8"
        )
        result = guide("build", "--locale", "en", "--product", "card", "--out", str(tmp_path / "o"), cwd=mini)
    finally:
        server.shutdown()
    assert _Recorder.requests == []
    assert result.returncode == 1 and f"cannot load {base}/" in result.stderr, result.stderr
    assert "only the project's own files are allowed" in result.stderr
    assert not (tmp_path / "o/en/consult-card.pdf").exists()
