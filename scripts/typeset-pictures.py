"""The pictures of issue 26's typesetting in docs/img/: each card's panels side by side, at 100 dpi.

    .venv/bin/python scripts/typeset-pictures.py

Builds the multi-script fixture's uk, fr, my and ur cards (apostrophes, one face per word, Burmese
leading, Urdu in Nastaliq) and the first guide's English card with Chinese under each question
(full-width punctuation in the Chinese lines), into a temporary folder, and writes
docs/img/card-<locale>[-<second>].png.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from generator import BuildOptions, build, load_config
from generator.pipeline import make_card

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "scripts"
LOCALES = ["uk", "fr", "my", "ur"]
DPI = 100


def _side_by_side():  # card-pictures.py's, so both sets of pictures look alike
    spec = importlib.util.spec_from_file_location("card_pictures", ROOT / "scripts" / "card-pictures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.side_by_side


def main() -> None:
    side_by_side = _side_by_side()
    folder = ROOT / "docs" / "img"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build(load_config(FIXTURE), BuildOptions(out=out, locales=LOCALES, products=["card"], variants=False))
        cards = {f"card-{code}": out / code / "consult-card.pdf" for code in LOCALES}
        cards["card-en-zh_Hant"] = make_card(load_config(ROOT), "en", "zh_Hant", out=out / "en-zh_Hant.pdf").path
        for name, pdf in cards.items():
            side_by_side(pdf, DPI).save(folder / f"{name}.png", optimize=True)
            print(folder / f"{name}.png")


if __name__ == "__main__":
    main()
