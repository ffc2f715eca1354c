"""What scripts/setup.sh installs, read from the files that fix it: uv.lock and scripts/system-packages.txt.

    python3 scripts/lock.py uv-requirement     # uv's pinned version and hashes, for pip --require-hashes
    python3 scripts/lock.py system-packages    # the Debian packages' names, one a line
    python3 scripts/lock.py system-versions    # installed against tested versions; differences named
    python3 scripts/lock.py system-versions --write   # record the installed versions as tested

Runs with the machine's python3 (3.11+) before the virtual environment exists: standard library only.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "uv.lock"
SYSTEM = ROOT / "scripts" / "system-packages.txt"


def uv_requirement() -> str:
    """``uv==X --hash=sha256:…`` for every file of uv that uv.lock records."""
    packages = tomllib.loads(LOCK.read_text(encoding="utf-8"))["package"]
    uv = next(p for p in packages if p["name"] == "uv")
    files = [*uv.get("wheels", []), *([uv["sdist"]] if "sdist" in uv else [])]
    hashes = " ".join(f"--hash={f['hash']}" for f in files)
    return f"uv=={uv['version']} {hashes}"


def tested_versions() -> dict[str, str]:
    """package → the version the suite last passed with."""
    lines = SYSTEM.read_text(encoding="utf-8").splitlines()
    return dict(line.split(maxsplit=1) for line in lines if line.strip() and not line.startswith("#"))


def installed_version(package: str) -> str:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else "not installed"


def system_versions(write: bool) -> None:
    tested = tested_versions()
    installed = {package: installed_version(package) for package in tested}
    for package, version in installed.items():
        mark = "" if version == tested[package] else f"   DIFFERS: tested with {tested[package]}"
        print(f"  {package} {version}{mark}")
    if write:
        header = [line for line in SYSTEM.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        body = [f"{package} {version}" for package, version in sorted(installed.items())]
        SYSTEM.write_text("\n".join(header + body) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    command = argv[0] if argv else ""
    if command == "uv-requirement":
        print(uv_requirement())
    elif command == "system-packages":
        print("\n".join(tested_versions()))
    elif command == "system-versions":
        system_versions(write="--write" in argv)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
