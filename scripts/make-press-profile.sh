#!/usr/bin/env bash
# Makes templates/color/FOGRA39L-guide.icc: the CMYK output profile of the "press" paper
# (its PDF/X-4 output intent). Made with ArgyllCMS's colprof from the FOGRA39L
# characterization data (offset printing, coated paper, ISO 12647-2:2004) shipped by
# Debian's icc-profiles-free (zlib licence; the profile is data made from it, no
# ArgyllCMS code). Needs `apt-get install argyll icc-profiles-free`. Run once when
# changing it; the result (150 KB) is committed, so builds need neither package.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
colprof -ql -kr -D "FOGRA39L coated (guide press)" \
  -C "Made with ArgyllCMS colprof from the FOGRA39L data in Debian icc-profiles-free (zlib licence)" \
  "$work/FOGRA39L" >/dev/null
cp "$work/FOGRA39L.icc" templates/color/FOGRA39L-guide.icc
