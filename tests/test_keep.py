"""Nothing the user made is lost: an output changed since guide wrote it (a card filled in a PDF
viewer and saved in place) is moved aside and named before the new one is written."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from generator.files import keep_aside

from .runners import guide

CARD = "dist/ko/consult-card.pdf"
PO = "locales/ko/LC_MESSAGES/guide.po"


def build(project: Path, *args: str):
    result = guide("--project", str(project), "build", "--locale", "ko", "--product", "card", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return result


def fill(pdf_path: Path, text: str) -> None:
    """Type ``text`` into the card's first text field and save in place, as a PDF viewer does."""
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        field = next(f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Tx")
        field.V = pikepdf.String(text)
        pdf.save(pdf_path)


def typed(pdf_path: Path) -> list[str]:
    with pikepdf.open(pdf_path) as pdf:
        return [str(f.V) for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Tx" and str(f.get("/V", ""))]


@pytest.mark.typeset
def test_a_filled_card_is_kept_when_the_build_replaces_it(mini):
    build(mini)
    fill(mini / CARD, "fever for 3 days")
    with (mini / PO).open("a", encoding="utf-8") as po:
        po.write("\n# an edit that rebuilds the card\n")
    result = build(mini)
    kept = mini / "dist/ko/consult-card.kept-1.pdf"
    assert typed(kept) == ["fever for 3 days"]
    assert typed(mini / CARD) == []  # the new card, empty
    line = f"{CARD}: changed since guide wrote it (filled in?): kept as dist/ko/consult-card.kept-1.pdf"
    assert line in result.stdout
    # Filled again, and --force ("replace what guide did not write"): still the user's, kept beside the first.
    first = kept.read_bytes()
    fill(mini / CARD, "second patient")
    result = build(mini, "--force")
    assert typed(mini / "dist/ko/consult-card.kept-2.pdf") == ["second patient"]
    assert kept.read_bytes() == first and typed(mini / CARD) == []
    assert "kept as dist/ko/consult-card.kept-2.pdf" in result.stdout
    # The index page does not show a patient's card.
    assert "kept-" not in (mini / "dist/index.html").read_text(encoding="utf-8")


@pytest.mark.typeset
def test_an_unchanged_card_is_replaced_without_a_copy(mini):
    build(mini)
    with (mini / PO).open("a", encoding="utf-8") as po:
        po.write("\n# an edit that rebuilds the card\n")
    result = build(mini, "--force")
    assert "kept" not in result.stdout
    assert sorted(p.name for p in (mini / "dist/ko").iterdir()) == ["consult-card.pdf"]


@pytest.mark.typeset
def test_guide_card_keeps_a_filled_card_too(mini):
    build(mini)
    fill(mini / CARD, "from guide card")
    result = guide("--project", str(mini), "card", "--lang", "ko", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert typed(mini / "dist/ko/consult-card.kept-1.pdf") == ["from guide card"]
    assert typed(mini / CARD) == []
    # What guide card wrote is guide's: the next build replaces it without keeping a copy.
    assert "kept" not in build(mini, "--force").stdout


@pytest.mark.typeset
def test_without_the_build_record_a_filled_card_is_still_kept(mini):
    build(mini)
    fill(mini / CARD, "record lost")
    (mini / "dist/.guide-build.json").unlink()
    build(mini)
    assert typed(mini / "dist/ko/consult-card.kept-1.pdf") == ["record lost"]


def test_keep_aside_never_replaces_an_earlier_copy(tmp_path):
    card = tmp_path / "card.pdf"
    (tmp_path / "card.kept-1.pdf").write_bytes(b"first")
    card.write_bytes(b"second")
    assert keep_aside(card) == tmp_path / "card.kept-2.pdf"
    assert (tmp_path / "card.kept-1.pdf").read_bytes() == b"first"
    assert (tmp_path / "card.kept-2.pdf").read_bytes() == b"second" and not card.exists()
