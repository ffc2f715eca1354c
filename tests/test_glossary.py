"""The glossary enforced by guide check: enforced terms, longest match first, and the catalogues' offshore terms."""

import re
from pathlib import Path

import polib
import pytest

from generator.config import load_config
from generator.messages.checks import check_project, check_texts
from generator.messages.glossary import Term, load_glossary

from .conftest import ROOT

OFFSHORE = [
    Term("offshore", "offshore", {"ko": "역외", "zh_Hant": "離岸"}, False, None, True),
    Term("consult", "consult", {"ko": "상담", "zh_Hant": "面診"}, False, None, True),
    Term("consult-room", "consult room", {"ko": "진료실", "zh_Hant": "診症室"}, False, None, True),
    Term("adipose", "adipose tissue", {"ko": "지방조직"}, False, None),
]


def problems(source: str, target: str, locale: str = "ko") -> list[tuple[str, str]]:
    return [(severity, message) for severity, message, _ in check_texts(source, target, OFFSHORE, locale)]


def test_an_enforced_term_left_out_is_an_error():
    assert problems("unregistered offshore clinics", "등록되지 않은 해외 병원") == [
        ("error", "glossary: 'offshore' should be '역외'")
    ]
    assert problems("unregistered offshore clinics", "등록되지 않은 역외 병원") == []
    assert problems("unregistered offshore clinics", "未登記的海外診所", "zh_Hant") == [
        ("error", "glossary: 'offshore' should be '離岸'")
    ]


def test_a_term_that_is_not_enforced_stays_a_warning():
    assert problems("adipose tissue", "지방") == [("warning", "glossary: 'adipose tissue' should be '지방조직'")]


def test_the_longest_term_decides():
    """'consult room' is the room (진료실), its own term: the 'consult' inside it is not checked."""
    assert problems("Ask in the consult room", "진료실에서 물으십시오") == []
    assert problems("Ask in the consult room", "상담실에서 물으십시오") == [
        ("error", "glossary: 'consult room' should be '진료실'")
    ]
    # both in one source: each occurrence is checked against its own term
    assert problems("At the consult, in the consult room", "상담 때, 진료실에서") == []
    assert problems("At the consult, in the consult room", "진료실에서") == [
        ("error", "glossary: 'consult' should be '상담'")
    ]


def test_the_repository_glossary_enforces_offshore():
    terms = {t.id: t for t in load_glossary(ROOT / "locales/glossary.yaml", "en", ROOT)}
    assert terms["offshore"].enforce and terms["offshore"].targets == {"zh_Hant": "離岸", "ko": "역외"}
    # one term for offshore in each language: no longer term overrides it ("sourced offshore" is 역외 too)
    assert not [t.id for t in terms.values() if "offshore" in t.source and t.id != "offshore"]
    for term in ("uncommon", "serious-event", "consult-room", "protocol"):
        assert terms[term].enforce, term
    assert not terms["stem-cell"].enforce


@pytest.mark.parametrize("locale, wrong", [("ko", "해외 병원"), ("zh_Hant", "海外診所")])
def test_no_offshore_clinic_is_called_a_foreign_one(locale: str, wrong: str):
    po = polib.pofile(str(ROOT / f"locales/{locale}/LC_MESSAGES/guide.po"))
    offshore = [e for e in po if re.search(r"offshore (clinic|destination|row)|Offshore \(", e.msgid)]
    assert len(offshore) >= 5
    assert not [e.msgctxt for e in offshore if wrong in e.msgstr]


@pytest.mark.parametrize("locale", ["zh_Hant", "ko"])
def test_the_catalogues_pass_the_enforced_glossary(locale: str):
    found = [p.format() for p in check_project(load_config(ROOT), [locale]) if "glossary" in p.message]
    assert not found, found


def test_an_enforced_term_stops_the_check(mini: Path):
    """A catalogue entry that drops an enforced term fails guide check, on that entry's line."""
    (mini / "locales/glossary.yaml").write_text(
        "terms:\n  - id: in-writing\n    en: in writing\n    ko: 서면\n    enforce: true\n", encoding="utf-8"
    )
    po = mini / "locales/ko/LC_MESSAGES/guide.po"
    assert not [p for p in check_project(load_config(mini), ["ko"]) if p.severity == "error"]
    po.write_text(po.read_text(encoding="utf-8").replace("답변은 서면으로", "답변은 문서로"), encoding="utf-8")
    found = [p for p in check_project(load_config(mini), ["ko"]) if p.severity == "error"]
    assert [p.message for p in found] == ["glossary: 'in writing' should be '서면'"]
    assert "답변은 문서로" in po.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
