"""The second editorial pass (docs/editorial-pass-2.md), held by the catalogues themselves."""

import re

import polib
import pytest

from .conftest import ROOT


def catalogue(locale: str) -> dict[str, polib.POEntry]:
    po = polib.pofile(str(ROOT / f"locales/{locale}/LC_MESSAGES/guide.po"))
    return {f"{e.msgctxt}|{e.msgid}" if e.msgctxt in ("guide",) else e.msgctxt: e for e in po if not e.obsolete}


def prose(text: str) -> str:
    """A msgstr without its links and placeholders."""
    return re.sub(r"\[[^\]]*\]\([^)]*\)|%\(\w+\)s", "", text)


def test_chinese_uses_full_width_brackets_and_no_stray_spaces():
    for entry in catalogue("zh_Hant").values():
        text = prose(entry.msgstr)
        assert not re.search(r"[()]", text), (entry.msgctxt, text)
        assert not re.search(r"[\u4e00-\u9fff\uff09\u300d] +[\u4e00-\u9fff\d%]|\d +[\u4e00-\u9fff]", text), (
            entry.msgctxt,
            text,
        )
    assert catalogue("zh_Hant")["guide|Edition of %(date)s"].msgstr == "%(date)s版"


def test_english_quoted_in_chinese_comes_after_its_translation():
    for entry in catalogue("zh_Hant").values():
        assert not re.search(r"「[A-Za-z]", entry.msgstr), entry.msgctxt
    review = catalogue("zh_Hant")["evidence.review"].msgstr
    assert "「大致屬於推測」（largely speculative）（Hoang et al., 2023; PMID 36230058）" in review


@pytest.mark.parametrize(
    "locale, context, wanted",
    [
        ("zh_Hant", "evidence.moving", "十八個月"),
        ("ko", "evidence.moving", "18개월"),
        ("zh_Hant", "position.notes", "二十八個月"),
        ("ko", "position.notes", "28개월"),
    ],
)
def test_both_periods_of_the_source_are_carried(locale, context, wanted):
    """The source says "eighteen months" in one place and "twenty-eight months" in another: both stay."""
    assert wanted in catalogue(locale)[context].msgstr


def test_fixed_examples_of_the_issue():
    zh, ko = catalogue("zh_Hant"), catalogue("ko")
    assert "註冊編號" in zh["questions.ten.physician"].msgstr  # a number a patient can check
    assert "照單全收" not in zh["evidence.two-claims"].msgstr and "不會接受後者" in zh["evidence.two-claims"].msgstr
    assert "선뜻" not in ko["evidence.two-claims"].msgstr and "받아들이지 않" in ko["evidence.two-claims"].msgstr
    assert "절제" not in ko["faq.questions.measured-clinic.q"].msgstr + ko["faq.questions.measured-clinic.a"].msgstr
    assert "至少還有兩次面診" in zh["cell-source.order"].msgstr and "要求" in zh["cell-source.order"].msgstr
    assert "離岸地方" not in "".join(e.msgstr for e in zh.values())
    assert not [e.msgctxt for e in zh.values() if "聲稱" in e.msgstr]


def test_the_closing_note_lists_every_changed_entry():
    note = (ROOT / "docs/editorial-pass-2.md").read_text(encoding="utf-8")
    for context in ("faq.questions.measured-clinic.q", "evidence.two-claims", "questions.ten.physician", "page"):
        assert f"`{context}`" in note


def test_issue_28_conventions():
    """The third pass (docs/editorial-pass-3.md): hedges, terms and quotation order held by the catalogues."""
    zh, ko = catalogue("zh_Hant"), catalogue("ko")
    # "uncommon" is the CIOMS band 흔하지 않게, never the "rare" band 드물다, wherever the source says it
    uncommon = [c for c, e in ko.items() if re.search(r"\buncommon\b", e.msgid)]
    assert len(uncommon) == 3 and not [c for c in uncommon if "드물" in ko[c].msgstr]
    # "suggest" is 提示, not 顯示 ("shows"), in the paragraph about the difference between the two claims
    assert zh["evidence.two-claims"].msgstr.count("提示") == 2 and "顯示" not in zh["evidence.two-claims"].msgstr
    assert "보여 주지 못" not in ko["evidence.two-claims"].msgstr
    # HK usage: 求診, one consult room; 江南 always placed in Seoul
    zh_text = "".join(e.msgstr for e in zh.values())
    assert "看診" not in zh_text and "面診室" not in zh_text
    assert all(
        m.start() > 1 and zh_text[m.start() - 2 : m.start()] == "首爾" or zh_text[m.end() : m.end() + 1] == "區"
        for m in re.finditer("江南", zh_text)
    )
    ko_text = "".join(e.msgstr for e in ko.values())
    assert "상담실" not in ko_text and "프로토콜" not in ko_text and "남짓" not in ko_text
    # Korean first, the English source's words after it in brackets
    assert not [c for c, e in ko.items() if re.search(r'"[A-Za-z]', e.msgstr)]
    assert '"대체로 추측에 가깝다"(largely speculative)' in ko["evidence.review"].msgstr
    # table cells: no full stop used as a separator
    assert not [c for c, e in ko.items() if c.startswith("markets.table.") and "." in e.msgstr]


def test_second_korean_read():
    """docs/editorial-pass-3.md, second Korean read: the source's "looks" kept, jargon explained where first met."""
    ko = catalogue("ko")
    assert "받아들일 만해 보이" in ko["position.honest"].msgstr  # "looks broadly acceptable"
    assert "고무적으로 보이" in ko["references.hoang-2023.about"].msgstr  # "look reasonably encouraging"
    for context, gloss in [
        ("wellness.definition", "제대(탯줄)"),
        ("questions.ten.cell-source", "제대(탯줄)"),
        ("risks.review", "이상사례("),
        ("markets.korea", "역외 병원("),
        ("risks.infection", "관리 연속성(chain of custody: "),
    ]:
        assert gloss in ko[context].msgstr, context
    assert not [c for c, e in ko.items() if "특정 질병이 없는" in e.msgstr or "부주의" in e.msgstr]
