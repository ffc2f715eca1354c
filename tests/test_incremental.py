"""Incremental builds: the build record (content hashes, not mtimes). What each kind of input
rebuilds: tests/test_inputs.py."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import BuildOptions, build, load_config
from generator.errors import GuideError
from generator.pipeline.incremental import MANIFEST_NAME

from .conftest import FIXTURES

pytestmark = pytest.mark.typeset  # every test here lays out a document (tests/tiers.py)


def run(project: Path, out: Path, **options) -> dict[str, bool]:
    """Build the mini project's cards; map each output (locale/file) to whether it was rebuilt."""
    options.setdefault("products", ["card"])
    report = build(load_config(project), BuildOptions(out=out, jobs=1, **options))
    return {output.path.relative_to(out).as_posix(): not output.up_to_date for output in report.outputs}


ALL = {"en/consult-card.pdf", "ko/consult-card.pdf"}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project and a first build of its cards, made once: each test changes a copy of both
    (the records name outputs relative to their folder and inputs by content, so a copy is current)."""
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(FIXTURES / "mini", root / "mini")
    assert run(root / "mini", root / "out") == dict.fromkeys(ALL, True)
    return root


@pytest.fixture
def built(first_build: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(first_build, tmp_path / "copy")  # keeps the files' times: test_nothing_changed compares them
    return tmp_path / "copy/mini", tmp_path / "copy/out"


def rebuilt(result: dict[str, bool]) -> set[str]:
    return {name for name, fresh in result.items() if fresh}


def test_nothing_changed_nothing_rebuilt(built):
    mini, out = built
    before = {name: (out / name).stat().st_mtime_ns for name in ALL}
    result = run(mini, out)
    assert set(result) == ALL and rebuilt(result) == set()
    assert {name: (out / name).stat().st_mtime_ns for name in ALL} == before  # not rewritten either


def test_a_saved_but_unchanged_file_rebuilds_nothing(built):
    mini, out = built
    for path in [mini / "locales/ko/LC_MESSAGES/guide.po", mini / "content/sections/01-basics.yaml"]:
        path.write_bytes(path.read_bytes())
        os.utime(path, (1, 1))  # a new mtime, the same content
    assert rebuilt(run(mini, out)) == set()


def test_a_deleted_or_altered_output_is_rebuilt(built):
    mini, out = built
    (out / "en/consult-card.pdf").unlink()
    (out / "ko/consult-card.pdf").write_bytes(b"%PDF-1.7 not what was built")
    assert rebuilt(run(mini, out)) == ALL
    assert len(PdfReader(out / "ko/consult-card.pdf").pages) >= 1


def test_force_rebuilds_everything(built):
    mini, out = built
    assert rebuilt(run(mini, out, force=True)) == ALL


def test_a_new_product_or_html_request_builds_what_is_missing(built):
    mini, out = built
    assert rebuilt(run(mini, out, products=["card", "guide"])) == {"en/guide.pdf", "ko/guide.pdf"}
    assert rebuilt(run(mini, out, write_html=True)) == ALL  # the HTML files were not there
    assert (out / "ko/consult-card.html").exists()


def test_a_broken_catalogue_is_not_recorded_and_rebuilds_once_fixed(built):
    mini, out = built
    po = mini / "locales/ko/LC_MESSAGES/guide.po"
    good = po.read_text(encoding="utf-8")
    po.write_text(good.replace('msgstr "', 'msgstr "\n"unterminated', 1), encoding="utf-8")
    with pytest.raises(GuideError) as failure:
        run(mini, out)
    assert failure.value.report.outputs[0].path == out / "en/consult-card.pdf"  # type: ignore[attr-defined]
    po.write_text(good.replace("책임 의사는", "담당 의사는"), encoding="utf-8")
    assert rebuilt(run(mini, out)) == {"ko/consult-card.pdf"}


def test_the_record_is_in_the_output_folder_and_survives_a_lost_record(built):
    mini, out = built
    (out / MANIFEST_NAME).write_text("{ not json")
    assert rebuilt(run(mini, out)) == ALL  # an unreadable record: rebuild, don't crash
    assert rebuilt(run(mini, out)) == set()


def test_the_process_pool_builds_the_same_documents(mini, tmp_path):
    report = build(load_config(mini), BuildOptions(out=tmp_path / "pool", jobs=2, products=["card", "guide"]))
    assert len(report.built) == 4
    for output in report.outputs:
        assert len(PdfReader(output.path).pages) == output.pages
    assert 0 < report.worker_peak_mb < 500


def test_an_edited_asset_is_embedded_anew_in_the_same_process(built):
    # `guide serve` builds again in one process: an edited asset (here the form-field font, which a
    # project may override) must reach the new PDF, not a copy cached from the last build.
    from generator.paths import BUILTIN_TEMPLATES

    mini, out = built
    # the templates' form field face serves a Latin locale set in a CJK face (fonts.field_face), as
    # the first guide's English is; a Latin locale in Noto Sans gets a cut of Noto Sans instead
    with (mini / "guide.toml").open("a", encoding="utf-8") as config:
        config.write('\n[locales.en]\nsans = ["Noto Sans CJK HK"]\nserif = ["Noto Serif CJK HK"]\n')
    override = mini / "templates/fonts/form-field.otf"
    override.parent.mkdir(parents=True)
    override.write_bytes((BUILTIN_TEMPLATES / "fonts/form-field.otf").read_bytes())
    assert rebuilt(run(mini, out, write_html=True)) == ALL
    html = (out / "en/consult-card.html").read_text(encoding="utf-8")

    override.write_bytes(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").read_bytes())
    assert rebuilt(run(mini, out, write_html=True)) == ALL
    edited = (out / "en/consult-card.html").read_text(encoding="utf-8")
    assert edited != html
    assert base64.b64encode(override.read_bytes()[:300]).decode()[:200] in edited
