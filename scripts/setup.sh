#!/usr/bin/env bash
# Installs everything the project needs on a Debian/Ubuntu machine with Python 3.11+:
#   fonts-noto-cjk       static Noto Sans/Serif CJK (HK, TC, KR faces): the guide's fonts
#   fonts-noto-core      Noto Sans/Serif for the other scripts (Arabic, Hebrew, Thai, Devanagari, Khmer...)
#   libharfbuzz-subset0  fast font subsetting in WeasyPrint (else it falls back to slow fontTools)
#   libpango-1.0-0, libpangoft2-1.0-0, fontconfig   WeasyPrint's text layout and font lookup
#   gettext              msgfmt, to check catalogues the way GNU gettext does
#   poppler-utils        pdftoppm/pdffonts, to look at the pages
#   chromium             the browser the index-page tests drive with Playwright (never `playwright install`)
# then a virtual environment in .venv with the package and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-noto-cjk fonts-noto-core libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fontconfig gettext poppler-utils chromium)
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

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
touch .venv/.installed  # what `make` checks, so .ci/run does not set up twice
echo "Set-up done: .venv/bin/guide is ready."
