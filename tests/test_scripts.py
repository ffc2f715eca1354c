"""Every script prints as the full fonts print it: prepared faces, RTL layout, fonts by script, line breaks."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from generator import fonts
from generator.render import font_stack

from .conftest import char_faces, pdf_text, plumbed

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


@pytest.mark.typeset
def test_prepared_faces_print_every_script_as_the_full_fonts(tmp_path: Path) -> None:
    prepared = _prepare(tmp_path)
    assert {face.family for face in prepared} == {"Noto Sans CJK HK", "Noto Sans CJK KR"}  # the big faces only
    assert _differing_pixels(prepared) == 0


@pytest.mark.typeset
def test_faces_cut_to_the_shaping_closure_print_as_the_full_fonts(tmp_path: Path, monkeypatch) -> None:
    """Even a cut Thai or Arabic face shapes as the full one: every feature, script and decomposition is kept."""
    monkeypatch.setattr(fonts.prepare, "CUT_ABOVE_GLYPHS", 0)
    prepared = _prepare(tmp_path)
    assert len({face.family for face in prepared}) == len({family for _, family, _ in SAMPLES})
    assert _differing_pixels(prepared) == 0


@pytest.mark.typeset
def test_a_cut_without_the_closure_would_break_thai(tmp_path: Path, monkeypatch) -> None:
    """The comparison can fail: cut to the text's own code points, SARA AM loses its ring."""
    monkeypatch.setattr(fonts.prepare, "CUT_ABOVE_GLYPHS", 0)
    monkeypatch.setattr(fonts.prepare, "shaping_closure", set)
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
        ("ru", "Cyrl", "Noto Sans"),
        ("ur", "Arab", "Noto Nastaliq Urdu"),  # a locale's own face: Urdu is read in Nastaliq
        ("ko", "Kore", "Noto Sans CJK KR"),
        ("zh_Hans", "Hans", "Noto Sans CJK SC"),
    ],
)
def test_default_fonts_follow_the_script(code: str, script: str, sans: str) -> None:
    from generator.config import default_fonts, script_of

    assert script_of(code) == script
    assert default_fonts(code)[0][0] == sans
    assert all(family in fonts.installed_families() for family in (*default_fonts(code)[0], *default_fonts(code)[1]))


# --- The multi-script fixture: every locale's card, fonts by script, no English chrome -------------

SCRIPTS = Path(__file__).parent / "fixtures" / "scripts"
# The face each locale's card must be drawn in (chosen by script: the fixture names no fonts).
FACES = {
    "ar": "Noto-Sans-Arabic", "fa": "Noto-Sans-Arabic", "ur": "Noto-Nastaliq-Urdu", "he": "Noto-Sans-Hebrew",
    "th": "Noto-Sans-Thai", "hi": "Noto-Sans-Devanagari", "bn": "Noto-Sans-Bengali", "ta": "Noto-Sans-Tamil",
    "km": "Noto-Sans-Khmer", "my": "Noto-Sans-Myanmar", "ru": "Noto-Sans", "uk": "Noto-Sans",
    "vi": "Noto-Sans", "zh_Hant": "Noto-Sans-CJK-HK", "zh_Hans": "Noto-Sans-CJK-SC", "ko": "Noto-Sans-CJK-KR",
    "ja": "Noto-Sans-CJK-JP", "fr": "Noto-Sans", "lo": "Noto-Sans-Lao",
}  # fmt: skip
CHROME = ["Keep in mind", "Page 1 of", "Some passages are shown in English"]


@pytest.fixture(scope="session")
def script_cards(scripts_build: Path) -> Path:
    return scripts_build


def _fonts(path: Path) -> set[str]:
    return {font.split("+", 1)[-1] for _char, font in char_faces(path)}


@pytest.mark.parametrize("code", sorted(FACES))
def test_every_locale_of_the_fixture_builds_in_its_scripts_font_with_no_english_chrome(script_cards, code):
    card = script_cards / code / "consult-card.pdf"
    pages = pdf_text(card)
    assert 1 <= len(pages) <= 4  # the folded card: four panels at most
    assert any(face.startswith(FACES[code]) for face in _fonts(card)), _fonts(card)
    text = " ".join(" ".join(pages).split())  # (a line may break inside a phrase)
    assert not [words for words in CHROME if words in text]


def _lines(page, *fontname_parts: str) -> dict[float, list[dict]]:
    """The page's characters in a font (by parts of its name), grouped into lines by their baseline."""
    lines: dict[float, list[dict]] = {}
    for char in page.chars:
        mark = all(unicodedata.category(t)[0] == "M" for t in char["text"])
        if all(part in char["fontname"] for part in fontname_parts) and not mark:
            lines.setdefault(round(char["bottom"]), []).append(char)
    return lines


def _nearby(chars: list[dict], gap: float) -> list[list[dict]]:
    """Characters sorted by their bottom, in lines: a line ends where the next bottom is ``gap`` below.
    (Nastaliq's words slant down to the baseline: one line's bottoms spread over most of an em.)"""
    lines: list[list[dict]] = []
    for char in chars:
        if lines and char["bottom"] - lines[-1][-1]["bottom"] < gap:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


@pytest.mark.parametrize("code", ["ar", "he", "fa", "ur"])
def test_rtl_card_numbers_and_lines_start_at_the_right_margin(script_cards, code):
    margin = 7 / 25.4 * 72  # card.css: @page side margins 7mm; the number has a 5mm column of its own
    numbers: list[tuple[int, dict]] = []
    text_lines: list[list[dict]] = []
    with plumbed(script_cards / code / "consult-card.pdf") as pdf:
        right = pdf.pages[0].width - margin
        # the questions are spread over panels 1-3 (typeset/panels.py); a Nastaliq line's letters
        # sit at many heights, so a line is the characters near each other
        for n, page in enumerate(pdf.pages[:3]):
            numbers += [(n, c) for c in page.chars if c["text"].isdigit() and round(c["size"], 1) == 11.0]
            # the questions' lines (9.5 pt): each starts 5 mm in from the right margin
            chars = [
                c for c in page.chars if round(c["size"], 1) == 9.5 and unicodedata.category(c["text"][0])[0] != "M"
            ]
            text_lines += _nearby(sorted(chars, key=lambda c: c["bottom"]), 0.5 * 9.5)
    assert len({(n, round(c["top"])) for n, c in numbers}) >= 3
    for _, number in numbers:  # every question number ends at the right margin
        assert right - 1 <= number["x1"] <= right + 0.5, number
    assert len(text_lines) >= 3
    for line in text_lines:
        start = max(c["x1"] for c in line)
        assert right - 5 / 25.4 * 72 - 1 <= start <= right - 5 / 25.4 * 72 + 0.5, line


def test_rtl_html_is_mirrored_and_isolates_latin_runs():
    from generator.config import load_config
    from generator.content import load_content
    from generator.messages import read_catalogue
    from generator.render import Rendition, make_environment, render_html

    config = load_config(SCRIPTS)
    ar = read_catalogue(config.po_path("ar"), "ar", config.root)
    rendition = Rendition(config.locales["ar"], config.products["card"], ar, also=(config.locales["en"], None))
    text, _ = render_html(make_environment(config), config, load_content(config.content_dir), rendition)
    assert '<html lang="ar" dir="rtl">' in text
    assert '<bdi dir="ltr">PubMed</bdi>' in text  # Latin inside Arabic keeps its own order
    assert 'class="q-also" lang="en" dir="ltr"' in text  # the clinician's English set left to right
    assert "@bottom-right" in text and "counter(page)" in text


def test_digits_follow_cldrs_default_numbering_system():
    from generator.config import load_config

    config = load_config(SCRIPTS)
    fa, ar = config.locales["fa"], config.locales["ar"]
    assert fa.digits("PMID 36230058 (15)") == "PMID ۳۶۲۳۰۰۵۸ (۱۵)" and fa.numbering[1] == "persian"
    assert ar.digits("15") == "15"  # CLDR: Arabic defaults to Latin digits


def test_a_script_with_no_installed_font_is_one_error(tmp_path, monkeypatch):
    """Not one line per character: one per locale, naming the script and the package to install."""
    import shutil

    from generator.config import load_config
    from generator.errors import FontError

    project = tmp_path / "p"
    shutil.copytree(SCRIPTS, project)
    import dataclasses

    only_cjk = frozenset({"Noto Sans CJK HK", "Noto Serif CJK HK"})
    monkeypatch.setattr(fonts.installed, "installed_families", lambda: only_cjk)
    config = load_config(project)
    with pytest.raises(FontError) as error:  # one error, though Thai names four missing families
        fonts.check_fonts(dataclasses.replace(config, locales={"th": config.locales["th"]}))
    message = str(error.value)
    assert "Thai script" in message and "fonts-noto-core" in message


@pytest.mark.typeset
def test_guide_init_gives_a_working_card_with_no_config_edit(tmp_path):
    """guide init th in a project without Thai; translate the card; build: Thai fonts, Thai chrome."""
    import shutil

    import polib

    from generator.cli import main

    project = tmp_path / "p"
    shutil.copytree(SCRIPTS, project)
    shutil.rmtree(project / "locales/th")
    toml = project / "guide.toml"
    toml.write_text(toml.read_text().replace('"th", ', ""))
    before = toml.read_text()
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["--project", str(project), "init", "th"])
    assert result.exit_code == 0, result.output
    assert toml.read_text() != before and '"th"' in toml.read_text()  # only guide.locales gained th
    po = polib.pofile(str(project / "locales/th/LC_MESSAGES/guide.po"))
    translated = {
        (e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(SCRIPTS / "locales/th/LC_MESSAGES/guide.po"))
    }
    for entry in po:
        entry.msgstr = translated.get((entry.msgctxt, entry.msgid), "") if entry.msgctxt not in CHROME_CONTEXTS else ""
    po.save()
    result = CliRunner().invoke(main, ["--project", str(project), "build", "--locale", "th", "--product", "card"])
    assert result.exit_code == 0, result.output
    card = project / "dist/th/consult-card.pdf"
    assert any(face.startswith("Noto-Sans-Thai") for face in _fonts(card))
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(card).pages)
    assert not [words for words in CHROME if words in text]


CHROME_CONTEXTS = {"page", "card", "guide", "notice"}  # the generator's own strings: left to its catalogue


# --- Line breaking: between words, never inside a cluster -----------------------------------------

BREAK_SAMPLES = {
    "th": ("Noto Sans Thai", "ผู้ป่วยควรถามแพทย์ก่อนรับการรักษาทุกครั้งและขอคำตอบเป็นลายลักษณ์อักษรล่วงหน้าก่อนวันรับการรักษา"),
    "km": ("Noto Sans Khmer", "សំណួរដប់សម្រាប់ការពិគ្រោះជាមួយគ្រូពេទ្យនិងសុំចម្លើយជាលាយលក្ខណ៍អក្សរមុនថ្ងៃព្យាបាល"),
    "my": ("Noto Sans Myanmar", "ဆရာဝန်နှင့်တိုင်ပင်ရန်မေးခွန်းဆယ်ခုကိုကုသမှုမခံယူမီစာဖြင့်ရေးသားတောင်းဆိုပါ"),
    "lo": ("Noto Sans Lao", "ຄຳຖາມສິບຂໍ້ສຳລັບການປຶກສາທ່ານໝໍແລະຂໍຄຳຕອບເປັນລາຍລັກອັກສອນກ່ອນມື້ປິ່ນປົວ"),
}


def _base(char: str) -> bool:
    return unicodedata.category(char)[0] != "M" and char != "\u200b"


def _line_texts(box) -> list[str]:
    """The text of each line WeasyPrint laid out, in logical order (from its line boxes)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        texts: list[str] = []
        stack = [box]
        while stack:
            child = stack.pop(0)
            if isinstance(child, boxes.TextBox):
                texts.append(child.text)
            stack[:0] = getattr(child, "children", [])
        return ["".join(texts)]
    return [text for child in getattr(box, "children", []) for text in _line_texts(child)]


@pytest.mark.typeset
@pytest.mark.parametrize("lang", sorted(BREAK_SAMPLES))
def test_lines_break_between_words(lang: str) -> None:
    """Set through the render stage in a narrow column: every line fits, and ends where a word does."""
    from icu4py.breakers import WordBreaker
    from weasyprint import HTML

    from generator.render import tag_scripts

    family, text = BREAK_SAMPLES[lang]
    html = (
        f'<html lang="{lang}"><style>@page {{ size: 45mm 200mm; margin: 5mm }} '
        f'p {{ font-family: "{family}"; font-size: 10pt }}</style><p>{tag_scripts(text, lang, "zh-Hant-HK")}</p></html>'
    )
    page = HTML(string=html).render().pages[0]
    lines = [line.replace("\u200b", "") for line in _line_texts(page._page_box)]
    assert len(lines) >= 3 and "".join(lines) == text
    column = page.width - 2 * 5 / 25.4 * 96  # CSS px
    for line_box in _line_boxes(page._page_box):  # nothing runs past the column
        right = max(text.position_x + text.width for text in line_box.descendants() if hasattr(text, "text"))
        assert right - line_box.position_x <= column + 0.5
    words, position = {0, len(text)}, 0
    for word in WordBreaker(text, lang):
        position += len(word)
        words.add(position)
    position = 0
    for line in lines[:-1]:
        position += len(line)
        assert position in words, (lang, line, lines)  # the line ends where a word does
        assert _base(text[position]), line  # the next never starts with a combining mark


def _line_boxes(box) -> list:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        return [box]
    return [line for child in getattr(box, "children", []) for line in _line_boxes(child)]
