#!/usr/bin/env bash
# Installs everything the project needs on a Debian/Ubuntu machine with Python 3.11+:
#   fonts-noto-cjk       static Noto Sans/Serif CJK (HK, TC, KR faces): the guide's fonts
#   fonts-noto-core      Noto Sans/Serif for the other scripts (Arabic, Hebrew, Thai, Devanagari, Khmer...)
#   libharfbuzz-subset0  fast font subsetting in WeasyPrint (else it falls back to slow fontTools)
#   libpango-1.0-0, libpangoft2-1.0-0, fontconfig   WeasyPrint's text layout and font lookup
#   gettext              msgfmt, to check catalogues the way GNU gettext does
#   poppler-utils        pdftoppm/pdffonts, to look at the pages
#   chromium             the browser the index-page tests drive with Playwright (never `playwright install`)
# (their list, with the versions the suite last passed with: scripts/system-packages.txt),
# then a virtual environment in .venv with the package and its test tools, exactly as uv.lock says.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(python3 scripts/lock.py system-packages)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "System packages (installed, and any difference from scripts/system-packages.txt):"
python3 scripts/lock.py system-versions

# The Python packages: exact versions and hashes from uv.lock. uv itself comes first, with pip, at the
# version the lock holds and checked against the lock's hashes; it then installs everything else.
python3 -m venv .venv
python3 scripts/lock.py uv-requirement > .venv/uv-requirement.txt
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r .venv/uv-requirement.txt
# --locked: fail if uv.lock and pyproject.toml disagree (run `make upgrade`, or `uv lock` after editing
# pyproject.toml); exact: a package the lock no longer lists is removed.
UV_PYTHON_DOWNLOADS=never .venv/bin/uv sync --locked --extra test --python .venv/bin/python --quiet

echo "Python packages (from uv.lock):"
.venv/bin/uv pip list --python .venv/bin/python --format freeze | grep -E '^(babel|weasyprint|pydyf|fonttools|pikepdf|uharfbuzz|pypdfium2|polib|jinja2|budoux)==' | paste -sd ' '
touch .venv/.installed  # what `make` checks, so .ci/run does not set up twice
echo "Set-up done: .venv/bin/guide is ready."
