"""Issue 12: a translation or a config can never change what the card says, nor touch files outside the project.

Each test is one case of the issue (an attack on the old main that passed ``guide check`` and built
with exit 0), in the fixture project ``tests/fixtures/mini``: the escaping function of every output
context with every control character; the check and the build gate; numbers; blank safety
messages; words that do not fit; confined paths; files the build did not write; ``guide serve``;
exit codes and bounded reads.
"""

from __future__ import annotations

import http.client
import os
import tempfile
import threading
import tomllib
from dataclasses import replace
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pdfplumber
import polib
import pytest
import tinycss2
import tinyhtml5
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from generator import BuildFailed, BuildOptions, GuideError, build, load_config, load_content
from generator.cli import main
from generator.errors import CatalogueError, ConfigError, OutputError
from generator.messages import Catalogue, Message, Translator, read_catalogue
from generator.messages.checks import check_catalogue, check_texts, gate
from generator.pipeline.incremental import MANIFEST_NAME, Manifest
from generator.publish.serve import Handler, Status
from generator.render import (
    BUILTIN_TEMPLATES,
    Rendition,
    css_string,
    html_attribute,
    make_environment,
    plain_text,
    render_html,
    tag_scripts,
)
from generator.typeset import Typesetting, typeset

from .conftest import FIXTURES, pdf_text, squash, typeset_without_gate

PO = "locales/ko/LC_MESSAGES/guide.po"
QUESTIONS_KO = ["세포는어디에서채취한것입니까?", "1회투여량에세포가몇개들어있습니까?", "책임의사는누구입니까?"]

# Every character that can end a string, a line or a rule, or reorder or hide text.
C0 = [chr(c) for c in range(0x20)] + ["\x7f"]
C1 = [chr(c) for c in range(0x80, 0xA0)]
SEPARATORS = ["\u2028", "\u2029", "\x85"]
BIDI = ["\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
DANGEROUS = C0 + C1 + SEPARATORS + BIDI + ZERO_WIDTH
# Refused in a translation: every control but tab and newline, separators, bidi marks.
REFUSED = [c for c in C0 + C1 + SEPARATORS + BIDI if c not in "\t\n"]
INVISIBLE = set(DANGEROUS)


def inject(project: Path, context: str, translation: str, comment: str = "") -> int:
    """Set the Korean translation of ``context`` (and a translator comment); return its msgstr line."""
    path = project / PO
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgctxt == context)
    entry.msgstr = translation
    entry.tcomment = comment
    po.save()
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(lines, 1) if line == f'msgctxt "{context}"')
    return next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("msgstr"))


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def bypass_pdf(project: Path, product: str = "card") -> tuple[str, list[str]]:
    """The Korean product typeset without the build's gate: its HTML and the text of its pages."""
    html, path = typeset_without_gate(project, product)
    return html, pdf_text(path)


def in_order(text: str, items: list[str]) -> bool:
    position = 0
    for item in items:
        position = text.find(item, position)
        if position < 0:
            return False
    return True


# --- One escaping function per output context -----------------------------------------------


@pytest.mark.parametrize("char", DANGEROUS, ids=lambda c: f"U+{ord(c):04X}")
def test_css_string_holds_every_character_as_one_string(char):
    text = f'쪽 {char}"}} ol{{display:none}} \\ </style>{char}'
    tokens = [t for t in tinycss2.parse_component_value_list(f'"{css_string(text)}"') if t.type != "whitespace"]
    assert len(tokens) == 1 and tokens[0].type == "string", tokens
    expected = text.replace(char, " ") if char in INVISIBLE else text
    assert tokens[0].value == expected


@pytest.mark.parametrize("char", DANGEROUS, ids=lambda c: f"U+{ord(c):04X}")
def test_html_attribute_and_plain_text_hold_no_control_and_end_no_attribute(char):
    text = f'제목{char}" onload="x" a=\'{char}<b>'
    tree = tinyhtml5.parse(f'<p title="{html_attribute(text)}">x</p>', namespace_html_elements=False)
    paragraph = tree.find(".//p")
    assert list(paragraph.attrib) == ["title"] and paragraph.find(".//b") is None
    assert paragraph.attrib["title"] == plain_text(text)
    assert not set(plain_text(text)) & INVISIBLE  # what PDF metadata and tooltips get


@pytest.mark.parametrize("char", DANGEROUS, ids=lambda c: f"U+{ord(c):04X}")
def test_html_text_is_text(char):
    text = f"問{char}<b>x</b>&amp;{char}"
    tree = tinyhtml5.parse(f"<p>{tag_scripts(text, 'en', 'zh-Hant-HK')}</p>", namespace_html_elements=False)
    paragraph = tree.find(".//p")
    assert [element.tag for element in paragraph.iter()] == ["p", "span"]  # only the script run's own span
    assert "<b>x</b>&amp;" in "".join(paragraph.itertext())


def test_a_language_tag_cannot_carry_markup(mini):
    tree = tinyhtml5.parse(tag_scripts("問", "en", 'zh"><b>INJECTED</b><span x="'), namespace_html_elements=False)
    assert tree.find(".//b") is None
    toml = mini / "guide.toml"
    toml.write_text(toml.read_text() + 'han_lang = "zh-Hant\\"><b>INJECTED</b><span x=\\""\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="han_lang .* is not a language tag"):
        load_config(mini)


# --- Case 1: CSS injection through a carriage return ------------------------------------------

CSS_ATTACK = (
    "%(pages)s쪽 중 %(page)s쪽\r}} ol.questions li{display:none} h1::after{content:' TAKE 100 PILLS'} "
    "@page{@bottom-right{content:x"
)


@pytest.mark.typeset
def test_a_carriage_return_cannot_hide_the_questions(mini, tmp_path):
    line = inject(mini, "page", CSS_ATTACK)
    code, output = cli("--project", str(mini), "check", "--locale", "ko")
    assert code == 1 and f"{PO}:{line}: error: control character U+000D" in output, output
    with pytest.raises(GuideError, match="control character U\\+000D"):
        build(load_config(mini), BuildOptions(out=tmp_path / "out", locales=["ko"], products=["card"]))
    assert not (tmp_path / "out/ko/consult-card.pdf").exists()
    # Without the gate the attack is a string in the footer: every question is printed, nothing added.
    _, pages = bypass_pdf(mini)
    text = squash("".join(pages))
    assert in_order(text, QUESTIONS_KO)
    # "TAKE 100 PILLS" only as part of the literal footer string, never added by a rule (after the title)
    assert text.count("TAKE100PILLS") == text.count("{content:'TAKE100PILLS'}") > 0


# --- Case 2: bidi marks -----------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c", "\u2028"], ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_marks_and_separators_are_errors_on_their_line(mini, mark):
    line = inject(mini, "card.intro", f"하나씩 {mark}10 2{mark} 물어보십시오.")
    problems = check_catalogue(mini / PO, "ko", [], mini)
    assert [(p.line, p.severity) for p in problems if "control character" in p.message] == [(line, "error")]


def test_a_line_separator_in_a_msgstr_is_read_as_msgfmt_reads_it(mini):
    line = inject(mini, "card.intro", "하나씩\u2028물어보십시오.")
    catalogue = read_catalogue(mini / PO, "ko", mini)  # not a syntax error at the line after it
    expected = Message("하나씩\u2028물어보십시오.", fuzzy=False, line=line)
    assert catalogue.entries[("card.intro", "Ask each one.")] == expected


# --- Case 3: numbers --------------------------------------------------------------------------

DOSES = "Take no more than 2 doses, 10 days apart."


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("최대 20회, 1일 간격으로 투여하십시오 (2, 10).", "numbers 20, 1 are not in the source"),
        ("최대 2회, 10일 간격, 10일.", "number 10 is not in the source"),
        ("최대 2회 투여하십시오.", "number 10 of the source is missing"),
        ("최대 ٢회, ١٠일 간격으로 투여하십시오.", None),  # Arabic-Indic digits
        ("最多 ２ 次，相隔 １０ 日。", None),  # full-width digits
        ("अधिकतम २ खुराक, १० दिन के अंतर पर।", None),  # Devanagari
    ],
)
def test_numbers_are_compared_by_value_across_scripts(target, error):
    errors = [message for severity, message, _ in check_texts(DOSES, target, [], "ko") if severity == "error"]
    assert errors == ([error] if error else [])


@pytest.mark.typeset
def test_a_translator_marks_numbers_that_differ_and_check_reports_a_note(mini, tmp_path):
    line = inject(mini, "card.intro", "하나씩 3번 물어보십시오.")
    code, output = cli("--project", str(mini), "check", "--locale", "ko")
    assert code == 1 and f"{PO}:{line}: error: number 3 is not in the source" in output
    line = inject(mini, "card.intro", "하나씩 3번 물어보십시오.", "numbers-differ: Korean says three times")
    code, output = cli("--project", str(mini), "check", "--locale", "ko")
    assert code == 0 and f"{PO}:{line}: note: number 3 is not in the source" in output, output
    assert "0 error(s)" in output and "1 note(s)" in output
    # the gate lets it pass
    build(load_config(mini), BuildOptions(out=tmp_path / "out", locales=["ko"], products=["card"]))


# --- Case 4: blank safety questions -----------------------------------------------------------


@pytest.mark.parametrize("blank", [" ", "\u200b", ".", " \u3000。 "])
def test_a_blank_critical_message_is_untranslated(mini, blank):
    line = inject(mini, "basics.ask.source", blank)
    problems = check_catalogue(mini / PO, "ko", [], mini)
    assert any(p.line == line and p.severity == "warning" and "untranslated" in p.message for p in problems)
    translator = Translator(read_catalogue(mini / PO, "ko", mini), is_source=False)
    translator.get("basics.ask.source", "Where do the cells come from?", critical=True)
    assert list(translator.critical_fallbacks) == [("basics.ask.source", "Where do the cells come from?")]


def test_a_card_with_a_blank_question_is_not_built(mini, tmp_path):
    inject(mini, "basics.ask.source", "\u200b")
    with pytest.raises(BuildFailed, match="safety-critical message") as failure:
        build(load_config(mini), BuildOptions(out=tmp_path / "out", locales=["ko"], products=["card"]))
    assert [type(error) for error in failure.value.errors] == [CatalogueError]
    assert not (tmp_path / "out/ko/consult-card.pdf").exists()


# --- Case 5: words that do not fit ------------------------------------------------------------


@pytest.mark.typeset
def test_a_long_word_wraps_inside_the_page(mini, tmp_path):
    word = "Antidisestablishmentarianism" * 8 + "x"  # 225 characters, no space (within the length limit)
    inject(mini, "basics.ask.source", word)
    build(load_config(mini), BuildOptions(out=tmp_path / "out", locales=["ko"], products=["card"]))
    with pdfplumber.open(tmp_path / "out/ko/consult-card.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
        width = pdf.pages[0].width
    assert chars and max(c["x1"] for c in chars) <= width
    text = squash("".join(pdf_text(tmp_path / "out/ko/consult-card.pdf")))
    assert in_order(text, [word, *QUESTIONS_KO[1:]])


@pytest.mark.typeset
def test_text_that_still_runs_off_the_page_is_an_error_naming_the_message(mini, tmp_path):
    line = inject(mini, "basics.ask.source", "세포는 어디에서 채취한 것입니까? " * 6)
    style = mini / "templates/style/card.css"
    style.parent.mkdir(parents=True)  # a project's stylesheet that forbids wrapping
    style.write_text((BUILTIN_TEMPLATES / "style/card.css").read_text() + "\n.q { white-space: nowrap; }\n")
    with pytest.raises(BuildFailed) as failure:
        build(load_config(mini), BuildOptions(out=tmp_path / "out", locales=["ko"], products=["card"]))
    [error] = failure.value.errors
    assert isinstance(error, OutputError)
    assert "runs off page 1" in error.message and "[basics.ask.source]" in error.message
    assert (error.path, error.line) == (mini / PO, line)
    assert not (tmp_path / "out/ko/consult-card.pdf").exists()


# --- Case 6: paths from guide.toml ------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "line", "problem"),
    [
        ("[guide]", 'domain = "../../../x"', "guide.domain '../../../x' is not a plain name"),
        ("[products.card]", 'output = "../../content/guide.yaml"', "leaves its folder"),
        ("[products.card]", 'output = "/tmp/x.pdf"', "leaves its folder"),
        ("[products.card]", 'output = ""', "products.card.output '' is empty"),
        ("[products.card]", 'output = "card.yaml"', "does not end in .pdf"),
        ("[products.card]", 'template = "../../../etc/passwd"', "leaves its folder"),
        ("[guide]", 'out = ""', "guide.out is empty"),
        ("[locales.ko]", 'lang = "ko\\"><b>x</b>"', "is not a language tag"),
    ],
)
def test_paths_and_tags_in_guide_toml_are_confined(mini, table, line, problem):
    toml = mini / "guide.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace("[guide]\n", f"[guide]\n{line}\n") if table == "[guide]" else f"{text}\n{table}\n{line}\n"
    toml.write_text(text, encoding="utf-8")
    code, output = cli("--project", str(mini), "extract")
    assert code == 1 and problem in output and "guide.toml:" in output, output
    assert not (mini.parent / "x.pot").exists() and not (mini / "bypass.pdf").exists()


@pytest.mark.parametrize("out", [".", "content", "locales/ko", "templates/x"])
def test_the_output_folder_is_never_the_project_or_its_sources(mini, out):
    before = sorted(p for p in mini.rglob("*"))
    code, output = cli("--project", str(mini), "build", "--product", "card", "--out", str(mini / out))
    assert code == 1 and "the output folder" in output, output
    assert sorted(p for p in mini.rglob("*")) == before


def test_guide_card_never_writes_over_a_source(mini):
    content = (mini / "content/guide.yaml").read_bytes()
    code, output = cli("--project", str(mini), "card", "--lang", "ko", "--out", str(mini / "content/guide.yaml"))
    assert code == 1 and "over the project's sources" in output
    assert (mini / "content/guide.yaml").read_bytes() == content


# --- Case 7: the build owns only what it wrote ------------------------------------------------


@pytest.mark.typeset
def test_a_build_into_a_used_folder_keeps_the_users_files(mini, tmp_path):
    out = tmp_path / "shared"
    (out / "_thumbs").mkdir(parents=True)
    (out / "index.html").write_text("<h1>my page</h1>")
    (out / "_thumbs/holiday.png").write_bytes(b"\x89PNG mine")
    code, output = cli("--project", str(mini), "build", "--locale", "en", "--product", "card", "--out", str(out))
    assert code == 1 and "index.html that guide did not write is in the way" in output and "--force" in output
    assert (out / "index.html").read_text() == "<h1>my page</h1>"
    assert (out / "_thumbs/holiday.png").read_bytes() == b"\x89PNG mine"
    code, output = cli("--project", str(mini), "build", "--locale", "en", "--product", "card", "--out", str(out))
    assert code == 1  # still refused: the page is still the user's
    code, output = cli(
        "--project", str(mini), "build", "--locale", "en", "--product", "card", "--out", str(out), "--force"
    )
    assert code == 0, output
    assert "guide" in (out / "index.html").read_text() and (out / "_thumbs/holiday.png").exists()
    code, _ = cli("--project", str(mini), "build", "--locale", "en", "--product", "card", "--out", str(out))
    assert code == 0 and (out / "_thumbs/holiday.png").exists()  # a later build owns its page


def test_a_pdf_guide_did_not_write_is_not_replaced(mini, tmp_path):
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    (out / "en/consult-card.pdf").write_bytes(b"%PDF-1.4 my own")
    with pytest.raises(OutputError, match="did not write is in the way"):
        build(load_config(mini), BuildOptions(out=out, locales=["en"], products=["card"]))
    assert (out / "en/consult-card.pdf").read_bytes() == b"%PDF-1.4 my own"


@pytest.mark.typeset
def test_a_build_whose_record_was_lost_still_owns_its_pdfs(mini, tmp_path):
    out = tmp_path / "out"
    build(load_config(mini), BuildOptions(out=out, locales=["en"], products=["card"]))
    (out / MANIFEST_NAME).unlink()
    build(load_config(mini), BuildOptions(out=out, locales=["en"], products=["card"]))  # its Creator says guide


# --- Case 9: guide serve ----------------------------------------------------------------------


@pytest.fixture
def server(tmp_path):
    """The preview's request handler on a folder with a built file, a user's file and dotfiles."""
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    (out / "en/consult-card.pdf").write_bytes(b"%PDF built")
    (out / "en/notes.txt").write_text("the user's")
    (out / ".env").write_text("SECRET=1")
    (out / "index.html").write_text("<html><body>index</body></html>")
    manifest = Manifest(out)
    manifest.own(out / "en/consult-card.pdf", b"%PDF built")
    manifest.own(out / "index.html", b"")
    manifest.save()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(out), status=Status()))
    threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True).start()  # shut down in 10 ms, not 0.5 s
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


def test_serve_answers_only_to_this_machine(server):
    assert get(server, "/en/consult-card.pdf")[0] == 200
    assert get(server, "/en/consult-card.pdf", host=f"localhost:{server}")[0] == 200
    assert get(server, "/", host="localhost")[0] == 200
    for host in ("evil.example", f"evil.example:{server}", "127.0.0.1.evil.example", "10.0.0.1", ""):
        status, body = get(server, "/en/consult-card.pdf", host=host)
        assert status == 403 and b"%PDF" not in body, host


def test_serve_lists_no_directory(server):
    for path in ("/en/", "/en", "/_thumbs/"):
        status, body = get(server, path)
        assert status == 404 and b"consult-card" not in body, path


def test_serve_serves_no_dotfile(server):
    for path in ("/.env", f"/{MANIFEST_NAME}", "/en/../.env", "/%2eenv", "/en/%2e%2e/.env"):
        status, body = get(server, path)
        assert status == 404 and b"SECRET" not in body and b"outputs" not in body, path


def test_serve_serves_only_files_the_build_wrote(server):
    status, body = get(server, "/en/notes.txt")
    assert status == 404 and b"the user's" not in body


# --- Case 10: clear ends ----------------------------------------------------------------------


def test_ctrl_c_exits_130_without_aborted(mini, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.cli.outputs.build", interrupted)
    result = CliRunner().invoke(main, ["--project", str(mini), "build"])
    assert result.exit_code == 130 and "Aborted!" not in result.output


def test_a_catalogue_linked_to_dev_zero_is_refused(mini):
    po = mini / PO
    po.unlink()
    os.symlink("/dev/zero", po)
    with pytest.raises(CatalogueError, match="is outside the project"):
        read_catalogue(po, "ko", mini)
    code, output = cli("--project", str(mini), "check", "--locale", "ko")
    assert code == 1 and "is outside the project" in output


def test_a_catalogue_that_is_a_pipe_is_not_waited_on(mini):
    po = mini / PO
    po.unlink()
    os.mkfifo(po)  # inside the project: read, but no writer would ever come
    with pytest.raises(CatalogueError, match="not a regular file"):
        read_catalogue(po, "ko", mini)


def test_an_input_larger_than_the_cap_is_an_error(mini, monkeypatch):
    monkeypatch.setattr("generator.files.MAX_INPUT_BYTES", 1000)
    from generator import files

    with pytest.raises(CatalogueError, match="larger than"):
        files.read_input(mini / PO, CatalogueError, root=mini, limit=1000)


def test_init_edits_guide_toml_keeping_comments_and_never_a_comment(mini):
    toml = mini / "guide.toml"
    text = toml.read_text(encoding="utf-8").replace(
        'locales = ["en", "ko"]', 'locales = [\n  "en",  # the source [see the README]\n  "ko",\n]'
    )
    toml.write_text(text, encoding="utf-8")
    code, output = cli("--project", str(mini), "init", "ja")
    assert code == 0, output
    after = toml.read_text(encoding="utf-8")
    assert '"en",  # the source [see the README]' in after and "# A tiny guide project" in after
    assert tomllib.loads(after)["guide"]["locales"] == ["en", "ko", "ja"]


def test_gate_refuses_what_check_calls_an_error(mini):
    """The build and the check agree on a control character (the gate reads the same entry)."""
    inject(mini, "card.intro", "하나씩\x0c물어보십시오.")
    config = load_config(mini)
    translator = Translator(read_catalogue(mini / PO, "ko", mini), is_source=False)
    translator.get("card.intro", "Ask each one.")
    with pytest.raises(CatalogueError, match="U\\+000C"):
        gate(config, "ko", translator, "ko card")


# --- The property: whatever a translation holds, the card keeps its questions, or is refused ---

PRINTABLE = st.sampled_from(["쪽", "세 가지 질문", "問清楚", " ", "é", "x", "Ü"])
PIECE = st.one_of(
    PRINTABLE,  # (thrice: most examples should print, so that what is printed gets checked)
    PRINTABLE,
    PRINTABLE,
    st.text(st.characters(exclude_categories=["Cs"]), max_size=6),  # any Unicode at all
    st.sampled_from(DANGEROUS),
    st.sampled_from(['"', "'", "\\", "}", "{", ";", "</style>", "<b>", "*", "[x](y)", "%%", "&amp;", "\\A "]),
    st.sampled_from(["ol.questions li{display:none}", "@page{", "h1::after{content:'x'}", "/*", "*/", "'}"]),
)
# What passes guide check and reaches the page: CSS syntax, tabs, newlines, zero-width characters.
PASSES = st.one_of(
    PRINTABLE,
    st.sampled_from(['"', "'", "\\", "}", "{", ";", "ol.questions li{display:none}", "@page{", "\\A ", "&amp;"]),
    st.sampled_from(["h1::after{content:'x'}", "'}", "\t", "\n", "\u200b", "\u200d", "\ufeff", "<", ">"]),
)
TRANSLATION = st.one_of(*[st.lists(PASSES, max_size=4)] * 7, st.lists(PIECE, max_size=4)).map("".join)
# Every context a translation reaches on the card: a CSS string (the footer), HTML text and the
# PDF's title (the title), HTML text with inline Markdown (intro, disclaimer).
CONTEXTS = ["page", "card.title", "card.intro", "card.disclaimer"]


@pytest.mark.typeset
@settings(
    max_examples=24,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each step typesets a PDF
    suppress_health_check=list(HealthCheck),
)
@given(
    texts=st.fixed_dictionaries(
        {
            "page": st.tuples(TRANSLATION, TRANSLATION).map(lambda t: f"{t[0]}%(pages)s쪽 중 %(page)s쪽{t[1]}"),
            **{context: TRANSLATION for context in CONTEXTS[1:]},
        }
    )
)
@example(texts={"page": CSS_ATTACK, "card.title": "\u200f10 2\u200f", "card.intro": " ", "card.disclaimer": "."})
@example(texts={"page": '%(pages)s쪽 중 %(page)s쪽\f"} li{display:none', "card.title": "x", "card.intro": "y",
                "card.disclaimer": "\u2028}"})  # fmt: skip
def test_any_translation_leaves_every_question_in_order_or_is_refused(texts):
    config = load_config(FIXTURES / "mini")
    base = read_catalogue(FIXTURES / "mini" / PO, "ko", FIXTURES / "mini")
    entries = dict(base.entries)
    for key, message in base.entries.items():
        if key[0] in texts:
            entries[key] = replace(message, msgstr=texts[key[0]])
    catalogue = Catalogue(locale="ko", path=base.path, entries=entries)
    html, doc = render_html(
        make_environment(config),
        config,
        load_content(config.content_dir),
        Rendition(config.locales["ko"], config.products["card"], catalogue),
    )
    try:
        gate(config, "ko", doc.translator, "ko card")  # what guide check calls an error is refused
    except GuideError as exc:
        event(f"refused: {exc.format().split('not built: ')[-1][:30]}")
        return
    event("typeset")
    from generator.fonts import cache_dir  # the card's field face is cut there (fonts/fields.py)

    pdf, _ = typeset(html, Typesetting(config.root, (config.root, BUILTIN_TEMPLATES, cache_dir()), None, "ko card"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "card.pdf"
        path.write_bytes(pdf)
        text = squash("".join(pdf_text(path)))
        with pdfplumber.open(path) as document:
            title = document.metadata.get("Title", "")
    assert in_order(text, QUESTIONS_KO), (texts, text)
    assert not set(title) & set(DANGEROUS), title  # the PDF's metadata: plain text


def test_a_template_asset_outside_the_templates_is_not_read(mini, tmp_path):
    (tmp_path / "secret.otf").write_bytes(b"not for the page")
    (mini / "templates").mkdir()
    (mini / "templates/card.html.j2").write_text(
        "{% extends 'base.html.j2' %}{% block body %}<p>{{ asset('../../secret.otf') }}</p>{% endblock %}"
    )
    with pytest.raises(GuideError, match="not found in the templates folders"):
        build(load_config(mini), BuildOptions(out=tmp_path / "out", locales=["en"], products=["card"]))
