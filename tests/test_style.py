"""A guide restyled through guide.toml alone ([style]): its screen and press PDFs in its colour, its
faces and its type size, measured in the built PDFs; and [style]'s problems, each at its line."""

from __future__ import annotations

import collections
import colorsys
import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from generator import BuildFailed, BuildOptions, build, load_config
from generator.errors import ErrorList, GuideError
from generator.fonts import check_fonts
from generator.new import new_project
from generator.press import rgb_operators

from .conftest import FIXTURES, built_once, plumbed

GREEN = "#2e7d32"  # the styled guide's accent: far from the built-in teal
TEAL = "#0d6b6b"
STYLE = f"""
[style]
accent = "{GREEN}"
size = 10.5

[style.fonts]
latin = "Noto Serif"

[products.guide]
papers = ["press"]

[products.card]
papers = ["press"]
"""


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _expected_cmyk(colour: str) -> tuple[float, ...]:
    """sRGB → the output intent's profile (relative colorimetric), as a print shop's RIP would."""
    from PIL import Image, ImageCms

    from generator.paths import BUILTIN_TEMPLATES

    profile = BUILTIN_TEMPLATES / "color" / "FOGRA39L-guide.icc"
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(profile)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )  # fmt: skip
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), _rgb(colour)), transform).getpixel((0, 0))
    return tuple(v / 255 for v in pixel)


def _make_styled(folder: Path) -> None:
    project = folder / "styled"
    new_project(project, "Before your scan", ["en", "zh_Hant"])
    with (project / "guide.toml").open("a", encoding="utf-8") as toml:
        toml.write(STYLE)
    build(load_config(project))


@pytest.fixture(scope="session")
def styled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`guide new`'s project with a [style] (green, Noto Serif for Latin, 10.5 pt), built, press PDFs too."""
    return built_once(tmp_path_factory, "styled", _make_styled) / "styled"


def _pixels(pdf: Path, page: int = 0) -> collections.Counter[tuple[int, ...]]:
    """The colours of the page as pdfium rasterises it (100 dpi), with their pixel counts."""
    image = pdfium.PdfDocument(pdf)[page].render(scale=100 / 72).to_pil().convert("RGB")
    return collections.Counter(image.get_flattened_data())


def _pixels_near(pdf: Path, colour: str, within: int = 24) -> int:
    """How many pixels of the first page are within ``within`` (per channel) of ``colour``."""
    want = _rgb(colour)
    return sum(
        n for pixel, n in _pixels(pdf).items() if max(abs(a - b) for a, b in zip(pixel, want, strict=True)) <= within
    )


def _hues(pdf: Path) -> collections.Counter[int]:
    """The hues (degrees, to the nearest 10) of the first page's coloured pixels: a press PDF's CMYK is
    rasterised by pdfium's own conversion, so its green is not the screen's sRGB, but it is a green."""
    hues: collections.Counter[int] = collections.Counter()
    for pixel, n in _pixels(pdf).items():
        if max(pixel) - min(pixel) > 40:
            hues[round(colorsys.rgb_to_hsv(*(c / 255 for c in pixel))[0] * 36) * 10] += n
    return hues


def _operands(pdf: Path, operators: tuple[str, ...]) -> list[tuple[float, ...]]:
    """The operands of every ``operators`` in the pages' content streams and the forms they draw."""
    found = []
    with pikepdf.open(pdf) as document:
        streams = [
            *document.pages,
            *(o for o in document.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form"),
        ]
        for stream in streams:
            for operands, operator in pikepdf.parse_content_stream(stream):
                if str(operator) in operators:
                    found.append(tuple(float(v) for v in operands))
    return found


def _near(found: list[tuple[float, ...]], want: tuple[float, ...], within: float) -> bool:
    return any(len(f) == len(want) and max(abs(a - b) for a, b in zip(f, want, strict=True)) < within for f in found)


PRODUCTS = pytest.mark.parametrize("product", ["guide", "consult-card"])


@pytest.mark.typeset
@PRODUCTS
def test_the_screen_pdf_is_in_the_configured_accent(styled, product):
    """The first page's accents (the cover's tagline and rule, the card's rule and number) are green on
    the page and in the content stream; the teal is gone."""
    pdf = styled / "dist" / "en" / f"{product}.pdf"
    assert _pixels_near(pdf, GREEN) > 10  # the card: a 1 pt rule and a number
    assert _pixels_near(pdf, TEAL) == 0
    hues = _hues(pdf)
    assert sum(n for hue, n in hues.items() if 110 <= hue <= 150) > 0.9 * sum(hues.values()), hues
    fills = _operands(pdf, ("rg", "RG"))
    assert _near(fills, tuple(c / 255 for c in _rgb(GREEN)), 0.005)
    assert not _near(fills, tuple(c / 255 for c in _rgb(TEAL)), 0.02)


@pytest.mark.typeset
@PRODUCTS
def test_the_press_pdf_separates_the_configured_accent(styled, product):
    """The print shop's PDF holds the green separated through the output intent's profile, no RGB, and
    prints green (pdfium rasterises its CMYK); the teal's CMYK is nowhere."""
    pdf = styled / "dist" / "en" / f"{product}.press.pdf"
    fills = _operands(pdf, ("k", "K", "scn", "SCN"))
    assert _near(fills, _expected_cmyk(GREEN), 0.01), set(fills)
    assert not _near(fills, _expected_cmyk(TEAL), 0.05)
    assert rgb_operators(pdf.read_bytes()) == []
    hues = _hues(pdf)  # the accent's hue is 123°, the teal's 180°
    assert sum(n for hue, n in hues.items() if 110 <= hue <= 150) > 0.9 * sum(hues.values()) > 200, hues


@pytest.mark.typeset
def test_latin_text_is_set_in_the_configured_face_at_the_configured_size(styled):
    """English is set in Noto Serif (no Noto Sans, nor the CJK face's Latin), the running text at
    10.5 pt, not the built-in 10; the Chinese guide keeps its CJK face for Chinese."""
    with plumbed(styled / "dist" / "en" / "guide.pdf") as pdf:
        chars = [char for page in pdf.pages for char in page.chars if char["text"].strip()]
        fonts = {char["fontname"].split("+")[-1] for char in chars}
        sizes = collections.Counter(round(char["size"], 2) for char in chars)
    assert fonts == {"Noto-Serif", "Noto-Serif-Bold"}, fonts
    assert sizes.most_common(1)[0][0] == 10.5, sizes
    with plumbed(styled / "dist" / "zh_Hant" / "guide.pdf") as pdf:
        fonts = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars}
    assert "Noto-Serif" in fonts and any(font.startswith("Noto-Sans-CJK-HK") for font in fonts), fonts


@pytest.mark.typeset
def test_a_changed_style_rebuilds(styled, tmp_path):
    """guide.toml is one of every output's inputs: a new accent and text colour rebuild the guide, in them."""
    project = tmp_path / "styled"
    shutil.copytree(styled, project)
    toml = project / "guide.toml"
    config = load_config(project)
    assert build(config, BuildOptions(products=["guide"], locales=["en"])).built == []
    restyled = re.sub(
        r"^\[style\]\n",
        '[style]\ntext = "#4e342e"\n',
        toml.read_text(encoding="utf-8").replace(GREEN, "#7b1fa2"),
        flags=re.M,
    )
    toml.write_text(restyled, encoding="utf-8")
    report = build(load_config(project), BuildOptions(products=["guide"], locales=["en"], variants=False))
    assert [output.path.name for output in report.built] == ["guide.pdf"]
    pdf = project / "dist" / "en" / "guide.pdf"
    assert _pixels_near(pdf, "#7b1fa2") > 200 and _pixels_near(pdf, GREEN) == 0
    assert _near(_operands(pdf, ("rg",)), tuple(c / 255 for c in _rgb("#4e342e")), 0.005)  # the text's brown


# --- [style]'s problems, each at its line of guide.toml ---------------------------------------------


def _problems(project: Path, style: str) -> list[str]:
    with (project / "guide.toml").open("a", encoding="utf-8") as toml:
        toml.write(style)
    try:
        check_fonts(load_config(project))
    except GuideError as error:
        errors = error.errors if isinstance(error, ErrorList) else [error]
        return [e.format(project) for e in errors]
    return []


def _line(project: Path, text: str) -> int:
    lines = (project / "guide.toml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


def test_colours_and_sizes_are_checked_at_their_line(mini):
    found = _problems(mini, '\n[style]\naccent = "green"\ntext = "#12345"\nsize = 30\ntint = 3\n')
    assert found == [
        f"guide.toml:{_line(mini, 'accent')}: style.accent 'green' is not a colour written #rrggbb "
        '(write it as six hex digits, such as "#2e7d32")',
        f"guide.toml:{_line(mini, 'text')}: style.text '#12345' is not a colour written #rrggbb "
        '(write it as six hex digits, such as "#2e7d32")',
        f"guide.toml:{_line(mini, 'size')}: style.size 30 is not a type size from 10 to 14 pt",
        f"guide.toml:{_line(mini, 'tint')}: style.tint must be text",
    ]


def test_an_unknown_script_is_named_with_the_known_ones(mini):
    found = _problems(mini, '\n[style.fonts]\nklingon = "Noto Sans"\n')
    assert found == [
        f"guide.toml:{_line(mini, 'klingon')}: style.fonts: unknown key 'klingon' (allowed: arabic, bengali, "
        "cyrillic, devanagari, greek, han, han_simplified, hangul, hebrew, japanese, khmer, lao, latin, myanmar, "
        "tamil, thai; see `guide schema config`)"
    ]


def test_a_face_must_be_installed_and_have_its_script(mini):
    """Not installed, or without the script's letters (fontconfig would set them in another face): at its line."""
    found = _problems(mini, '\n[style.fonts]\nlatin = "No Such Serif"\nhangul = "Noto Serif"\n')
    assert found == [
        f"guide.toml:{_line(mini, 'latin')}: style.fonts.latin: font 'No Such Serif' is not installed "
        "(install it (fc-list lists what is))",
        f"guide.toml:{_line(mini, 'hangul')}: style.fonts.hangul: font 'Noto Serif' has no Hangul letters "
        "(한국어) (name a font that has the Hangul script)",
    ]


def test_the_faces_go_first_in_the_stacks_of_their_script(mini):
    """[style.fonts] sets the text face of every locale in its script, before the locale's own stack;
    [style.heading_fonts] the headings'; han the quoted Chinese too; other scripts keep theirs."""
    toml = mini / "guide.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[style.fonts]\nlatin = "Noto Serif"\nhan = "Noto Serif CJK HK"\n'
        + '[style.heading_fonts]\nlatin = "Noto Sans"\n',
        encoding="utf-8",
    )
    config = load_config(mini)
    en, ko = config.locales["en"], config.locales["ko"]
    assert en.sans[0] == "Noto Serif" and en.serif[0] == "Noto Sans"
    assert ko.sans == load_config(FIXTURES / "mini").locales["ko"].sans
    assert config.han.sans[0] == "Noto Serif CJK HK"


def test_the_tint_follows_the_accent_unless_given(mini):
    toml = mini / "guide.toml"
    base = toml.read_text(encoding="utf-8")
    toml.write_text(base + f'\n[style]\naccent = "{GREEN}"\n', encoding="utf-8")
    assert load_config(mini).style.properties() == {"--accent": GREEN, "--wash": "#f0f6f1"}
    toml.write_text(base + '\n[style]\ntint = "#FFFFFF"\nsize = 12\n', encoding="utf-8")
    assert load_config(mini).style.properties() == {"--wash": "#ffffff", "--scale": "1.2"}
    toml.write_text(base, encoding="utf-8")
    assert load_config(mini).style.properties() == {}


def test_the_press_palette_takes_the_style_after_base_css():
    """The press reads the colours the page sets last: [style]'s, after base.css's. A coloured text
    colour is separated through the profile like the accent; grey text stays 100 % K."""
    from generator.config import StyleConfig
    from generator.paths import BUILTIN_TEMPLATES
    from generator.press import palette

    profile = BUILTIN_TEMPLATES / "color" / "FOGRA39L-guide.icc"
    base = (BUILTIN_TEMPLATES / "style" / "base.css").read_text(encoding="utf-8")
    style = StyleConfig(accent=GREEN, text="#1a1a60").properties()
    page = f"<style>{base} :root {{ {' '.join(f'{k}: {v};' for k, v in style.items())} }}</style>"
    colours = palette(page, profile)
    assert max(abs(a - b) for a, b in zip(colours["--accent"], _expected_cmyk(GREEN), strict=True)) < 0.01
    assert max(abs(a - b) for a, b in zip(colours["--ink"], _expected_cmyk("#1a1a60"), strict=True)) < 0.01
    assert palette(f"<style>{base}</style>", profile)["--ink"] == (0.0, 0.0, 0.0, 1.0)


def test_the_documented_example_loads_and_names_every_key(mini):
    """docs/configuration.md's "Styling a guide" example is a valid [style] naming every key and script."""
    import tomllib

    from generator.config import STYLE_SCRIPTS
    from generator.config.schema import STYLE

    page = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
    text = page.read_text(encoding="utf-8").split("## Styling a guide\n", 1)[1]
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    assert set(tomllib.loads(example)["style"]) == {key.name for key in STYLE}
    assert ", ".join(sorted(STYLE_SCRIPTS)) + "." in " ".join(text.split())
    with (mini / "guide.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n" + example)
    check_fonts(load_config(mini))  # installed, and each has its script


@pytest.mark.typeset
def test_a_stylesheet_copied_before_style_keeps_the_built_in_sizes(mini, tmp_path):
    """A project's own base.css from before [style] declares no --scale: every size falls back to
    × 1 (without the fallback, WeasyPrint dropped each size and set the whole card at 12 pt)."""
    from generator.paths import BUILTIN_TEMPLATES

    own = mini / "templates" / "style" / "base.css"
    own.parent.mkdir(parents=True)
    css = (BUILTIN_TEMPLATES / "style" / "base.css").read_text(encoding="utf-8")
    own.write_text(css.replace("  --scale: 1;\n", ""), encoding="utf-8")
    assert "--scale:" not in own.read_text(encoding="utf-8")
    build(load_config(mini), BuildOptions(out=tmp_path / "out", locales=["en"], products=["card"], variants=False))
    with plumbed(tmp_path / "out" / "en" / "consult-card.pdf") as pdf:
        sizes = {round(char["size"], 2) for page in pdf.pages for char in page.chars if char["text"].strip()}
    assert 9.5 in sizes and 8.5 in sizes and 12 not in sizes, sizes


def test_a_template_that_drops_the_style_is_an_error(mini, tmp_path):
    """A project's own base.html.j2 from before [style] (no doc.style()) would print the built-in colours."""
    from generator.errors import TemplateError
    from generator.paths import BUILTIN_TEMPLATES

    base = (BUILTIN_TEMPLATES / "base.html.j2").read_text(encoding="utf-8")
    own = mini / "templates" / "base.html.j2"
    own.parent.mkdir(parents=True)
    own.write_text(base.replace("{{ doc.style() }}\n", ""), encoding="utf-8")
    with (mini / "guide.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'\n[style]\naccent = "{GREEN}"\n')
    with pytest.raises(BuildFailed) as error:
        build(load_config(mini), BuildOptions(out=tmp_path / "out", locales=["en"], products=["card"], variants=False))
    assert [type(problem) for problem in error.value.errors] == [TemplateError]
    assert error.value.format(mini) == (
        "templates/base.html.j2: card.html.j2 does not print guide.toml's [style] (its colours and size) "
        "(add {{ doc.style() }} after the base.css include, as the built-in base.html.j2 does)"
    )


def test_the_style_example_guide_new_writes_is_read_as_written(tmp_path):
    """The commented [style] of a new project's guide.toml, uncommented, is what the build reads."""
    project = tmp_path / "new"
    new_project(project, "Example", ["en"])
    toml = project / "guide.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("# [style]")
    example = "\n".join(line.removeprefix("# ") for line in text[start:].splitlines())
    toml.write_text(text[:start] + example + "\n", encoding="utf-8")
    style = load_config(project).style
    assert (style.accent, style.size) == ("#2e7d32", 10.5)
    assert [(face.script, face.family) for face in style.fonts] == [("latin", "Noto Serif")]
