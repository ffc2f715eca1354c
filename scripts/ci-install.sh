#!/usr/bin/env bash
# CI: install guide as a user does, without the repository. Builds the wheel, installs it into a clean
# virtual environment in a temporary folder outside the repository (the dependencies at uv.lock's
# versions), then in an empty folder runs `guide new`, `guide build` and `guide check` and reads the
# PDFs back: every one there, the guide's title in its text, its page size. Exit 1 on any failure.
# Needs the set-up (`make setup`: .venv with the locked uv, poppler-utils); no network beyond PyPI.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
uv="$repo/.venv/bin/uv"
export UV_PYTHON_DOWNLOADS=never
tmp="$(mktemp -d "${TMPDIR:-/tmp}/guide-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "ci-install: FAILED: $*" >&2; exit 1; }

# The wheel, and the lock's versions of what it depends on (not the test tools, not uv).
(cd "$repo" && "$uv" build --wheel --quiet --out-dir "$tmp/wheel")
(cd "$repo" && "$uv" export --frozen --no-hashes --no-emit-project --no-default-groups --quiet) > "$tmp/constraints.txt"
wheel="$(ls "$tmp"/wheel/*.whl)"
echo "ci-install: wheel $(basename "$wheel"), $(( $(stat -c %s "$wheel") / 1024 )) KB"

"$uv" venv --quiet --python python3 "$tmp/venv"
"$uv" pip install --quiet --python "$tmp/venv/bin/python" --constraints "$tmp/constraints.txt" "$wheel"
# Every installed package at the locked release (the constraints' lines are `name==version ; markers`).
strays="$("$uv" pip freeze --python "$tmp/venv/bin/python" | grep -v '^guide-generator' \
  | grep -vxFf <(sed -n 's/^\([A-Za-z0-9._-]*==[^ ;]*\).*/\1/p' "$tmp/constraints.txt") || true)"
[ -z "$strays" ] || fail "installed but not as uv.lock says: $strays"
echo "ci-install: $("$uv" pip freeze --python "$tmp/venv/bin/python" | wc -l) packages installed, all as locked"

# From here on only the installed tool: an empty folder, the new venv's bin first on PATH, nothing of
# the repository importable, and a font cache of its own.
mkdir "$tmp/work"
cd "$tmp/work"
unset VIRTUAL_ENV PYTHONPATH
export PATH="$tmp/venv/bin:$PATH" GUIDE_CACHE_DIR="$tmp/cache"
where="$(python -c 'import generator; print(generator.__file__)')"
case "$where" in "$tmp/venv/"*) ;; *) fail "generator imported from $where, not the clean venv" ;; esac
[ "$(command -v guide)" = "$tmp/venv/bin/guide" ] || fail "guide on PATH is $(command -v guide)"

title="Install check guide"
guide new my-guide --title "$title" --locales en,fr,ko
cd my-guide
guide build
guide check > "$tmp/check.txt" 2>&1 || { cat "$tmp/check.txt"; fail "guide check"; }
echo "ci-install: guide check: $(tail -n 1 "$tmp/check.txt")"

# A6 card (297.64 x 419.53 pt) and A5 guide (419.53 x 595.28 pt) in every locale (untranslated: English).
check_pdf() {  # file, expected "W x H" in whole points, a text it must hold
  local pdf="$1" size="$2" text="$3"
  [ -s "$pdf" ] || fail "$pdf was not built"
  pdftotext "$pdf" - | tr -s ' \n' ' ' | grep -qF "$text" || fail "$pdf: '$text' is not in its text"
  local got
  got="$(pdfinfo "$pdf" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p' \
    | awk '{printf "%d x %d", $1 + 0.5, $2 + 0.5}')"
  [ "$got" = "$size" ] || fail "$pdf: page size $got pt, expected $size"
  echo "ci-install: $pdf: $size pt, $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages"
}
for locale in en fr ko; do
  check_pdf "dist/$locale/consult-card.pdf" "298 x 420" "Questions for your appointment"  # guide new's card title
  check_pdf "dist/$locale/guide.pdf" "420 x 595" "$title"
done
[ -s dist/index.html ] || fail "dist/index.html was not written"
echo "ci-install: installed from the wheel outside the repository: new, build, check passed"
