"""Nothing outside the project is read: every file the project names is resolved (links followed,
``..`` resolved) and refused when it lies elsewhere, before it is read (files.confine)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import files
from generator.errors import CatalogueError, ContentError

from .runners import guide

PO = "locales/ko/LC_MESSAGES/guide.po"
SECRET = "hunter2-do-not-print"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project whose first line a PO or YAML reader would quote in its error."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f'msgid "KEY={SECRET}\ntitle: [{SECRET}\n', encoding="utf-8")
    return path


def build(project: Path, *args: str):
    return guide("--project", str(project), "build", "--out", str(project / "dist"), *args)


@pytest.mark.typeset
def test_a_catalogue_linked_out_is_refused_and_the_other_locales_built(mini, secret):
    (mini / PO).unlink()
    (mini / PO).symlink_to(secret)
    result = build(mini, "--product", "card")
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {PO}: is outside the project (a link to a file elsewhere, or a loop of links): not read "
        "(put the file itself inside the project, or a link to a file inside it)"
    ]
    assert (mini / "dist/en/consult-card.pdf").is_file() and not (mini / "dist/ko/consult-card.pdf").exists()
    for command in (["check"], ["stats"], ["update"]):
        result = guide("--project", str(mini), *command)
        assert result.returncode == 1 and SECRET not in result.stdout + result.stderr, command
        assert "is outside the project" in result.stderr, command


def test_a_folder_linked_out_deeper_down_is_refused(mini, secret):
    """The link is the catalogue's folder (not the file, not the first part of the path)."""
    outside = secret.parent / "ko"
    shutil.copytree(mini / "locales/ko", outside)
    shutil.copyfile(secret, outside / "LC_MESSAGES/guide.po")
    shutil.rmtree(mini / "locales/ko")
    (mini / "locales/ko").symlink_to(outside)
    result = build(mini, "--locale", "ko", "--product", "card")
    assert result.returncode == 1 and SECRET not in result.stdout + result.stderr
    assert f"{PO}: is outside the project" in result.stderr


def test_a_relative_link_climbing_out_is_refused(mini, secret):
    """``../../..``: resolved, not taken as written."""
    link = mini / "content/sections/02-more.yaml"
    link.symlink_to(os.path.relpath(secret, link.parent))
    result = build(mini, "--locale", "en", "--product", "card")
    assert result.returncode == 1 and SECRET not in result.stdout + result.stderr
    assert "content/sections/02-more.yaml: is outside the project" in result.stderr


@pytest.mark.typeset
def test_links_inside_the_project_are_read(mini):
    """A catalogue and a content file kept elsewhere in the project, linked to: read as usual."""
    shared = mini / "shared"
    shared.mkdir()
    (mini / PO).rename(shared / "ko.po")
    (mini / PO).symlink_to(Path("../../../shared/ko.po"))
    (mini / "content/sections/01-basics.yaml").rename(shared / "basics.yaml")
    (mini / "content/sections/01-basics.yaml").symlink_to(shared / "basics.yaml")
    result = build(mini, "--product", "card")
    assert result.returncode == 0, result.stderr
    assert (mini / "dist/ko/consult-card.pdf").is_file()


def test_a_loop_of_links_is_refused_by_name(mini):
    (mini / PO).unlink()
    (mini / PO).symlink_to(mini / PO)
    with pytest.raises(CatalogueError, match="outside the project .* a loop of links"):
        files.read_input(mini / PO, CatalogueError, root=mini)


def test_the_templates_folder_linked_out_is_not_read(mini, secret):
    """Every template (and asset, and stylesheet) must lie in the project, not only in templates/."""
    shutil.copyfile(secret, secret.parent / "card.html.j2")
    (mini / "templates").symlink_to(secret.parent)
    result = build(mini, "--locale", "en", "--product", "card")
    assert result.returncode == 1 and SECRET not in result.stdout + result.stderr
    assert "templates/card.html.j2: is outside the project" in result.stderr
    extract = guide("--project", str(mini), "extract")
    assert extract.returncode == 1 and SECRET not in extract.stdout + extract.stderr


def test_read_yaml_refuses_a_link_out_before_reading(tmp_path, secret):
    project = tmp_path / "p"
    project.mkdir()
    (project / "guide.yaml").symlink_to(secret)
    from generator.content import read_yaml

    with pytest.raises(ContentError, match="outside the project") as raised:
        read_yaml(project / "guide.yaml", project)
    assert SECRET not in str(raised.value)
