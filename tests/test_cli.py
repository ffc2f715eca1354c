"""The `guide` command: exit codes, output lines, one-line errors, documentation."""

import re
import shutil

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import FIXTURES, ROOT
from .runners import guide, installed


@pytest.mark.typeset
def test_build_prints_one_line_per_output_and_the_fallbacks(mini, tmp_path):
    result = guide("--project", str(mini), "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for locale in ("en", "ko"):
        for name in ("consult-card.pdf", "guide.pdf"):
            assert (tmp_path / "out" / locale / name).stat().st_size > 1000
            assert any(line.startswith(str(tmp_path / "out" / locale / name)) for line in lines)
    assert "Built 4 PDF(s)" in result.stdout
    assert re.search(r"^ko: \d+ message\(s\) not yet translated, shown in en", result.stdout, re.M)
    assert not re.search(r"^en: ", result.stdout, re.M)


@pytest.mark.typeset
def test_verbose_lists_the_fallback_messages(mini, tmp_path):
    def build(*flags: str) -> str:
        result = guide(
            "--project",
            str(mini),
            *flags,
            "build",
            "--locale",
            "ko",
            "--product",
            "guide",
            "--out",
            str(tmp_path / "out"),
            "--force",
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    quiet, verbose = build(), build("-v")
    # Untranslated in the fixture's Korean catalogue, printed on the guide in English:
    assert "    basics.title: The basics" in verbose and "basics.title" not in quiet
    assert "    basics.grid.caption: Two markets" in verbose
    assert "card.tips" not in verbose  # translated in the fixture
    assert "(-v lists them)" in quiet and "(-v lists them)" not in verbose


@pytest.mark.typeset
def test_runs_inside_a_project_folder_without_project_flag(mini, tmp_path):
    result = guide("build", "--locale", "en", "--product", "card", "--out", str(tmp_path / "o"), cwd=mini / "content")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o/en/consult-card.pdf").exists()


@pytest.mark.typeset
def test_broken_catalogue_is_one_line_exit_1_and_other_locales_still_build(mini, tmp_path):
    shutil.copy(FIXTURES / "broken/ko-unterminated.po", mini / "locales/ko/LC_MESSAGES/guide.po")
    out = tmp_path / "out"
    result = guide("--project", str(mini), "build", "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: locales/ko/LC_MESSAGES/guide.po:16: PO syntax error: 'msgstr \"하나씩 물어보십시오.' "
        "(close the string with a double quote)"
    ]
    assert (out / "en/guide.pdf").exists()
    assert not (out / "ko").exists()
    assert not list(out.rglob("*.tmp"))
    # BuildFailed carries what did build: the CLI says so, and the index page lists it with the problem
    assert f"Built {len(list(out.rglob('*.pdf')))} file(s) before stopping." in result.stderr
    assert "en/guide.pdf" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.typeset
def test_an_old_pdf_survives_a_failed_build(mini, tmp_path):
    out = tmp_path / "out"
    args = ["--project", str(mini), "build", "--locale", "ko", "--product", "card", "--out", str(out)]
    assert guide(*args).returncode == 0
    before = (out / "ko/consult-card.pdf").read_bytes()
    shutil.copy(FIXTURES / "broken/ko-unterminated.po", mini / "locales/ko/LC_MESSAGES/guide.po")
    assert guide(*args).returncode == 1
    assert (out / "ko/consult-card.pdf").read_bytes() == before


def test_template_error_names_template_and_line(mini, tmp_path):
    (mini / "templates").mkdir()
    (mini / "templates/card.html.j2").write_text(
        "{% extends 'base.html.j2' %}\n{% block body %}\n{{ nope.x }}\n{% endblock %}\n"
    )
    result = guide("--project", str(mini), "build", "--product", "card", "--out", str(tmp_path / "o"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"templates/card\.html\.j2:3: 'nope' is undefined", result.stderr), result.stderr


@pytest.mark.typeset
def test_card_over_its_page_limit_is_an_error(mini, tmp_path):
    config = mini / "guide.toml"
    config.write_text(
        config.read_text() + '\n[products.card]\ntemplate = "card.html.j2"\noutput = "c.pdf"\nmax_pages = 4\n'
        '[products.guide]\ntemplate = "guide.html.j2"\nmax_pages = 1\n'
    )
    result = guide("--project", str(mini), "build", "--locale", "en", "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert re.search(r"error: .*guide\.pdf: en guide has \d+ pages; the limit is 1", result.stderr), result.stderr
    assert (tmp_path / "o/en/c.pdf").exists() and not (tmp_path / "o/en/guide.pdf").exists()


def test_missing_font_is_reported(mini, tmp_path):
    config = mini / "guide.toml"
    config.write_text(config.read_text() + '\n[locales.ko]\nsans = ["No Such Font KR"]\n')
    result = guide("--project", str(mini), "build", "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "guide.toml: font 'No Such Font KR' for locale ko is not installed" in result.stderr


@pytest.mark.parametrize(
    "args", [["build", "--locale", "fr"], ["build", "--product", "poster"], ["build", "--nope"], ["frobnicate"]]
)
def test_usage_errors_exit_2(mini, args):
    result = installed("--project", str(mini), *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_outside_a_project_is_exit_1_with_a_hint(tmp_path):
    result = installed("build", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "no guide.toml here or in any parent folder (run inside a guide project or pass --project DIR)" in result.stderr
    )


def test_extract_then_update_round_trip(mini):
    runner = CliRunner()
    (mini / "locales/guide.pot").unlink()
    result = runner.invoke(main, ["--project", str(mini), "extract"])
    assert result.exit_code == 0 and "messages, written" in result.output
    result = runner.invoke(main, ["--project", str(mini), "extract"])
    assert "unchanged" in result.output
    result = runner.invoke(main, ["--project", str(mini), "update"])
    assert result.exit_code == 0, result.output
    assert "ko/LC_MESSAGES/guide.po" in result.output


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"guide {name}" in readme, name
        assert "Example:" in (command.help or ""), name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in readme, f"{name} {opt}"


@pytest.mark.typeset
def test_untranslated_safety_question_blocks_that_locales_card(mini, tmp_path):
    import polib

    po_path = mini / "locales/ko/LC_MESSAGES/guide.po"
    po = polib.pofile(str(po_path))
    po.find("How many cells are in one dose?", msgctxt="basics.ask.dose").flags.append("fuzzy")
    po.save()
    line = next(n for n, t in enumerate(po_path.read_text().splitlines(), 1) if t.startswith('msgstr "1회'))
    result = guide("--project", str(mini), "build", "--product", "card", "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert (
        f"error: locales/ko/LC_MESSAGES/guide.po:{line}: ko card not built: 1 safety-critical message(s) "
        "untranslated or fuzzy: basics.ask.dose (translate them (guide check lists them), then build again)"
    ) in result.stderr
    assert not (tmp_path / "o/ko/consult-card.pdf").exists()
    assert (tmp_path / "o/en/consult-card.pdf").exists()


@pytest.mark.typeset
def test_minimum_translated_share_for_a_locales_guide(mini, tmp_path):
    config = mini / "guide.toml"
    config.write_text(
        config.read_text() + "\n[products.card]\nmin_translated = 50\n[products.guide]\nmin_translated = 90\n"
    )
    result = guide("--project", str(mini), "build", "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert re.search(r"ko guide not built: \d+% of its messages are translated, the minimum is 90%", result.stderr)
    assert (tmp_path / "o/ko/consult-card.pdf").exists() and not (tmp_path / "o/ko/guide.pdf").exists()


@pytest.mark.typeset
def test_init_adds_a_locale_that_the_next_build_includes(mini, tmp_path):
    import polib

    result = guide("init", "ja", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert 'locales = ["en", "ko", "ja"]' in (mini / "guide.toml").read_text()
    po = polib.pofile(str(mini / "locales/ja/LC_MESSAGES/guide.po"))
    assert po.metadata["Language"] == "ja" and po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    build = guide("build", "--product", "card", "--out", str(tmp_path / "o"), cwd=mini)
    # The new locale builds (in English, said so), except that its safety questions are untranslated.
    assert "ja card not built: 3 safety-critical message(s)" in build.stderr
    assert (tmp_path / "o/ko/consult-card.pdf").exists()
    assert guide("init", "ja", cwd=mini).returncode == 1  # never overwrites a catalogue
