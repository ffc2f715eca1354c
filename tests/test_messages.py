"""Messages stage: the POT from content and templates, reading catalogues, fallbacks."""

import shutil
from pathlib import Path

import polib
import pytest

from generator.config import load_config
from generator.content import load_content
from generator.errors import CatalogueError
from generator.messages import Translator, extract, init, read_catalogue, write_catalog
from generator.render import BUILTIN_TEMPLATES

FIXTURES = Path(__file__).parent / "fixtures"
PO_KO = "locales/ko/LC_MESSAGES/guide.po"


def make_pot(project: Path) -> Path:
    config = load_config(project)
    write_catalog(config.pot_path, extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES))
    return config.pot_path


def test_pot_holds_content_and_template_messages(mini):
    pot = polib.pofile(str(make_pot(mini)))
    entries = {(e.msgctxt, e.msgid): e for e in pot}
    intro = entries[("basics.intro", "A paragraph with **strong** text and a [link](https://example.org/) and 問清楚.")]
    assert intro.comment == "The link must stay."  # translator note as #.
    assert intro.occurrences == [("content/sections/01-basics.yaml", "")]  # no line numbers: diffs stay small
    # the built-in templates' strings ship translated with the generator: not the project's to translate,
    # but those its catalogue translates itself (ko: "Keep in mind") are listed, so msgmerge keeps them
    assert ("guide", "Contents") not in entries
    assert "Generator string" in entries[("card", "Keep in mind")].comment
    # document order: content first, in file order
    assert pot[0].msgctxt == "title"


def test_pot_holds_the_strings_of_the_projects_own_templates(mini):
    """A project that overrides a built-in template owns its strings, also those the generator translates."""
    (mini / "templates").mkdir(exist_ok=True)
    shutil.copy(BUILTIN_TEMPLATES / "card.html.j2", mini / "templates/card.html.j2")
    entries = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(make_pot(mini)))}
    page = entries[("page", "Page %(page)s of %(pages)s")]
    assert "python-format" in page.flags
    assert page.occurrences == [("templates/card.html.j2", "")]
    assert ("card", "Keep in mind") in entries
    assert ("guide", "Contents") not in entries  # guide.html.j2 is still the generator's


def test_generator_strings_are_looked_up_project_then_generator_then_source(mini):
    from generator.messages import Catalogue, Message, generator_catalogue

    shipped = generator_catalogue("ko")
    assert shipped is not None and generator_catalogue("ko_KR").path == shipped.path
    project = Catalogue("ko", None, {("card", "Keep in mind"): Message("기억하세요!", fuzzy=False, line=3)})
    assert Translator(project, False, shipped).get("card", "Keep in mind") == ("기억하세요!", False)
    from_generator, fell_back = Translator(None, False, shipped).get("guide", "Contents")
    assert from_generator != "Contents" and not fell_back
    assert Translator(None, False, generator_catalogue("sw")).get("guide", "Contents") == ("Contents", True)


def test_update_keeps_a_projects_own_translation_of_a_generator_string(mini):
    from generator.messages import merge

    pot = polib.pofile(str(make_pot(mini)))
    po = polib.pofile(str(mini / "locales/ko/LC_MESSAGES/guide.po"))
    po.append(polib.POEntry(msgctxt="card", msgid="Keep in mind", msgstr="기억하세요!"))
    merged = {(e.msgctxt, e.msgid): e for e in merge(po, pot)}
    assert merged[("card", "Keep in mind")].msgstr == "기억하세요!" and not merged[("card", "Keep in mind")].obsolete


def test_init_adds_generator_strings_where_the_generator_has_no_translation(mini):
    make_pot(mini)
    config = load_config(mini)
    keys = {(e.msgctxt, e.msgid) for e in polib.pofile(str(init(config, "sw")))}
    assert ("guide", "Contents") in keys  # Swahili: the project translates the chrome itself
    keys = {(e.msgctxt, e.msgid) for e in polib.pofile(str(init(config, "th")))}
    assert ("guide", "Contents") not in keys  # Thai: the generator ships it


def test_extract_does_not_rewrite_when_only_the_date_changes(mini):
    pot = make_pot(mini)
    before = pot.read_bytes()
    pot.write_bytes(before.replace(b"POT-Creation-Date: ", b"POT-Creation-Date: 1999-01-01 00:00+0000 X"))
    stamped = pot.read_bytes()
    config = load_config(mini)
    changed = write_catalog(pot, extract(config, load_content(config.content_dir), BUILTIN_TEMPLATES))
    assert changed is False and pot.read_bytes() == stamped


def test_init_writes_babel_headers(mini, tmp_path):
    make_pot(mini)
    path = init(load_config(mini), "zh_Hant")
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "zh_Hant"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert len(po) == len(polib.pofile(str(mini / "locales/guide.pot")))
    with pytest.raises(CatalogueError, match="exists already"):
        init(load_config(mini), "zh_Hant")


def test_fixture_catalogue_reads_with_fuzzy_and_empty_as_missing(mini):
    catalogue = read_catalogue(mini / "locales/ko/LC_MESSAGES/guide.po", "ko", mini)
    assert catalogue.lookup("card.title", "Three questions") == "세 가지 질문"
    assert catalogue.lookup("title", "Mini guide") is None  # untranslated
    po = polib.pofile(str(mini / "locales/ko/LC_MESSAGES/guide.po"))
    po.find("Three questions", msgctxt="card.title").flags.append("fuzzy")
    po.save()
    assert read_catalogue(mini / PO_KO, "ko", mini).lookup("card.title", "Three questions") is None


def test_translator_records_fallbacks_but_not_for_the_source(mini):
    catalogue = read_catalogue(mini / "locales/ko/LC_MESSAGES/guide.po", "ko", mini)
    translator = Translator(catalogue, is_source=False)
    assert translator.get("card.title", "Three questions") == ("세 가지 질문", False)
    assert translator.get("title", "Mini guide") == ("Mini guide", True)
    assert list(translator.fallbacks) == [("title", "Mini guide")]
    source = Translator(None, is_source=True)
    assert source.get("title", "Mini guide") == ("Mini guide", False) and not source.fallbacks


def test_unterminated_string_is_a_syntax_error_with_its_line(tmp_path):
    path = tmp_path / "guide.po"
    shutil.copy(FIXTURES / "broken/ko-unterminated.po", path)
    with pytest.raises(CatalogueError) as info:
        read_catalogue(path, "ko", tmp_path)
    assert info.value.line == 16
    assert "close the string" in info.value.format()


def test_language_header_must_match_the_folder(tmp_path):
    path = tmp_path / "guide.po"
    shutil.copy(FIXTURES / "broken/ko-wrong-language.po", path)
    with pytest.raises(CatalogueError, match="Language header says ja, folder says ko"):
        read_catalogue(path, "ko", tmp_path)


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "guide.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "a"\nmsgstr "\xff"\n')
    with pytest.raises(CatalogueError) as info:
        read_catalogue(path, "ko", tmp_path)
    assert info.value.line == 6 and "UTF-8" in info.value.message


def test_repository_catalogues_match_the_template():
    """Every message of guide.pot is in every catalogue (run `guide update` if this fails); beyond them,
    only the project's own wording of strings the generator ships (which update keeps)."""
    root = Path(__file__).resolve().parents[1]
    pot = {(e.msgctxt, e.msgid) for e in polib.pofile(str(root / "locales/guide.pot"))}
    shipped = {(e.msgctxt, e.msgid) for e in polib.pofile(str(root / "generator/locale/generator.pot"))}
    for locale in ("zh_Hant", "ko"):  # the source locale (en) has no catalogue
        po = polib.pofile(str(root / f"locales/{locale}/LC_MESSAGES/guide.po"))
        live = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
        assert pot <= live and live - pot <= shipped, locale
        assert po.metadata["Language"] == locale
        assert po.metadata["Plural-Forms"]
