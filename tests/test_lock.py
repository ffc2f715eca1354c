"""The locked install: uv.lock agrees with pyproject.toml, and the suite runs on what the lock says.

scripts/setup.sh installs from uv.lock (`uv sync --locked`, which refuses a lock that disagrees with
pyproject.toml); these tests say so again inside the suite, and that the check itself can fail.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
UV = Path(sys.executable).parent / "uv"
SEEDED = {"pip", "setuptools"}  # python -m venv installs them; uv sync leaves them be


def locked() -> dict[str, str]:
    """package → version, as uv.lock has them."""
    packages = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))["package"]
    return {canonicalize_name(p["name"]): p["version"] for p in packages if "version" in p}


def lock_check(project: Path) -> subprocess.CompletedProcess:
    # --offline: the lock holds what the check needs; tests never use the network
    return subprocess.run([str(UV), "lock", "--check", "--offline"], cwd=project, capture_output=True, text=True)


def test_the_lock_agrees_with_pyproject() -> None:
    result = lock_check(ROOT)
    assert result.returncode == 0, f"uv.lock is stale ({result.stderr.strip()}): run `make upgrade` or `uv lock`"


def test_the_lock_check_fails_on_a_raised_floor(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert '"babel>=2.17",' in text
    pyproject.write_text(text.replace('"babel>=2.17",', '"babel>=2.18",'), encoding="utf-8")
    result = lock_check(tmp_path)
    # With uv's cache warm it says so; with a cold one (a fresh machine) it cannot resolve offline:
    # either way a lock that no longer matches fails, while the matching one passes offline from cold.
    assert result.returncode != 0
    assert "needs to be updated" in result.stderr or "network was disabled" in result.stderr, result.stderr


def test_every_installed_package_is_the_locked_release() -> None:
    """What the suite runs on is what uv.lock says (but for the pip and setuptools `python -m venv` seeds)."""
    lock = locked()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    strays = {name: version for name, version in installed.items() if name not in SEEDED and lock.get(name) != version}
    assert strays == {}, "installed but not as locked: run `make setup`"
    for name in ("babel", "weasyprint", "pytest", "uv"):
        assert installed[name] == lock[name]


def test_setup_installs_uv_from_the_lock_with_its_hashes() -> None:
    script = ROOT / "scripts" / "lock.py"
    line = subprocess.run([sys.executable, str(script), "uv-requirement"], capture_output=True, text=True).stdout
    assert line.startswith(f"uv=={locked()['uv']} --hash=sha256:")
    assert len(re.findall(r"--hash=sha256:[0-9a-f]{64}", line)) >= 2  # a wheel for each platform, and the sdist
    version = subprocess.run([str(UV), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.split()[1] == locked()["uv"]
