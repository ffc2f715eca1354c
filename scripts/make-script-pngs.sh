#!/usr/bin/env bash
# Writes docs/scripts-<script>.png: the first page of the multi-script fixture's card
# (tests/fixtures/scripts) in one locale per script, as linked from the README.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -A locales=(
  [arabic]=ar [hebrew]=he [thai]=th [devanagari]=hi [bengali]=bn [tamil]=ta [khmer]=km
  [myanmar]=my [cyrillic]=ru [vietnamese]=vi [han]=zh_Hant [hangul]=ko [japanese]=ja
)
args=()
for locale in "${locales[@]}"; do args+=(--locale "$locale"); done
.venv/bin/guide --project tests/fixtures/scripts build --product card --out "$out" "${args[@]}" >/dev/null
for script in "${!locales[@]}"; do
  pdftoppm -r 100 -f 1 -l 1 -singlefile -png "$out/${locales[$script]}/consult-card.pdf" "docs/scripts-$script"
done
ls docs/scripts-*.png
