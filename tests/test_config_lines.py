"""guide.toml: every kind of bad value, each reported as ``guide.toml:LINE: problem`` at its own line.

Each case is a small guide.toml with one problem (and the lines around it that a real file has), so a
problem reported without a line, or at another line, fails here; ``guide schema config`` documents the keys.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import add_locale, load_config, markdown
from generator.config.model import Pair
from generator.config.schema import GUIDE, LOCALE, PRODUCT
from generator.errors import ConfigError, ErrorList, GuideError

ROOT = Path(__file__).resolve().parents[1]
HEAD = '[guide]\nlocales = ["en", "ko"]\n'  # lines 1-2

CASES = [
    # what the file says, the line of the problem, the problem
    ('[guide]\nlocales = ["en"\n', 2, "TOML syntax error"),
    (HEAD + "[colours]\naccent = 1\n", 3, "unknown table [colours]"),
    ("guide = 3\n", 1, "[guide] must be a table"),
    ("\n\n[guide]\nout = 'x'\n", 3, "guide: missing 'locales'"),
    ("# no tables\n", 1, "guide: missing 'locales'"),
    ("locales = 3\n" + HEAD, 1, "[locales] must be a table"),
    (HEAD + "\n[locales]\nfr = 3\n", 5, "[locales.fr] must be a table"),
    (HEAD + "edtion = 2026-01-01\n", 3, "guide: unknown key 'edtion'"),
    (HEAD + "[locales.ko]\n\nfont = 'x'\n", 5, "locales.ko: unknown key 'font'"),
    # each kind, wrong
    (HEAD + "domain = 3\n", 3, "guide.domain must be text"),
    ('[guide]\n\nlocales = "en"\n', 3, "guide.locales must be a list"),
    (HEAD + 'edition = "soon"\n', 3, "guide.edition must be a date such as 2026-11-25"),
    (HEAD + '[products.card]\nmax_pages = "4"\n', 4, "products.card.max_pages must be a positive integer"),
    (HEAD + "[products.card]\nmax_pages = true\n", 4, "products.card.max_pages must be a positive integer"),
    (HEAD + '[products.card]\nmin_translated = "x"\n', 4, "products.card.min_translated must be a percentage"),
    # each check of a value
    ("[guide]\nlocales = []\n", 2, "guide.locales must list at least one locale"),
    ('[guide]\nauthor = "A"\nlocales = ["en", "xx_Nope"]\n', 3, "unknown locale code 'xx_Nope'"),
    (HEAD + 'domain = "a/b"\n', 3, "guide.domain 'a/b' is not a plain name"),
    (HEAD + 'han_lang = "<b>"\n', 3, "guide.han_lang '<b>' is not a language tag"),
    (HEAD + 'out = " "\n', 3, "guide.out is empty"),
    (HEAD + '[locales.ko]\nlang = "no tag"\n', 4, "locales.ko.lang 'no tag' is not a language tag"),
    (HEAD + "[locales.ko]\nsans = [3]\n", 4, "locales.ko.sans: 3 is not a font family name"),
    (HEAD + "[locales.ko]\n\nserif = ['']\n", 5, "locales.ko.serif: '' is not a font family name"),
    (HEAD + '[locales.ko]\nformat_locale = "xx_QQ"\n', 4, "locales.ko.format_locale 'xx_QQ' is not a locale code"),
    (HEAD + '[products.card]\ntemplate = "../x.j2"\n', 4, "products.card.template '../x.j2' leaves its folder"),
    (HEAD + '[products.card]\noutput = "card.txt"\n', 4, "products.card.output 'card.txt' does not end in .pdf"),
    # a path: each of path_problem's reasons, each with its own input
    (HEAD + '[products.card]\ntemplate = ""\n', 4, "products.card.template '' is empty"),
    (
        HEAD + '[products.card]\ntemplate = "a\\\\b.j2"\n',
        4,
        "products.card.template 'a\\\\b.j2' holds a backslash or a control",
    ),
    (
        HEAD + '[products.card]\ntemplate = "a\\u0001b.j2"\n',
        4,
        "products.card.template 'a\\x01b.j2' holds a backslash or a control",
    ),
    (HEAD + '[products.card]\ntemplate = "~/x.j2"\n', 4, "products.card.template '~/x.j2' leaves its folder"),
    (
        HEAD + '[products.card]\ntemplate = "a/.git/x.j2"\n',
        4,
        "products.card.template 'a/.git/x.j2' names a hidden file",
    ),
    (HEAD + '[products.card]\noutput = "../card.pdf"\n', 4, "products.card.output '../card.pdf' leaves its folder"),
    (HEAD + "[products.card]\nbilingual = [5]\n", 4, "products.card.bilingual: 5 is not a pair of two locales"),
    (HEAD + '[products.card]\nbilingual = ["ko+"]\n', 4, "products.card.bilingual: 'ko+' is not a pair"),
    (
        HEAD + '[products.card]\nbilingual = ["ko+en+fr"]\n',
        4,
        "products.card.bilingual: 'en+fr' in 'ko+en+fr' is not in",
    ),
    # [style]: each check, just past its bound
    (HEAD + '[style]\naccent = "#12345"\n', 4, "style.accent '#12345' is not a colour written #rrggbb"),
    (HEAD + '[style]\naccent = "2e7d32"\n', 4, "style.accent '2e7d32' is not a colour written #rrggbb"),
    (HEAD + '[style]\ntext = "#2e7d32f"\n', 4, "style.text '#2e7d32f' is not a colour written #rrggbb"),
    (HEAD + "[style]\nsize = 9.99\n", 4, "style.size 9.99 is not a type size from 10 to 14 pt"),
    (HEAD + "[style]\nsize = 14.01\n", 4, "style.size 14.01 is not a type size from 10 to 14 pt"),
    (HEAD + "[products.card]\nmax_pages = 0\n", 4, "products.card.max_pages must be a positive integer"),
    (HEAD + "[products.card]\nmin_translated = 100.5\n", 4, "products.card.min_translated must be a percentage"),
    (HEAD + "[products.card]\nmin_translated = -0.5\n", 4, "products.card.min_translated must be a percentage"),
    (HEAD + '[products.card]\nbilingual = ["ko"]\n', 4, "products.card.bilingual: 'ko' is not a pair"),
    (HEAD + '[products.card]\nbilingual = ["ko+ko"]\n', 4, "products.card.bilingual: 'ko+ko' is not a pair"),
    (HEAD + '[products.card]\npapers = ["a3"]\n', 4, "products.card.papers: 'a3' is not a sheet size"),
    # what one key says about another
    (HEAD + 'source_locale = "fr"\n', 3, "source_locale 'fr' is not in guide.locales"),
    (HEAD + '\n[locales.fr]\nlang = "fr"\n', 4, "[locales.fr] is not in guide.locales"),
    (HEAD + '[products.card]\nbilingual = ["ko+fr"]\n', 4, "products.card.bilingual: 'fr' in 'ko+fr' is not in"),
]


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    CASES,
    ids=[case[2].encode("ascii", "backslashreplace").decode().replace("\\", "") for case in CASES],
)
def test_every_problem_has_its_line(tmp_path, text, line, problem):
    (tmp_path / "guide.toml").write_text(text, encoding="utf-8")
    with pytest.raises(GuideError) as raised:
        load_config(tmp_path)
    errors = raised.value.errors if isinstance(raised.value, ErrorList) else [raised.value]
    reported = [error.format(tmp_path) for error in errors]
    assert all(error.line for error in errors), reported  # every problem of the file, not only this one
    assert any(text.startswith(f"guide.toml:{line}: {problem}") for text in reported), reported


def test_a_value_in_range_passes_each_check(tmp_path):
    """The bounds themselves are valid: the checks above refuse just past them."""
    (tmp_path / "guide.toml").write_text(
        HEAD + "[products.card]\nmax_pages = 1\nmin_translated = 100\nbilingual = ['ko+en']\npapers = ['a4']\n"
        "[products.guide]\nmin_translated = 0.0\ntemplate = 'my guide/a file.html.j2'\noutput = 'a guide.pdf'\n"
        "[style]\naccent = '#2E7d32'\ntext = '#000000'\nsize = 10\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert (config.products["card"].max_pages, config.products["card"].min_translated) == (1, 100.0)
    assert config.products["card"].bilingual == (Pair("ko", "en"),)
    assert config.products["guide"].min_translated == 0.0
    assert config.products["guide"].template == "my guide/a file.html.j2"  # a space is no control character
    assert (config.style.accent, config.style.text, config.style.size) == ("#2E7d32", "#000000", 10)
    (tmp_path / "guide.toml").write_text(HEAD + "[style]\nsize = 14\n", encoding="utf-8")
    assert load_config(tmp_path).style.size == 14


def test_guide_init_refuses_locales_that_are_not_a_list_at_their_line(tmp_path):
    (tmp_path / "guide.toml").write_text('[guide]\n\nlocales = "en"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        add_locale(tmp_path, "ko")
    assert raised.value.format(tmp_path) == "guide.toml:3: guide.locales is not a list"


def test_the_guide_toml_reference_is_generated_from_the_schema_and_current():
    """docs/guide-toml.md is `guide schema config`; regenerate it with `guide schema config > docs/guide-toml.md`."""
    reference = markdown()
    assert (ROOT / "docs/guide-toml.md").read_text(encoding="utf-8") == reference
    assert CliRunner().invoke(main, ["schema", "config"]).output == reference
    for table, keys in (("[guide]", GUIDE), ("[locales.CODE]", LOCALE), ("[products.NAME]", PRODUCT)):
        section = reference.split(f"## {table}\n", 1)[1].split("\n## ", 1)[0]
        for key in keys:
            assert key.doc, f"{table} {key.name} has no meaning to document"
            assert f"| `{key.name}` | " in section, f"{table} {key.name} is not in the reference"
    assert "| `locales` | list of text | yes |" in reference
    assert "| `domain` | text |  | The catalogues' name" in reference and 'Default: `"guide"`.' in reference
