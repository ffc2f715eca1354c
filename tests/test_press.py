"""The press paper: what a print shop checks, read back from the PDFs (no PDF/X validator
installs here, so the structure is checked): a GTS_PDFX output intent with its CMYK ICC
profile, TrimBox and BleedBox on every page with 10 pt (3.53 mm) of bleed, crop marks outside
the bleed, every font embedded, no RGB colour, black text in 100 % K."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import page
import pikepdf
import pytest

from generator import load_config
from generator.pipeline.cards import make_card
from generator.press import rgb_operators

from .conftest import ROOT, built_once, plumbed

# Tests that read the shared build's PDFs run on one pytest-xdist worker, which parses each once.
pytestmark = pytest.mark.xdist_group("repo_build")

MM = 72 / 25.4


@pytest.fixture(scope="session")
def press_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def make(folder: Path) -> None:
        make_card(load_config(ROOT), "zh_Hant", also="ko", paper="press", out=folder / "consult-card.ko.press.pdf")

    return built_once(tmp_path_factory, "press", make) / "consult-card.ko.press.pdf"


@pytest.fixture(params=["card", "guide"])
def press_pdf(request: pytest.FixtureRequest, press_card: Path, repo_build: Path) -> Path:
    return press_card if request.param == "card" else repo_build / "ko" / "guide.press.pdf"


def boxes(page_: pikepdf.Page, name: str) -> list[float]:
    return [float(v) for v in page_.obj[name]]


def test_press_pdf_is_claimed_as_pdfx4_with_its_output_intent(press_pdf: Path) -> None:
    with pikepdf.open(press_pdf) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile
        header = profile.read_bytes()[:20]
        assert int(profile.N) == 4 and header[12:16] == b"prtr" and header[16:20] == b"CMYK"
        with pdf.open_metadata() as meta:
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert meta["pdfuaid:part"] == "1"


def test_every_page_has_trim_and_bleed_boxes_with_3_53mm_bleed(press_pdf: Path) -> None:
    with pikepdf.open(press_pdf) as pdf:
        for page_ in pdf.pages:
            media, bleed, trim = (boxes(page_, name) for name in ("/MediaBox", "/BleedBox", "/TrimBox"))
            margins = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
            # the figure the docs give the printer (docs/print-shops.md): 10 pt, 3.53 mm, on every side
            assert all(abs(margin - 10) < 0.01 for margin in margins), margins
            assert media[0] <= bleed[0] and media[1] <= bleed[1] and media[2] >= bleed[2] and media[3] >= bleed[3]


def test_crop_marks_lie_on_the_trim_lines_outside_the_bleed(press_pdf: Path) -> None:
    with pikepdf.open(press_pdf) as pdf:
        bleed_margin = min(
            t - b
            for t, b in zip(boxes(pdf.pages[0], "/TrimBox")[:2], boxes(pdf.pages[0], "/BleedBox")[:2], strict=True)
        )
    with plumbed(press_pdf) as pdf:
        for page_ in pdf.pages:
            x0, top, x1, bottom = page_.trimbox

            def outside(o: dict, by: float, x0=x0, top=top, x1=x1, bottom=bottom) -> bool:  # type: ignore[no-untyped-def]
                return o["x1"] <= x0 - by or o["x0"] >= x1 + by or o["bottom"] <= top - by or o["top"] >= bottom + by

            marks = [o for o in page_.lines if outside(o, 0)]
            assert len(marks) == 8  # two at each corner
            assert all(outside(o, bleed_margin) for o in marks)  # cut away with the bleed
            on_trim_line = [
                o
                for o in marks
                if min(abs(o["x0"] - x) for x in (x0, x1)) < 0.5 or min(abs(o["top"] - y) for y in (top, bottom)) < 0.5
            ]
            assert len(on_trim_line) == 8


def test_no_rgb_and_black_text_is_100_percent_k(press_pdf: Path) -> None:
    assert rgb_operators(press_pdf.read_bytes()) == []
    with plumbed(press_pdf) as pdf:
        colours = Counter(tuple(c["non_stroking_color"]) for p in pdf.pages[:3] for c in p.chars)
        # the body text (the guide's 10 pt, the card's 9.5 pt questions; smaller text may be grey on purpose)
        body = Counter(
            tuple(c["non_stroking_color"]) for p in pdf.pages[:3] for c in p.chars if 9.5 <= round(c["size"], 1) <= 10
        )
    assert all(len(colour) == 4 for colour in colours)  # CMYK only
    assert body.most_common(1)[0][0] == (0, 0, 0, 1)


def test_every_font_is_embedded(press_pdf: Path) -> None:
    with pikepdf.open(press_pdf) as pdf:
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
        assert fonts
        for font in fonts:
            leaf = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            if leaf.get("/Subtype") == "/Type3":
                continue
            descriptor = leaf.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")


@pytest.mark.typeset
def test_press_pdfs_stay_accessible(press_card: Path) -> None:
    assert page.validate_pdf(str(press_card), profile="ua1").failures == []


@pytest.mark.typeset
def test_press_pdfs_are_reproducible(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import BuildOptions, build

    toml = mini / "guide.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[products.card]\npapers = ["press"]\n', encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build(load_config(mini), BuildOptions(out=tmp_path / "one", locales=["ko"], products=["card"]))
    # The second from another checkout, with another font cache: a fresh clone on another machine
    elsewhere = shutil.copytree(mini, tmp_path / "another-checkout")
    monkeypatch.setenv("GUIDE_CACHE_DIR", str(tmp_path / "another-cache"))
    build(load_config(elsewhere), BuildOptions(out=tmp_path / "two", locales=["ko"], products=["card"]))
    first, second = (tmp_path / name / "ko" / "consult-card.press.pdf" for name in ("one", "two"))
    assert first.read_bytes() == second.read_bytes()
