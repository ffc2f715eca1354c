"""PDF/UA-1: every PDF the build writes passes the ``page`` validator with zero failures,
and what a screen reader relies on is there, read back from the structure with pikepdf."""

from __future__ import annotations

from pathlib import Path

import page
import pikepdf
import polib
import pytest

from .conftest import ROOT

# Tests that read the shared build's PDFs run on one pytest-xdist worker, which parses each once.
pytestmark = pytest.mark.xdist_group("repo_build")


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"]


def reachable(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    kids = pdf.Root.StructTreeRoot.K
    stack = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and node.is_indirect and node.objgen not in seen and "/S" in node:
            seen.add(node.objgen)
            k = node.get("/K")
            stack.extend(list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else [])
    return seen


def test_every_pdf_of_the_build_passes_the_pdfua1_validator(repo_build: Path) -> None:
    pdfs = sorted(repo_build.rglob("*.pdf"))
    kinds = {p.name.split(".")[0] for p in pdfs} | {p.suffixes[-2] for p in pdfs if len(p.suffixes) > 1}
    assert {"guide", "consult-card", ".a4", ".letter", ".ko"} <= kinds  # guides, cards, bilingual cards, sheets
    failures = {}
    for path in pdfs:
        report = page.validate_pdf(str(path), profile="ua1")
        if report.failures:
            failures[str(path.relative_to(repo_build))] = [f"{f.rule_id}: {f.message}" for f in report.failures[:3]]
    assert failures == {}


def test_every_script_of_the_fixture_passes_the_pdfua1_validator(scripts_build: Path) -> None:
    """The complex scripts' ToUnicode maps and ActualText spans (typeset/actualtext.py): an empty
    ToUnicode entry (a Devanagari reph, a Khmer split vowel) is a malformed map to the validator."""
    failures = {}
    for path in sorted(scripts_build.rglob("*.pdf")):
        report = page.validate_pdf(str(path), profile="ua1")
        if report.failures:
            failures[str(path.relative_to(scripts_build))] = [f.rule_id for f in report.failures[:3]]
    assert failures == {}


def test_other_language_runs_carry_their_own_lang(repo_build: Path) -> None:
    with pikepdf.open(repo_build / "zh_Hant" / "consult-card.ko.pdf") as pdf:
        assert str(pdf.Root.Lang) == "zh-Hant-HK"
        korean = [e for e in struct_elements(pdf) if str(e.get("/Lang", "")) == "ko"]
        assert len(korean) >= 10  # the title and every question in the clinician's language
    with pikepdf.open(repo_build / "en" / "guide.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert "zh-Hant-HK" in {str(e.Lang) for e in struct_elements(pdf) if "/Lang" in e}  # 問清楚 in the text


def test_running_heads_are_pagination_artifacts_and_no_content_is_orphaned(repo_build: Path) -> None:
    with pikepdf.open(repo_build / "ko" / "guide.pdf") as pdf:
        owned = reachable(pdf)
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        artifacts = 0
        for page_ in pdf.pages[2:]:  # past the cover and contents, every page has a head and a footer
            owners = parents[int(page_.StructParents)]
            marks = [ops for ops, op in pikepdf.parse_content_stream(page_) if str(op) == "BDC"]
            pagination = [o for o in marks if o[0] == "/Artifact" and o[1].get("/Type") == "/Pagination"]
            assert len(pagination) >= 2
            artifacts += len(pagination)
            for operands in marks:
                if "/MCID" in operands[1]:
                    assert owners[int(operands[1].MCID)].objgen in owned
        assert artifacts >= 2 * (len(pdf.pages) - 2)


def test_qr_codes_are_described_in_the_readers_language(repo_build: Path) -> None:
    # The generator ships this string in Korean (the project's catalogue may override it)
    po = polib.pofile(str(ROOT / "generator/locale/ko/LC_MESSAGES/generator.po"))
    template = po.find("QR code: PubMed abstract, PMID %(pmid)s", msgctxt="qr").msgstr
    assert template and "PMID" in template
    with pikepdf.open(repo_build / "ko" / "guide.pdf") as pdf:
        alts = [str(e.Alt) for e in struct_elements(pdf) if e.S == "/Figure"]
    assert template % {"pmid": "36230058"} in alts
    assert all(alt.startswith("QR 코드") for alt in alts)


def test_contents_links_say_their_section_titles(repo_build: Path) -> None:
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(repo_build / "ko" / "guide.pdf").pages[1:2])
    with pikepdf.open(repo_build / "ko" / "guide.pdf") as pdf:
        internal = [str(a.Contents) for a in pdf.pages[1].get("/Annots", []) if "/Dest" in a]
    assert len(set(internal)) >= 9
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in title) for title in internal)  # Korean, not "wellness"
    assert all("".join(t.split()) in "".join(text.split()) for t in set(internal))


@pytest.mark.parametrize("name", ["consult-card.pdf", "consult-card.ko.pdf"])
def test_form_fields_have_appearance_streams(repo_build: Path, name: str) -> None:
    with pikepdf.open(repo_build / "zh_Hant" / name) as pdf:
        widgets = [a for p in pdf.pages for a in p.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        answers = {str(w.T).rsplit("-", 1)[0] for w in widgets if str(w.T).startswith("answer-")}
        assert len(answers) == 10 and len(widgets) >= 10 * 2 + 4  # a field a line; clinic, doctor, date, language
        assert all("/N" in w.AP for w in widgets)
        assert "/NeedAppearances" not in pdf.Root.AcroForm


def test_sheets_are_tagged_documents_in_the_cards_language(repo_build: Path) -> None:
    with (
        pikepdf.open(repo_build / "ko" / "consult-card.en.a4.pdf") as pdf,
        pikepdf.open(repo_build / "ko" / "consult-card.en.pdf") as card,
    ):
        assert pdf.pdf_version >= "1.7"
        assert str(pdf.Root.Lang) == "ko"
        figures = [e for e in struct_elements(pdf) if e.S == "/Figure"]
        assert len(figures) == len(pdf.pages)
        assert all(str(card.docinfo.Title) in str(f.Alt) for f in figures)
