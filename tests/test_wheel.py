"""The wheel carries everything `guide` reads at run time: a user installs it as a tool (README, "Install")
without the repository. scripts/ci-install.sh installs it into a clean venv and builds a guide (CI);
this is the cheap half: the wheel's file list against the files the package and templates/ hold."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UV = Path(sys.executable).parent / "uv"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    # --offline: tests never use the network; the build backend (hatchling) is in uv's cache after the
    # set-up's editable install. Without it (a cold cache) there is nothing to check here: ci-install does.
    result = subprocess.run(
        [str(UV), "build", "--wheel", "--offline", "--quiet", "--out-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"the wheel cannot be built offline here: {result.stderr.strip()[-300:]}")
    (path,) = out.glob("*.whl")
    return zipfile.ZipFile(path)


def tracked(folder: str) -> list[str]:
    listed = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in listed.stdout.splitlines() if (ROOT / line).is_file()]


def test_the_wheel_holds_every_file_of_the_package_and_the_templates(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    package = tracked("generator")
    templates = tracked("templates")
    assert [name for name in package if name not in names] == []
    assert [name for name in templates if f"generator/{name}" not in names] == []
    # What the run reads besides Python: the built-in templates and styles, the press's ICC profile,
    # the form-field font, the index page, the generator's own catalogues.
    for needed in (
        "generator/templates/card.html.j2",
        "generator/templates/style/base.css",
        "generator/templates/color/FOGRA39L-guide.icc",
        "generator/templates/fonts/form-field.otf",
        "generator/assets/index.html.j2",
        "generator/locale/generator.pot",
        "generator/locale/zh_Hant/LC_MESSAGES/generator.po",
    ):
        assert needed in names, needed
    catalogues = [name for name in names if name.endswith("/LC_MESSAGES/generator.po")]
    assert len(catalogues) == len(list((ROOT / "generator/locale").glob("*/LC_MESSAGES/generator.po"))) >= 27


def test_the_wheel_installs_the_guide_command(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [name for name in wheel.namelist() if name.endswith(".dist-info/entry_points.txt")]
    assert "guide = generator.cli:main" in wheel.read(entry_points).decode()
