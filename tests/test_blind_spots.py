"""Tests for lines a deliberate break once slipped past (issue 25): each fails when its line is broken.

Each test names the line it guards; the report of issue 25 lists the break each was written against.
"""

from __future__ import annotations

import http.client
import os
import subprocess
from pathlib import Path

import pikepdf
import pytest

from generator import load_config
from generator.errors import ConfigError, GuideError

from .conftest import pdf_text, squash
from .runners import GUIDE, guide
from .test_safety import server  # noqa: F401 (a fixture: the preview's handler on a folder)

KO_SOURCE = 'msgstr "세포는 어디에서 채취한 것입니까?"'  # the ko translation of basics.ask.source (critical)


def bilingual(project: Path, pair: str = "en+ko") -> Path:
    """The project with a bilingual card; the copy's path under ``out``'s reader folder."""
    with (project / "guide.toml").open("a") as toml:
        toml.write(f'\n[products.card]\nbilingual = ["{pair}"]\n')
    reader, second = pair.split("+")
    return Path(reader) / f"consult-card.{second}.pdf"


def edit_po(project: Path, old: str, new: str) -> None:
    po = project / "locales/ko/LC_MESSAGES/guide.po"
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new), encoding="utf-8")


# --- policy.check_policy: the second language's safety messages ----------------------------------


@pytest.mark.typeset
def test_a_bilingual_card_is_not_built_while_its_second_language_lacks_a_safety_question(mini, tmp_path):
    copy = bilingual(mini)
    edit_po(mini, KO_SOURCE, 'msgstr ""')
    result = guide("build", "--locale", "en", "--product", "card", "--out", str(tmp_path / "o"), cwd=mini)
    assert result.returncode == 1
    assert "ko card not built: 1 safety-critical message(s) untranslated or fuzzy: basics.ask.source" in result.stderr
    assert (tmp_path / "o/en/consult-card.pdf").exists() and not (tmp_path / "o" / copy).exists()


# --- incremental: a bilingual copy's key covers its second catalogue -----------------------------


@pytest.mark.typeset
def test_a_bilingual_card_is_rebuilt_when_its_second_catalogue_changes(mini, tmp_path):
    copy = bilingual(mini)
    out = tmp_path / "o"
    args = ("build", "--locale", "en", "--product", "card", "--out", str(out))
    assert guide(*args, cwd=mini).returncode == 0
    edit_po(mini, KO_SOURCE, 'msgstr "세포는 어디서 옵니까?"')
    again = guide(*args, cwd=mini)
    assert again.returncode == 0
    assert f"{copy}  (" in again.stdout and f"{copy}  (" in again.stdout.replace(", up to date", "")
    assert not [line for line in again.stdout.splitlines() if str(copy) in line and "up to date" in line]
    assert "세포는어디서옵니까?" in squash("".join(pdf_text(out / copy)))


# --- incremental: the installed fonts are part of every key --------------------------------------


def renamed_font(source: str, family: str, target: Path) -> None:
    """An installed font's regular face saved as ``family`` (a face only this test's fontconfig knows)."""
    from fontTools.ttLib import TTFont

    from generator.fonts.installed import font_file

    path, index = font_file(source)
    font = TTFont(str(path), fontNumber=index)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")
    font.save(str(target))


@pytest.mark.typeset
def test_a_changed_installed_font_rebuilds_what_it_prints(mini, tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    with (mini / "guide.toml").open("a") as toml:
        toml.write('\n[locales.en]\nsans = ["Blind Spot Sans"]\nserif = ["Blind Spot Sans"]\n')
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    command = [GUIDE, "build", "--locale", "en", "--product", "card", "--out", str(tmp_path / "o")]

    def build() -> str:
        run = subprocess.run(command, cwd=mini, env=env, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        return run.stdout

    renamed_font("Noto Sans", "Blind Spot Sans", fonts / "blind.ttf")
    build()
    assert "up to date" in build()  # nothing changed: nothing rebuilt
    renamed_font("DejaVu Sans", "Blind Spot Sans", fonts / "blind.ttf")  # the same family, other shapes
    assert "up to date" not in build()


# --- config: the catalogue's name is a plain name ------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("domain", ["x/../../../outside", "sub/guide", "/tmp/guide"])
def test_a_domain_with_a_slash_is_refused_and_nothing_is_written_outside(mini, domain):
    toml = mini / "guide.toml"
    toml.write_text(toml.read_text().replace("[guide]\n", f'[guide]\ndomain = "{domain}"\n'))
    with pytest.raises(ConfigError, match="is not a plain name"):
        load_config(mini)
    result = guide("extract", cwd=mini)
    assert result.returncode == 1 and f"guide.toml:3: guide.domain {domain!r} is not a plain name" in result.stderr
    assert not (mini.parent.parent / "outside.pot").exists() and not (mini / "locales/sub").exists()


# --- typeset: WeasyPrint fetches only the project's own files ------------------------------------


@pytest.mark.typeset
def test_a_template_cannot_attach_a_file_from_outside_the_project(mini, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-PROJECT")
    (mini / "templates").mkdir()
    (mini / "templates/card.html.j2").write_text(
        "{% extends 'base.html.j2' %}\n{% block body %}\n"
        f'<a rel="attachment" href="file://{secret}">notes</a>\n<p>Card</p>\n{{% endblock %}}\n'
    )
    result = guide("build", "--locale", "ko", "--product", "card", "--out", str(tmp_path / "o"), cwd=mini)
    assert result.returncode == 1
    assert f"templates/card.html.j2:3: ko card: cannot load {secret}: only the project's own files" in result.stderr
    for pdf in (tmp_path / "o").rglob("*.pdf"):  # none is written; were one, nothing attached
        assert not pikepdf.open(pdf).attachments


# --- serve: the Host header is checked on every method -------------------------------------------


def head(port: int, path: str, host: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("HEAD", path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    return connection.getresponse().status


def test_serve_answers_head_only_to_this_machine(server):  # noqa: F811 (the fixture)
    assert head(server, "/en/consult-card.pdf", f"127.0.0.1:{server}") == 200
    for host in ("evil.example", f"evil.example:{server}", "127.0.0.1.evil.example", ""):
        assert head(server, "/en/consult-card.pdf", host) == 403, host


# --- fonts.coverage: both stacks, each language's own ---------------------------------------------


def coverage_errors(project: Path, toml: str, samples: list[tuple[str, str]]) -> list[str]:
    from generator.fonts import Sample, check_coverage

    with (project / "guide.toml").open("a") as handle:
        handle.write(toml)
    config = load_config(project)
    try:
        check_coverage(
            config,
            [Sample(lang, text, f"sample {n}") for n, (lang, text) in enumerate(samples)],
            default=config.locales["en"],
        )
    except GuideError as exc:
        return [error.message for error in getattr(exc, "errors", [exc])]
    return []


def test_coverage_checks_the_serif_stack_too(mini):
    toml = '\n[locales.ko]\nsans = ["Noto Sans CJK KR"]\nserif = ["Noto Serif"]\n'
    assert coverage_errors(mini, toml, [("ko", "한")]) == [
        "sample 0: character '한' (U+D55C) is not in Noto Serif, the ko fonts"
    ]


def test_coverage_of_a_character_is_checked_in_each_language(mini):
    toml = '\n[locales.ko]\nsans = ["Noto Sans Thai"]\nserif = ["Noto Sans Thai"]\n'
    # Covered by English's fonts, printed first in English: its Korean copy still lacks it.
    assert coverage_errors(mini, toml, [("en", "Ж"), ("ko", "Ж")]) == [
        "sample 1: character 'Ж' (U+0416) is not in Noto Sans Thai, the ko fonts"
    ]


# --- pofile.wrap: no line break inside a python-format directive ------------------------------------


def test_a_python_format_directive_is_never_split_across_lines_as_msgcat_keeps_it(tmp_path):
    """Directives with a break opportunity inside (a space in a name, the space flag), at every wrap column."""
    import polib

    from generator.messages.pofile import dumps

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for n in range(40, 80):
        for k, tail in enumerate([" %(page number)s of %(all pages)s", " % d of % d pages"]):
            text = "w" * n + tail
            po.append(polib.POEntry(msgctxt=f"c{n}.{k}", msgid=text, msgstr=text, flags=["python-format"]))
    path = tmp_path / "format.po"
    path.write_text(dumps(po), encoding="utf-8")
    gettext = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
    assert path.read_text(encoding="utf-8").splitlines() == gettext.splitlines()
    assert not [line for line in gettext.splitlines() if line.endswith('%(page "') or line.endswith('% "')]


# --- checks: a bare http:// URL is compared as an https:// one is --------------------------------


def test_a_changed_plain_http_url_is_an_error_and_the_guide_is_not_built(mini, tmp_path):
    section = mini / "content/sections/01-basics.yaml"
    section.write_text(
        section.read_text(encoding="utf-8").replace("and 問清楚.", "and 問清楚. See http://example.org/a."),
        encoding="utf-8",
    )
    edit_po(
        mini,
        '[link](https://example.org/) and 問清楚."\nmsgstr ""',
        '[link](https://example.org/) and 問清楚. See http://example.org/a."\n'
        'msgstr "**굵은** 글과 [링크](https://example.org/) 그리고 問清楚. http://evil.example/a 참조."',
    )
    check = guide("check", "--locale", "ko", cwd=mini)
    assert check.returncode == 1 and "error: URLs differ from the source (copy every URL exactly)" in check.stdout
    build = guide("build", "--locale", "ko", "--product", "guide", "--out", str(tmp_path / "o"), cwd=mini)
    assert build.returncode == 1 and "ko guide not built: URLs differ from the source" in build.stderr
    assert not (tmp_path / "o/ko/guide.pdf").exists()


# --- policy: min_translated is the share, not about it ------------------------------------------


@pytest.mark.typeset
def test_min_translated_is_held_to_the_percent(mini, tmp_path):
    import re

    toml = mini / "guide.toml"
    base = toml.read_text()

    def build(minimum: int):
        toml.write_text(base + f"\n[products.guide]\nmin_translated = {minimum}\n")
        return guide("build", "--locale", "ko", "--product", "guide", "--out", str(tmp_path / "o"), "--force", cwd=mini)

    share = int(re.search(r"(\d+)% of its messages are translated", build(100).stderr).group(1))  # rounded
    assert 0 < share < 99
    assert build(share + 1).returncode == 1  # the share is at most share + 0.5
    assert build(share - 1).returncode == 0  # and at least share - 0.5


# --- outputs: a PDF in the way that guide did not write is never replaced --------------------------


@pytest.mark.typeset
def test_a_users_own_pdf_in_the_output_folder_is_not_replaced(mini, tmp_path):
    target = tmp_path / "o/ko/consult-card.pdf"
    target.parent.mkdir(parents=True)
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(target)
    before = target.read_bytes()
    result = guide("build", "--locale", "ko", "--product", "card", "--out", str(tmp_path / "o"), cwd=mini)
    assert result.returncode == 1
    assert "ko/consult-card.pdf: a file that guide did not write is in the way (move it" in result.stderr
    assert target.read_bytes() == before
    assert (
        guide(
            "build", "--locale", "ko", "--product", "card", "--out", str(tmp_path / "o"), "--force", cwd=mini
        ).returncode
        == 0
    )  # --force replaces it, as the hint says
