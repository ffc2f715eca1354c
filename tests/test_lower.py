"""Lower-severity defects of issue 25, each through the real command: one located line, a non-zero
exit, no traceback, and nothing half done."""

from __future__ import annotations

import pytest

from generator import load_config
from generator.errors import GuideError

from .runners import guide


def one_error_line(stderr: str) -> str:
    """The one error line of a run that failed as designed (no traceback, not an internal error)."""
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if "rror" in line]
    assert len(lines) == 1, stderr
    return lines[0]


def config_accepts(project, code: str) -> bool:
    toml = project / "guide.toml"
    before = toml.read_text()
    toml.write_text(before.replace('locales = ["en", "ko"]', f'locales = ["en", "ko", "{code}"]'))
    try:
        load_config(project)
        return True
    except GuideError:
        return False
    finally:
        toml.write_text(before)


@pytest.mark.parametrize("code", ["sr@latin", "ko.UTF-8", "de_DE@euro", "ko_KR.utf8"])
def test_init_refuses_a_locale_the_config_refuses_and_writes_nothing(mini, code):
    assert not config_accepts(mini, code)  # Babel parses each; guide.toml cannot hold it
    before = (mini / "guide.toml").read_bytes()
    result = guide("init", code, cwd=mini)
    assert result.returncode == 2
    assert f"unknown locale code {code!r}" in one_error_line(result.stderr)
    assert (mini / "guide.toml").read_bytes() == before
    assert sorted(p.name for p in (mini / "locales").iterdir()) == ["guide.pot", "ko"]


@pytest.mark.parametrize("code", ["ja", "zh_Hant_TW", "en_US_POSIX", "sr@latin", "xx", "ko.UTF-8"])
def test_init_and_the_config_give_one_answer(mini, code):
    accepted = config_accepts(mini, code)
    result = guide("init", code, cwd=mini)
    assert (result.returncode == 0) == accepted, result.stderr
    if accepted:
        load_config(mini)  # the project still loads, with the new locale


def test_new_refuses_a_locale_the_config_refuses(tmp_path):
    result = guide("new", str(tmp_path / "g"), "--locales", "en,sr@latin")
    assert result.returncode == 1
    assert "unknown locale code 'sr@latin'" in one_error_line(result.stderr)
    assert not (tmp_path / "g").exists()


GLOSSARY_TERM = "terms:\n  - id: a\n    en: in writing\n    ko: 서면\n"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (GLOSSARY_TERM + "  - stem cell\n", 5, "glossary term 2 is not a mapping"),
        (GLOSSARY_TERM + "  - [stem cell, 줄기세포]\n", 5, "glossary term 2 is not a mapping"),
        ("terms: stem cell\n", 1, "glossary terms are not a list"),
        ("- stem cell\n", 1, "the glossary is not a mapping"),
        ("words: [서면]\n" + GLOSSARY_TERM, 1, "glossary words are not lists by locale"),
        (GLOSSARY_TERM.replace("서면", "[서면]"), 4, "glossary term 'a': ko is not text"),
    ],
)
def test_a_glossary_that_is_not_terms_is_a_located_error(mini, tmp_path, text, line, problem):
    (mini / "locales/glossary.yaml").write_text(text, encoding="utf-8")
    for command in (["build", "--locale", "ko", "--product", "card", "--out", str(tmp_path / "o")], ["check"]):
        result = guide(*command, cwd=mini)
        assert result.returncode == 1
        assert f"locales/glossary.yaml:{line}: {problem} (" in one_error_line(result.stderr + result.stdout)
    assert not (tmp_path / "o/ko").exists()


def test_two_records_of_one_folder_keep_each_others_outputs(tmp_path):
    from generator.pipeline import Manifest

    first, second = Manifest(tmp_path), Manifest(tmp_path)  # two builds, both started before either saved
    first.record(tmp_path / "en/card.pdf", "k1", b"%PDF-en", 2, [])
    second.record(tmp_path / "ko/card.pdf", "k2", b"%PDF-ko", 3, [])
    second.own(tmp_path / "_thumbs/ko/card.png", b"png")
    second.save()
    first.forget(tmp_path / "en/card.pdf")
    first.record(tmp_path / "en/guide.pdf", "k3", b"%PDF-guide", 4, [])
    assert sorted(Manifest(tmp_path).records) == ["en/guide.pdf", "ko/card.pdf"]
    # forget() keeps the hash of what it wrote (is the file changed since? a filled card is kept aside)
    assert sorted(Manifest(tmp_path).files) == sorted(first.files) == ["_thumbs/ko/card.png", "en/card.pdf"]


@pytest.mark.typeset
def test_builds_into_one_folder_at_once_keep_every_record(mini, tmp_path):
    import json
    import subprocess

    from .runners import GUIDE

    out = tmp_path / "D"
    parts = [["--locale", "en"], ["--locale", "ko"], ["--product", "card"]]
    runs = [
        subprocess.Popen(
            [GUIDE, "build", "-j", "1", "--out", str(out), *part],
            cwd=mini,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in parts
    ]
    assert [run.wait(timeout=240) for run in runs] == [0, 0, 0], [run.stderr.read() for run in runs]
    names = ["en/consult-card.pdf", "en/guide.pdf", "ko/consult-card.pdf", "ko/guide.pdf"]
    assert sorted(json.loads((out / ".guide-build.json").read_text())["outputs"]) == names
    again = guide("build", "--out", str(out), cwd=mini)
    assert again.returncode == 0 and "Built 0 PDF(s)" in again.stdout and again.stdout.count("up to date") == 5
    index = (out / "index.html").read_text()
    assert all(f'href="{name}"' in index for name in names)


def no_questions(tmp_path):
    project = tmp_path / "noq"
    (project / "content/sections").mkdir(parents=True)
    (project / "guide.toml").write_text('[guide]\nlocales = ["en"]\nedition = 2026-01-15\n')
    (project / "content/guide.yaml").write_text("title: Only a title\n")
    (project / "content/sections/01-only.yaml").write_text("id: only\nblocks:\n  - id: one\n    p: A paragraph.\n")
    return project


@pytest.mark.typeset
def test_asking_for_the_card_of_content_without_questions_fails(tmp_path):
    project = no_questions(tmp_path)
    result = guide("build", "--product", "card", "--out", str(tmp_path / "o"), cwd=project)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert line.startswith("error: content: no questions block, so there is no card (add a questions block"), line
    assert not list((tmp_path / "o").rglob("*.pdf"))
    both = guide("build", "--product", "card", "--product", "guide", "--out", str(tmp_path / "o"), cwd=project)
    assert both.returncode == 1 and "no questions block" in one_error_line(both.stderr)
    assert [p.name for p in (tmp_path / "o").rglob("*.pdf")] == ["guide.pdf"]  # what can be built, is
    everything = guide("build", "--out", str(tmp_path / "all"), cwd=project)  # not asked for: a note
    assert everything.returncode == 0 and "note: card: not built" in everything.stdout


def drop_entry(po, context: str) -> None:
    """Remove one entry (its comments included) from a catalogue, as an old or hand-edited one lacks it."""
    entries = po.read_text(encoding="utf-8").split("\n\n")
    po.write_text("\n\n".join(e for e in entries if f'msgctxt "{context}"' not in e), encoding="utf-8")


@pytest.mark.slow
def test_check_lists_a_critical_message_missing_from_the_catalogue(mini, tmp_path):
    drop_entry(mini / "locales/ko/LC_MESSAGES/guide.po", "basics.ask.source")
    drop_entry(mini / "locales/ko/LC_MESSAGES/guide.po", "card.intro")  # not critical: not listed as missing
    build = guide("build", "--locale", "ko", "--product", "card", "--out", str(tmp_path / "o"), cwd=mini)
    assert build.returncode == 1 and "guide check lists them" in one_error_line(build.stderr)
    check = guide("check", "--locale", "ko", cwd=mini)
    listed = [line for line in check.stdout.splitlines() if "basics.ask.source" in line]
    assert listed == [
        "locales/ko/LC_MESSAGES/guide.po: warning: untranslated [basics.ask.source]: "
        "'Where do the cells come from?' has no entry (a safety-critical message of "
        "content/sections/01-basics.yaml:18) (run `guide extract && guide update --locale ko`, then translate it: "
        "a product that prints this safety message is not built until then)"
    ]
    assert not [line for line in check.stdout.splitlines() if "card.intro" in line]
    assert check.returncode == 0 and guide("check", "--locale", "ko", "--strict", cwd=mini).returncode == 1
    assert "basics.ask.source" not in guide("check", "--locale", "en", cwd=mini).stdout  # the source needs none


@pytest.mark.slow
def test_a_fuzzy_flag_without_its_space_is_read_as_gettext_reads_it(mini, tmp_path):
    import subprocess

    po = mini / "locales/ko/LC_MESSAGES/guide.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgctxt "basics.ask.source"', '#,fuzzy\nmsgctxt "basics.ask.source"'),
        encoding="utf-8",
    )
    gettext = subprocess.run(["msgattrib", "--only-fuzzy", str(po)], capture_output=True, text=True, check=True)
    assert 'msgctxt "basics.ask.source"' in gettext.stdout  # GNU gettext: fuzzy
    check = guide("check", "--locale", "ko", cwd=mini)
    line = po.read_text(encoding="utf-8").splitlines().index('msgstr "세포는 어디에서 채취한 것입니까?"') + 1
    assert f"guide.po:{line}: warning: fuzzy: the source changed" in check.stdout, check.stdout + check.stderr
    build = guide("build", "--locale", "ko", "--product", "card", "--out", str(tmp_path / "o"), cwd=mini)
    assert build.returncode == 1
    assert "ko card not built: 1 safety-critical message(s) untranslated or fuzzy: basics.ask.source" in one_error_line(
        build.stderr
    )


def test_a_line_polib_cannot_read_is_named(mini):
    po = mini / "locales/ko/LC_MESSAGES/guide.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text + '\n#~msgid "gone"\n#~ msgstr "사라진"\n', encoding="utf-8")
    result = guide("check", "--locale", "ko", cwd=mini)
    line = len(text.splitlines()) + 2
    assert result.returncode == 1
    assert f"guide.po:{line}: PO syntax error: '#~msgid \"gone\"' (expected msgctxt" in one_error_line(result.stderr)
