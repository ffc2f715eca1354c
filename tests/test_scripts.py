"""Every script prints as the full fonts print it: prepared faces, RTL layout, fonts by script, line breaks."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from generator import fonts
from generator.render import font_stack

# (lang, family, text): a sentence per script, with the characters that shapers treat specially
# (Thai SARA AM, Arabic joining and lam-alef, Devanagari conjuncts, Khmer coeng, Vietnamese stacked marks).
SAMPLES = [
    ("th", "Noto Sans Thai", "คำถามสิบข้อสำหรับการปรึกษาแพทย์ น้ำ ผู้ป่วยควรถามแพทย์ก่อนรับการรักษา"),
    ("ar", "Noto Sans Arabic", "عشرة أسئلة لاستشارة الطبيب: هل هذا العلاج معتمد؟ لا"),
    ("fa", "Noto Naskh Arabic", "ده پرسش برای مشاوره با پزشک؛ می\u200cخواهم بدانم"),
    ("he", "Noto Sans Hebrew", "עשר שאלות להתייעצות עם הרופא: האם הטיפול מאושר?"),
    ("hi", "Noto Sans Devanagari", "डॉक्टर से परामर्श के लिए दस प्रश्न: क्या यह उपचार स्वीकृत है? क्षत्रिय"),
    ("bn", "Noto Sans Bengali", "ডাক্তারের সাথে পরামর্শের জন্য দশটি প্রশ্ন: চিকিৎসা"),
    ("ta", "Noto Sans Tamil", "மருத்துவருடன் ஆலோசனைக்கான பத்து கேள்விகள்"),
    ("km", "Noto Sans Khmer", "សំណួរដប់សម្រាប់ការពិគ្រោះជាមួយគ្រូពេទ្យ"),
    ("my", "Noto Sans Myanmar", "ဆရာဝန်နှင့် တိုင်ပင်ရန် မေးခွန်းဆယ်ခု"),
    ("ru", "Noto Sans", "Десять вопросов для консультации с врачом: ёж, й"),
    ("vi", "Noto Sans CJK HK", "Mười câu hỏi khi đi khám bác sĩ: liệu pháp tế bào gốc có được phê duyệt không?"),
    ("vi", "Noto Sans", "Mười câu hỏi khi đi khám bác sĩ: liệu pháp tế bào gốc có được phê duyệt không?"),
    ("zh-Hant-HK", "Noto Sans CJK HK", "問清楚：幹細胞療法是否已獲批准？「一般健康」產品"),
    ("ko", "Noto Sans CJK KR", "의사 상담을 위한 열 가지 질문: 줄기세포 치료는 승인되었습니까?"),
]
RTL = {"ar", "fa", "he", "ur"}


def _html(prepared: list[fonts.PreparedFace]) -> str:
    """The samples, regular and bold, each in its family: prepared face first when there is one."""
    cut = {face.family for face in prepared}
    rules = [
        f'@font-face {{ font-family: "{face.css_family}"; font-weight: {face.weight}; '
        f'src: url("{face.path.as_uri()}"); }}'
        for face in prepared
    ]
    body = []
    for i, (lang, family, text) in enumerate(SAMPLES):
        names = [family + fonts.PREPARED_SUFFIX, family] if family in cut else [family]
        rules.append(f".s{i} {{ font-family: {font_stack(names)}; }}")
        direction = ' dir="rtl"' if lang in RTL else ""
        for weight in (400, 700):
            body.append(f'<p lang="{lang}"{direction} class="s{i}" style="font-weight: {weight}">{text}</p>')
    style = "@page { size: A5; margin: 10mm; } body { font-size: 11pt; }\n" + "\n".join(rules)
    return f"<html><head><style>{style}</style></head><body>{''.join(body)}</body></html>"


def _pages(html: str) -> list:
    from weasyprint import HTML

    document = pdfium.PdfDocument(HTML(string=html).write_pdf())
    return [page.render(scale=2).to_pil().convert("L") for page in document]


def _differing_pixels(prepared: list[fonts.PreparedFace]) -> int:
    with_prepared, with_full = _pages(_html(prepared)), _pages(_html([]))
    assert len(with_prepared) == len(with_full)
    return sum(sum(ImageChops.difference(a, b).histogram()[1:]) for a, b in zip(with_prepared, with_full, strict=True))


def _prepare(folder: Path) -> list[fonts.PreparedFace]:
    families = list(dict.fromkeys(family for _, family, _ in SAMPLES))
    return fonts.prepare_faces(families, "".join(text for _, _, text in SAMPLES), folder)


def test_prepared_faces_print_every_script_as_the_full_fonts(tmp_path: Path) -> None:
    prepared = _prepare(tmp_path)
    assert {face.family for face in prepared} == {"Noto Sans CJK HK", "Noto Sans CJK KR"}  # the big faces only
    assert _differing_pixels(prepared) == 0


def test_faces_cut_to_the_shaping_closure_print_as_the_full_fonts(tmp_path: Path, monkeypatch) -> None:
    """Even a cut Thai or Arabic face shapes as the full one: every feature, script and decomposition is kept."""
    monkeypatch.setattr(fonts, "CUT_ABOVE_GLYPHS", 0)
    prepared = _prepare(tmp_path)
    assert len({face.family for face in prepared}) == len({family for _, family, _ in SAMPLES})
    assert _differing_pixels(prepared) == 0


def test_a_cut_without_the_closure_would_break_thai(tmp_path: Path, monkeypatch) -> None:
    """The comparison can fail: cut to the text's own code points, SARA AM loses its ring."""
    monkeypatch.setattr(fonts, "CUT_ABOVE_GLYPHS", 0)
    monkeypatch.setattr(fonts, "shaping_closure", set)
    assert _differing_pixels(_prepare(tmp_path)) > 1000


def test_shaping_closure_has_what_the_shapers_look_up() -> None:
    closure = fonts.shaping_closure({"\u0e33", "\u1ec7", "\u00e9"})  # Thai AM, Vietnamese ệ, é
    assert {"\u0e4d", "\u0e32", "\u25cc"} <= closure
    assert set(unicodedata.normalize("NFD", "\u1ec7")) <= closure
    assert "\u1eb9" in closure  # ệ = ẹ + ̂: the shaper recomposes a base and its first marks


@pytest.mark.parametrize(
    ("code", "script", "sans"),
    [
        ("th", "Thai", "Noto Sans Thai"),
        ("ar", "Arab", "Noto Sans Arabic"),
        ("he", "Hebr", "Noto Sans Hebrew"),
        ("hi", "Deva", "Noto Sans Devanagari"),
        ("km", "Khmr", "Noto Sans Khmer"),
        ("my", "Mymr", "Noto Sans Myanmar"),
        ("ru", "Cyrl", "Noto Sans CJK HK"),
        ("ko", "Kore", "Noto Sans CJK KR"),
        ("zh_Hans", "Hans", "Noto Sans CJK SC"),
    ],
)
def test_default_fonts_follow_the_script(code: str, script: str, sans: str) -> None:
    from generator.config import default_fonts, script_of

    assert script_of(code) == script
    assert default_fonts(code)[0][0] == sans
    assert all(family in fonts.installed_families() for family in (*default_fonts(code)[0], *default_fonts(code)[1]))
