"""Content stage: YAML → translation units with stable contexts; bad files fail clearly."""

from pathlib import Path

import pytest

from generator.content import load_content
from generator.errors import ContentError, ErrorList, GuideError

ROOT = Path(__file__).resolve().parents[1]


def test_units_have_contexts_notes_and_lines(mini):
    guide = load_content(mini / "content")
    by_context = {u.context: u for u in guide.units}
    intro = by_context["basics.intro"]
    assert intro.text.startswith("A paragraph with **strong**")
    assert intro.note == "The link must stay."
    assert intro.path.name == "01-basics.yaml" and intro.line == 5
    # every kind of unit gets a context built from ids
    for context in [
        "title",
        "card.tips.in-writing",
        "basics.title",
        "basics.kinds.one.term",
        "basics.kinds.one.text",
        "basics.ask.dose",
        "basics.grid.caption",
        "basics.grid.col.market",
        "basics.grid.japan.rule",
        "basics.pull",
        "basics.pull.cite",
        "basics.faq.one.q",
        "basics.faq.one.a",
        "references.hoang-2023.about",
    ]:
        assert context in by_context, context


def test_document_model(mini):
    guide = load_content(mini / "content")
    section, block = guide.section_with("questions")
    assert section.id == "basics"
    assert [item.id for item in block.items] == ["source", "dose", "doctor"]
    table = section.find("table")
    assert [row.id for row in table.rows] == ["korea", "japan"]
    assert guide.references[0].url == "https://pubmed.ncbi.nlm.nih.gov/36230058/"


def test_repository_content_has_every_part_of_the_guide():
    guide = load_content(ROOT / "content")
    kinds = {block.kind for section in guide.sections for block in section.blocks}
    assert {"p", "h", "list", "questions", "table", "quote", "faq"} <= kinds
    _, questions = guide.section_with("questions")
    assert len(questions.items) == 10
    _, faq = guide.section_with("faq")
    assert len(faq.items) == 7
    _, table = guide.section_with("table")
    assert len(table.rows) == 5 and len(table.columns) == 5
    assert {ref.pmid for ref in guide.references} == {"36230058", "35717249"}
    contexts = [u.context for u in guide.units]
    assert len(contexts) == len(set(contexts))


def test_duplicate_id_names_file_and_line(mini):
    path = mini / "content/sections/01-basics.yaml"
    path.write_text(path.read_text().replace("id: dose", "id: source"))
    with pytest.raises(GuideError) as info:
        load_content(mini / "content")
    assert "01-basics.yaml:19: basics.ask: duplicate id 'source'" in info.value.format()


def test_missing_id_is_an_error(mini):
    path = mini / "content/sections/01-basics.yaml"
    path.write_text(path.read_text().replace("  - id: sub\n", "  - \n"))
    with pytest.raises(ContentError, match="missing 'id'"):
        load_content(mini / "content")


def test_yaml_syntax_error_names_the_line(mini):
    path = mini / "content/sections/01-basics.yaml"
    lines = path.read_text().splitlines()
    lines[8] = "    h: [unclosed"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError) as info:
        load_content(mini / "content")
    assert info.value.path == path and info.value.line in (9, 10, 11)
    assert "YAML syntax error" in info.value.message


def test_several_problems_are_reported_together(mini):
    path = mini / "content/sections/01-basics.yaml"
    text = path.read_text().replace("id: dose", "id: source").replace("    h: A sub-heading", "    hh: A sub-heading")
    path.write_text(text)
    with pytest.raises(ErrorList) as info:
        load_content(mini / "content")
    assert len(info.value.errors) == 2


def test_texts_limited_to_some_locales_and_glosses(mini):
    """``locales:`` on a text, an item or a block limits where it prints; ``gloss:`` explains a term."""
    guide_yaml = mini / "content/guide.yaml"
    guide_yaml.write_text(
        guide_yaml.read_text(encoding="utf-8").replace(
            '  tagline: 問清楚 ("ask properly")\n', '  tagline:\n    text: 問清楚 ("ask properly")\n    locales: [ko]\n'
        ),
        encoding="utf-8",
    )
    section = mini / "content/sections/01-basics.yaml"
    section.write_text(
        section.read_text(encoding="utf-8").replace(
            "        text: How many cells are in one dose?\n",
            "        text: How many cells are in one dose?\n        gloss: 'Dose: the amount given at once.'\n"
            "        locales: [en]\n",
        ),
        encoding="utf-8",
    )
    guide = load_content(mini / "content")
    phrase = guide.texts["card"]["tagline"]
    assert phrase.context == "card.tagline" and phrase.locales == ("ko",)  # the same context as a plain string
    assert phrase.shown_in("ko") and not phrase.shown_in("en")
    dose = next(item for item in guide.section_with("questions")[1].items if item.id == "dose")
    assert dose.text.locales == ("en",) and dose.gloss.context == "basics.ask.dose.gloss"
    assert dose.gloss.text == "Dose: the amount given at once."
    assert guide.texts["card"]["title"].locales is None


@pytest.mark.parametrize("value", ["zh_Hant", "[]", "[1]", "['not a locale!']"])
def test_a_bad_locales_list_is_an_error_with_its_line(mini, value):
    guide_yaml = mini / "content/guide.yaml"
    text = guide_yaml.read_text(encoding="utf-8").replace(
        '  tagline: 問清楚 ("ask properly")\n', f'  tagline:\n    text: 問清楚 ("ask properly")\n    locales: {value}\n'
    )
    guide_yaml.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"    locales: {value}") + 1
    with pytest.raises(GuideError) as info:
        load_content(mini / "content")
    assert f"guide.yaml:{line}: card.tagline.locales must be a list of locale codes" in info.value.format(mini)


def test_a_locale_the_project_does_not_have_is_an_error(mini):
    from generator import BuildOptions, build, load_config

    guide_yaml = mini / "content/guide.yaml"
    text = guide_yaml.read_text(encoding="utf-8").replace(
        '  tagline: 問清楚 ("ask properly")\n',
        '  tagline:\n    text: 問清楚 ("ask properly")\n    locales: [zh_hant]\n',
    )
    guide_yaml.write_text(text, encoding="utf-8")
    with pytest.raises(GuideError) as info:
        build(load_config(mini), BuildOptions(out=mini / "out", locales=["en"], products=["card"], variants=False))
    message = info.value.format(mini)
    assert "guide.yaml:" in message
    assert "card.tagline: 'locales' names 'zh_hant', which is not in guide.locales" in message
    assert "use one of en, ko" in message


@pytest.mark.typeset
def test_a_block_limited_to_some_locales_is_printed_only_there(mini, tmp_path):
    """``locales:`` on a block reaches its items; the guide and the card leave it out elsewhere."""
    from generator import BuildOptions, build, load_config

    section = mini / "content/sections/01-basics.yaml"
    section.write_text(
        section.read_text(encoding="utf-8").replace("  - id: kinds\n", "  - id: kinds\n    locales: [ko]\n"),
        encoding="utf-8",
    )
    guide = load_content(mini / "content")
    kinds = guide.sections[0].find("list")
    assert kinds.locales == ("ko",) and kinds.items[0].term.locales == ("ko",)
    build(load_config(mini), BuildOptions(out=tmp_path / "out", products=["guide"], variants=False, write_html=True))
    assert "the first item." not in (tmp_path / "out/en/guide.html").read_text(encoding="utf-8")
    assert 'class="terms"' in (tmp_path / "out/ko/guide.html").read_text(encoding="utf-8")


def test_a_control_character_in_yaml_is_one_line_naming_it(tmp_path):
    from generator.content import read_yaml

    path = tmp_path / "guide.yaml"
    path.write_bytes(b'title: "a\x07b"\n')
    with pytest.raises(ContentError, match=r"guide.yaml:1: control character U\+0007 is not allowed \(delete it\)"):
        read_yaml(path, tmp_path)


# --- YAML read as written (content/yamlfile.py) ----------------------------------------------


def _references(mini, body: str):
    (mini / "content/references.yaml").write_text(
        "references:\n  - id: r\n    authors: A et al.\n    journal: J\n" + body, encoding="utf-8"
    )
    return load_content(mini / "content").references[0]


def test_numbers_are_read_as_written_not_as_yaml_1_1(mini):
    """`pmid: 017` was PMID 15 (octal), `1:30:00` 5400 (sexagesimal), `year: 2019.10` 2019.1."""
    ref = _references(mini, "    year: 2019.10\n    pmid: 017\n")
    assert (ref.pmid, ref.year) == ("017", "2019.10")
    ref = _references(mini, "    year: 0x7E3\n    pmid: 36230058\n")
    assert (ref.pmid, ref.year) == ("36230058", "0x7E3")


def test_a_sexagesimal_pmid_is_refused_with_its_line(mini):
    with pytest.raises(ContentError) as raised:
        _references(mini, "    year: 2020\n    pmid: 1:30:00\n")
    assert raised.value.format(mini) == (
        "content/references.yaml:6: references.r.pmid '1:30:00' must be digits"
        " (write the number PubMed gives, such as 36230058)"
    )


def test_yes_and_no_are_text_and_a_flag_needs_true_or_false(mini):
    path = mini / "content/sections/01-basics.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: ", "  - critical: yes\n    id: ", 1), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(mini / "content")
    assert raised.value.format(mini) == "content/sections/01-basics.yaml:4: basics.intro.critical must be true or false"


@pytest.mark.parametrize(
    ("yaml", "line", "message"),
    [
        ("title: T\n? [a, b]\n: x\n", 2, "a key must be a name, not a list or a mapping"),
        ("title: T\n? {a: 1}\n: x\n", 2, "a key must be a name, not a list or a mapping"),
        ("title: !!int 017\n", 1, "the tag !!int is not allowed"),
        ("title: T\nsubtitle: !!timestamp 2020-01-01\n", 2, "the tag !!timestamp is not allowed"),
        ("title: !secret x\n", 1, "the tag !secret is not allowed"),
        ("title: &a [*a]\n", 1, "YAML syntax error"),
    ],
)
def test_what_yaml_cannot_say_as_text_is_a_located_error(tmp_path, yaml, line, message):
    from generator.content import read_yaml

    path = tmp_path / "guide.yaml"
    path.write_text(yaml, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        read_yaml(path, tmp_path)
    assert (raised.value.line, raised.value.message[: len(message)]) == (line, message)


def test_deep_nesting_is_a_located_error_not_a_crash(tmp_path):
    from generator.content import read_yaml

    path = tmp_path / "guide.yaml"
    path.write_text("title: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match="nested too deeply|YAML"):
        read_yaml(path, tmp_path)
