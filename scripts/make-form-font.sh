#!/usr/bin/env bash
# Makes templates/fonts/form-field.otf: the Latin part of Noto Sans CJK HK
# (SIL Open Font License), for the card's fillable answer fields. A PDF form
# field embeds its whole font, and the full CJK face is 16 MB; this subset is
# a few KB. Run once when changing it; the result is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyftsubset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=4 \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203A,U+20AC" \
  --layout-features='' --no-hinting --desubroutinize --name-IDs='*' \
  --output-file=templates/fonts/form-field.otf
