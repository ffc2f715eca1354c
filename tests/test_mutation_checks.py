"""messages/checks.py and messages/markup.py, line by line (`make mutate`): `guide check` and the
build's gate called in this process, each with an input that only one line's real work catches
(the CLI tests run `guide check` in a child, where a mutant is not seen)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ErrorList, GuideError
from generator.messages import Catalogue, Message, Term, Translator
from generator.messages.checks import Problem, check_catalogue, check_content, check_project, check_texts, gate
from generator.messages.markup import inline_markup

from .conftest import FIXTURES

HEADER = """msgid ""
msgstr ""
"Language: {language}\\n"
"Content-Type: {content_type}\\n"
"Plural-Forms: {plural}\\n"
"""
KO_PLURAL = "nplurals=1; plural=0;"


def po(tmp_path: Path, body: str, language: str = "ko", content_type: str = "text/plain; charset=UTF-8") -> Path:
    path = tmp_path / "guide.po"
    plural = "nplurals=2; plural=(n != 1);" if language == "en" else KO_PLURAL
    header = HEADER.format(language=language, content_type=content_type, plural=plural)
    path.write_text(header + "\n" + body, encoding="utf-8")
    return path


def lines(tmp_path: Path, body: str, locale: str = "ko", **header: str) -> list[str]:
    path = po(tmp_path, body, **header)
    return [p.format(tmp_path) for p in check_catalogue(path, locale, [], tmp_path)]


def findings(source: str, target: str, terms: list[Term] | None = None, **options: object) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in check_texts(source, target, terms or [], "ko", **options)]  # type: ignore[arg-type]


# --- the catalogue: header, entries, lines -----------------------------------------------------------


def test_a_problem_is_one_line_with_its_place_severity_and_hint(tmp_path: Path) -> None:
    problem = Problem(tmp_path / "x.po", 7, "error", "URLs differ", "copy them")
    assert problem.format(tmp_path) == "x.po:7: error: URLs differ (copy them)"


def test_the_header_must_name_the_locale_and_utf8(tmp_path: Path) -> None:
    assert lines(tmp_path, "", language="ja", content_type="text/plain; charset = UTF-8") == [
        "guide.po:3: error: Language header is 'ja', expected 'ko' (fix the Language header)"
    ]
    assert lines(tmp_path, "", content_type="text/plain; charset=latin-1") == [
        "guide.po:4: error: Content-Type is 'text/plain; charset=latin-1' (use \"text/plain; charset=UTF-8\")"
    ]


def test_each_entry_is_reported_at_its_msgstr_and_obsolete_ones_not_at_all(tmp_path: Path) -> None:
    body = """msgctxt "a"
msgid "See https://a.example"
msgstr "https://b.example 참조"

#~ msgctxt "b"
#~ msgid "See https://a.example"
#~ msgstr "https://c.example 참조"
"""
    assert lines(tmp_path, body) == [
        "guide.po:9: error: URLs differ from the source (copy every URL exactly)",
    ]


def test_fuzzy_untranslated_and_blank_critical_entries_are_warnings(tmp_path: Path) -> None:
    body = """#, fuzzy
msgctxt "a"
msgid "Ask the clinic"
msgstr "See https://x.example"

msgctxt "b"
msgid "Ask the doctor, then ask the clinic again and again"
msgstr ""

#. CRITICAL: safety information
msgctxt "c"
msgid "Is it approved?"
msgstr "\\u200b."
"""
    found = lines(tmp_path, body.replace("\\u200b", "\u200b"))
    assert found == [
        "guide.po:10: warning: fuzzy: the source changed since this was translated "
        "(check it against msgid, then remove the fuzzy flag)",
        "guide.po:10: error: URLs differ from the source (copy every URL exactly)",  # a fuzzy entry is still checked
        "guide.po:14: warning: untranslated [b]: 'Ask the doctor, then ask the clinic again and agai' (translate it)",
        "guide.po:19: warning: untranslated [c]: only spaces, punctuation or invisible characters "
        "(translate it: a product that prints this safety message is not built until then)",
    ]


def test_the_source_locales_empty_entries_are_fine_and_its_filled_ones_checked(tmp_path: Path) -> None:
    body = """msgctxt "a"
msgid "Ask"
msgstr ""

msgctxt "b"
msgid "See https://a.example"
msgstr "See https://b.example"
"""
    found = lines(tmp_path, body, locale="en", language="en")
    assert found == ["guide.po:13: error: URLs differ from the source (copy every URL exactly)"]


def test_a_renamed_keys_context_is_a_warning(tmp_path: Path) -> None:
    body = 'msgctxt "kicker"\nmsgid "Test kicker"\nmsgstr "시험"\n'
    assert lines(tmp_path, body) == [
        "guide.po:9: warning: context 'kicker' is a renamed key's; now 'tagline' "
        "(run `guide extract && guide update` to move the translation)"
    ]


def test_a_critical_unit_without_an_entry_is_listed_but_not_in_the_source_locale(tmp_path: Path) -> None:
    config = load_config(FIXTURES / "mini")
    units, problems = check_content(config)
    assert problems == [] and any(unit.critical for unit in units)
    path = po(tmp_path, "")
    missing = check_catalogue(path, "ko", [], tmp_path, "en", units)
    assert missing and all(p.line == 0 and p.severity == "warning" and "has no entry" in p.message for p in missing)
    assert check_catalogue(po(tmp_path, "", language="en"), "en", [], tmp_path, "en", units) == []


# --- one translation against its source ----------------------------------------------------------------


def test_a_new_control_character_is_an_error_one_the_source_has_is_not() -> None:
    assert findings("Ask", "물어\x07보세요") == [("error", "control character U+0007 in the translation")]
    assert findings("Ask\x07 now", "물어\x07보세요") == []


def test_urls_and_pmids_are_compared_as_multisets() -> None:
    source = "See https://a.example and https://b.example (PMID: 123)"
    assert findings(source, "https://b.example 및 https://a.example 참조 (PMID 123)") == []
    assert findings(source, "https://a.example 및 https://a.example 참조 (PMID: 123)") == [
        ("error", "URLs differ from the source")
    ]
    assert findings(source, "https://b.example 및 https://a.example 참조 (PMID: 1234)") == [
        ("error", "PMIDs differ from the source")
    ]


def test_links_are_compared_by_target_even_when_their_text_hides_them() -> None:
    assert findings("[NHS](https://nhs.uk)", "[NHS](https://nhs.uk) 참조") == []
    assert ("error", "links differ from the source") in findings("[NHS](https://nhs.uk)", "NHS https://nhs.uk")
    assert ("error", "links differ from the source") in findings("[a](x)", "[가](y)")


def test_numbers_of_placeholders_urls_and_pmids_are_not_counted_again_as_prose() -> None:
    source = "Dose %(n)s, see https://a.example/2024 and PMID: 555"
    assert findings(source, "용량 %(n)s, https://a.example/2024 및 PMID: 555 참조") == []
    assert findings("Take 2", "3개 복용") != []


def test_a_template_strings_placeholders_are_read_with_pythons_grammar() -> None:
    assert findings("%(n)s days", "%(n)d일", formatted=True) != []
    assert findings("%(n)s days", "%(n)s일", formatted=True) == []
    assert findings("50% off", "50% 할인") == []  # content is not formatted: a lone % is text
    assert findings("50%% off", "50% 할인", formatted=True) != []


def test_markup_must_keep_the_sources_shape() -> None:
    assert findings("*Ask* **now**", "*물어* **지금**") == []
    for target in ("물어 **지금**", "*물어* 지금*", "**물어** **지금**", "\\*물어\\* **지금**"):
        assert ("error", "inline markup (* or **) differs from the source") in findings("*Ask* **now**", target), target
    assert findings("Ask", "<b>물어</b>") == [("error", "HTML is not allowed in a translation")]
    assert findings("<br> Ask", "<br> 물어") == []


def test_inline_markup_is_parsed_as_the_renderer_parses_it() -> None:
    markup = inline_markup("*a* **b** [c](https://x.example 't') 2 * 3 \\*")
    assert markup.tags == ["em_open", "strong_open"]
    assert markup.links == ["href=https://x.example title=t"]
    assert markup.stars == 2


def test_an_identical_translation_is_a_warning_unless_nothing_in_it_is_words() -> None:
    warning = ("warning", "translation is identical to the source")
    assert findings("Ask the clinic", "Ask the clinic") == [warning]
    assert findings("OK", "OK") == []  # fewer than three letters
    assert findings("https://clinic.example", "https://clinic.example") == []  # a URL is not words
    cells = Term("cells", "Stem Cells", {}, keep=True, note=None)
    assert findings("Stem Cells 2", "Stem Cells 2", [cells]) == []  # a kept term is not words either


def test_glossary_terms_longest_first_kept_terms_exact_targets_used() -> None:
    offshore = Term("o", "offshore", {"ko": "해외"}, keep=False, note=None, enforce=True)
    sourced = Term("s", "sourced offshore", {"ko": "「해외 조달」"}, keep=False, note=None)
    keep = Term("k", "PubMed", {}, keep=True, note=None)
    assert findings("Cells sourced offshore", "해외 조달 세포", [offshore, sourced]) == []
    assert findings("Cells sourced offshore", "해외에서 온 세포", [offshore, sourced]) == [
        ("warning", "glossary: 'sourced offshore' should be '「해외 조달」'")
    ]
    assert findings("An offshore clinic", "외국 클리닉", [offshore]) == [
        ("error", "glossary: 'offshore' should be '해외'")
    ]
    assert findings("An offshore clinic", "Offshore 클리닉", [offshore]) == []  # kept in the source language
    assert findings("Offshored", "외국", [offshore]) == []  # not the word itself
    assert findings("Search PubMed", "pubmed 검색", [keep]) == [("error", "'PubMed' must stay as it is")]
    assert findings("Search PubMed", "PubMed 검색", [keep]) == []


def test_a_runaway_translation_is_the_only_finding() -> None:
    found = findings("Ask", "*" * 500 + " https://evil.example")
    assert len(found) == 1 and found[0][0] == "error"


# --- content and the project -------------------------------------------------------------------------------


def test_content_that_does_not_load_is_listed_at_its_line(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    (project / "content" / "guide.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    units, problems = check_content(load_config(project))
    assert units == [] and len(problems) == 1
    assert problems[0].severity == "error" and problems[0].path == project / "content" / "guide.yaml"
    assert problems[0].line == 2  # where the YAML reader found the list unclosed


def test_a_card_without_questions_is_a_warning_on_the_sections(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    section = project / "content" / "sections" / "01-basics.yaml"
    text = section.read_text(encoding="utf-8")
    start = text.index("  - id: ask")
    end = text.index("  - id: grid")
    section.write_text(text[:start] + text[end:], encoding="utf-8")
    units, problems = check_content(load_config(project))
    assert units and [(p.path.name, p.line, p.severity) for p in problems] == [("sections", 0, "warning")]
    assert problems[0].message.startswith("card: not built") and not problems[0].hint.endswith(")")


def test_check_project_skips_a_missing_source_catalogue_but_not_another(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    config = load_config(project)
    assert not config.po_path("en").exists()
    assert [p for p in check_project(config, ["en"]) if p.severity == "error"] == []
    with pytest.raises(GuideError, match="catalogue not found"):
        check_project(config, ["fr"])


# --- the gate --------------------------------------------------------------------------------------------------


def translator(entries: dict[tuple[str | None, str], Message], path: Path) -> Translator:
    return Translator(Catalogue("ko", path, entries), is_source=False)


def test_the_gate_refuses_each_printed_entry_with_an_error_once_at_its_line(tmp_path: Path) -> None:
    config = load_config(FIXTURES / "mini")
    path = tmp_path / "guide.po"
    entries = {
        ("a", "See https://a.example"): Message("https://b.example *참조", False, 11),  # two errors: one line
        ("b", "See https://a.example"): Message("https://c.example 참조", True, 22),  # fuzzy: printed in English
        ("c", "Ask"): Message("", False, 33),  # untranslated
        ("d", "Ask now"): Message("지금 물어보세요", False, 44),  # fine
        ("e", "%(n)s days"): Message("%(n)s일 https://x.example", False, 55),
    }
    lookups = translator(entries, path)
    for key in entries:
        lookups.get(*key)
    with pytest.raises(ErrorList) as refused:
        gate(config, "ko", lookups, "ko card")
    assert [e.format(tmp_path) for e in refused.value.errors] == [
        "guide.po:11: ko card not built: URLs differ from the source (copy every URL exactly)",
        "guide.po:55: ko card not built: URLs differ from the source (copy every URL exactly)",
    ]
    unprinted = translator(entries, path)
    unprinted.get("d", "Ask now")
    gate(config, "ko", unprinted, "ko card")  # only what was looked up counts
    gate(config, "ko", Translator(None, is_source=False), "ko card")  # no catalogue: nothing to refuse


def test_the_gate_reads_a_template_string_as_formatted(tmp_path: Path) -> None:
    config = load_config(FIXTURES / "mini")
    entries = {("t", "%(n)s days"): Message("%(n)s일 %", False, 5)}
    lookups = translator(entries, tmp_path / "guide.po")
    with pytest.raises(GuideError):
        lookups.get("t", "%(n)s days", formatted=True)  # refused before anything formats it
    assert lookups.formatted == {("t", "%(n)s days")}
    with pytest.raises(GuideError) as refused:
        gate(config, "ko", lookups, "ko card")
    assert "a % that is not a placeholder" in refused.value.format()
    as_content = translator(entries, tmp_path / "guide.po")
    as_content.get("t", "%(n)s days")
    gate(config, "ko", as_content, "ko card")  # content is not formatted: a lone % is text there


def test_markups_rules_each_on_its_own() -> None:
    """Each rule of markup_problems with an input only it refuses, and the hints a translator reads."""
    emphasis = ("error", "inline markup (* or **) differs from the source", "keep emphasis marks paired as in msgid")

    def full(source: str, target: str) -> list[tuple[str, str, str]]:
        return [tuple(f) for f in check_texts(source, target, [], "ko")]  # type: ignore[misc]

    assert full("Use `x`", "x 사용") == [emphasis]  # a backtick dropped: only the count of marks differs
    assert full("a * b", "가 * 나") == [emphasis]  # one literal star: an odd count is refused
    assert full("a * b * c", "가 * 나 * 다") == []  # two literal stars: even, as the source
    assert full("Ask", "<i>물어</i>") == [
        (
            "error",
            "HTML is not allowed in a translation",
            "remove the tags; use *emphasis*, **strong** and [text](url) as the source does",
        )
    ]
    assert inline_markup("x * y **z** w * v").stars == 2  # literal stars of every text token, added up


# --- plural entries, headers and content, exactly -------------------------------------------------------

RU = "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;"  # noqa: E501


def ru_lines(tmp_path: Path, forms: list[str], comment: str = "", plural: str = RU) -> list[str]:
    path = tmp_path / "guide.po"
    header = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    header += f'"Plural-Forms: {plural}\\n"\n'
    entry = f'{comment}#, python-format\nmsgid "%(num)s question"\nmsgid_plural "%(num)s questions"\n'
    entry += "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms))
    path.write_text(header + "\n" + entry, encoding="utf-8")
    return [p.format(tmp_path) for p in check_catalogue(path, "ru", [], tmp_path)]


def test_a_plural_entry_is_checked_form_by_form_at_its_msgstr(tmp_path: Path) -> None:
    good = ["%(num)s вопрос", "%(num)s вопроса", "%(num)s вопросов"]
    assert ru_lines(tmp_path, good) == []
    assert ru_lines(tmp_path, [good[0], "%(num)s вопроса 5", good[2]]) == [
        "guide.po:10: error: msgstr[1]: number 5 is not in the source (keep each number as digits, in the source's "
        "order, as often as the source has it; if the difference is right, say so in a translator comment: "
        "'# numbers-differ: 5: why')"
    ]
    exempt = "# numbers-differ: 5: the form says five\n"
    assert ru_lines(tmp_path, [good[0], "%(num)s вопроса 5", good[2]], exempt)[0].startswith("guide.po:11: note: ")
    assert ru_lines(tmp_path, ["вопрос", *good[1:]]) == [
        "guide.po:10: error: msgstr[0]: placeholder %(num)s of the source is missing "
        "(keep every %(name)s exactly as in msgid, and write a percent sign as %%)"
    ]


def test_a_plural_entry_with_an_empty_form_or_too_few_is_reported_once_each(tmp_path: Path) -> None:
    assert ru_lines(tmp_path, ["%(num)s вопрос", "", "%(num)s вопросов"]) == [
        "guide.po:10: warning: untranslated [None]: '%(num)s question' (translate it: every msgstr[n], one per "
        "plural form (Plural-Forms says which numbers take it))"
    ]
    assert ru_lines(tmp_path, ["", "", ""]) == [
        "guide.po:10: warning: untranslated [None]: '%(num)s question' (translate it: every msgstr[n], one per "
        "plural form (Plural-Forms says which numbers take it))"
    ]
    assert ru_lines(tmp_path, ["%(num)s вопрос", "%(num)s вопроса"]) == [
        "guide.po:10: error: msgstr[2] is missing: Plural-Forms has 3 forms (msgstr[0] to msgstr[2]) "
        "(give it one msgstr[n] per form of Plural-Forms (`guide update` adds the missing ones))"
    ]
    four = ru_lines(tmp_path, ["%(num)s вопрос", "%(num)s вопроса", "%(num)s вопросов", "%(num)s x"])
    assert four[0].startswith("guide.po:10: error: msgstr[3] is past the last form: Plural-Forms has 3 forms")


def test_a_plural_entry_under_an_unreadable_rule_is_checked_against_its_plural(tmp_path: Path) -> None:
    found = ru_lines(tmp_path, ["вопрос", "%(num)s вопроса", "%(num)s вопросов"], plural="nplurals=3; plural=n +;")
    assert found[0].startswith("guide.po:5: error: Plural-Forms is 'nplurals=3; plural=n +;': it is not a gettext")
    assert found[1].startswith("guide.po:10: error: msgstr[0]: placeholder %(num)s of the source is missing")
    assert len(found) == 2


def test_content_errors_keep_their_place_and_hint_or_get_the_content_folder(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    (project / "content" / "guide.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    _, problems = check_content(load_config(project))
    assert problems[0].message.startswith("YAML syntax error") and problems[0].hint == (
        "check indentation and quote strings that contain ': '"
    )
    (project / "content" / "guide.yaml").write_text("title: Mini\nnonsense_key: 1\n", encoding="utf-8")
    _, problems = check_content(load_config(project))
    assert problems and all(p.severity == "error" and p.path.is_relative_to(project / "content") for p in problems)
    assert all(p.line >= 0 and isinstance(p.hint, str) for p in problems)


def test_the_no_questions_warning_is_split_into_problem_and_hint(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    section = project / "content" / "sections" / "01-basics.yaml"
    text = section.read_text(encoding="utf-8")
    section.write_text(text[: text.index("  - id: ask")] + text[text.index("  - id: grid") :], encoding="utf-8")
    _, problems = check_content(load_config(project))
    assert [(p.message, p.hint) for p in problems] == [
        ("card: not built, the content has no questions block", "add one to a section to get the consult card")
    ]


def test_the_gate_honours_a_translators_numbers_differ_and_the_source_locale(tmp_path: Path) -> None:
    from generator.messages import read_catalogue

    config = load_config(FIXTURES / "mini")
    body = '# numbers-differ: 2 -> 3: the Korean dose\nmsgctxt "d"\nmsgid "Take 2"\nmsgstr "3개 복용"\n'
    path = po(tmp_path, body)
    lookups = Translator(read_catalogue(path, "ko", tmp_path), is_source=False)
    lookups.get("d", "Take 2")
    gate(config, "ko", lookups, "ko card")  # a note, not an error
    path.write_text(path.read_text(encoding="utf-8").replace("# numbers-differ: 2 -> 3: the Korean dose\n", ""))
    bare = Translator(read_catalogue(path, "ko", tmp_path), is_source=False)
    bare.get("d", "Take 2")
    with pytest.raises(GuideError) as refused:
        gate(config, "ko", bare, "ko card")
    expected = "guide.po:9: ko card not built: number 2 of the source is missing; number 3 is not"
    assert refused.value.format(tmp_path).startswith(expected)


# --- what the first kill tests left: hints, the parsed links, source locales, the plural gate -----------------


def full(source: str, target: str, terms: list[Term] | None = None, **options: object) -> list[tuple[str, ...]]:
    return [tuple(f) for f in check_texts(source, target, terms or [], "ko", **options)]  # type: ignore[arg-type]


def test_every_finding_carries_its_hint() -> None:
    from generator.content import CONTROL_HINT

    keep = Term("k", "PubMed", {}, keep=True, note=None)
    term = Term("o", "offshore", {"ko": "역외"}, keep=False, note=None)
    assert full("[a](https://x.example)", "[가](https://y.example)") == [
        ("error", "links differ from the source", "keep each [text](url) with the source's URL"),
        ("error", "URLs differ from the source", "copy every URL exactly"),
    ]
    assert full("PMID: 1", "PMID: 2") == [
        ("error", "PMIDs differ from the source", "copy every PMID and its digits exactly")
    ]
    assert full("a", "가\x07") == [("error", "control character U+0007 in the translation", CONTROL_HINT)]
    assert full("PubMed", "퍼브메드", [keep]) == [
        ("error", "'PubMed' must stay as it is", "do-not-translate term: copy it exactly")
    ]
    assert full("offshore", "해외", [term]) == [
        ("warning", "glossary: 'offshore' should be '역외'", "use the glossary term (locales/glossary.yaml says why)")
    ]
    assert full("Ask the clinic", "Ask the clinic") == [
        ("warning", "translation is identical to the source", "translate it, or confirm by editing the entry")
    ]


def test_a_link_markdown_does_not_make_is_not_the_sources_link() -> None:
    assert ("error", "links differ from the source") in findings("[a](x)", "\\[a](x)")  # the same text, no link


def test_glossary_terms_match_in_any_case_and_their_quotes_are_not_part_of_them() -> None:
    term = Term("o", "offshore", {"ko": "「역외」"}, keep=False, note=None, enforce=True)
    assert findings("OFFSHORE clinics", "역외 클리닉", [term]) == []  # found in any case, quotes stripped
    wrong = ("error", "glossary: 'offshore' should be '「역외」'")
    assert findings("OFFSHORE clinics", "해외 클리닉", [term]) == [wrong]
    keep = Term("k", "PubMed", {}, keep=True, note=None)
    cells = Term("c", "PubMed search", {"ko": "펍메드 검색"}, keep=False, note=None)
    # a kept term is looked for in the whole source, even inside a longer term already matched
    assert findings("PubMed search", "펍메드 검색", [keep, cells]) == [("error", "'PubMed' must stay as it is")]


def test_the_source_is_read_in_the_source_locales_number_format() -> None:
    assert findings("1.000 Zellen", "세포 1,000개", source_locale="de") == []
    assert findings("1.000 Zellen", "세포 1,000개") != []  # in English, 1.000 is one


def test_a_plural_entry_is_read_in_the_catalogues_locale_and_the_source_locale(tmp_path: Path) -> None:
    path = tmp_path / "guide.po"
    header = HEADER.format(language="ko", content_type="text/plain; charset=UTF-8", plural=KO_PLURAL)
    entry = '#, python-format\nmsgid "%(num)s Frage"\nmsgid_plural "%(num)s Fragen aus 1.000"\n'
    path.write_text(header + "\n" + entry + 'msgstr[0] "1,000개 중 문항 %(num)s개"\n', encoding="utf-8")
    assert check_catalogue(path, "ko", [], tmp_path, "de") == []
    assert check_catalogue(path, "ko", [], tmp_path, "en") != []
    term = Term("q", "Fragen", {"ko": "질문"}, keep=False, note=None, enforce=True)
    glossary = [p.message for p in check_catalogue(path, "ko", [term], tmp_path, "de")]
    assert glossary == ["msgstr[0]: glossary: 'Fragen' should be '질문'"]


def test_a_plain_entrys_numbers_differ_comment_is_honoured(tmp_path: Path) -> None:
    body = '# numbers-differ: 2 -> 3: the Korean dose\nmsgctxt "d"\nmsgid "Take 2"\nmsgstr "3개 복용"\n'
    found = lines(tmp_path, body)
    assert found == [
        "guide.po:10: note: numbers 2 are written 3 (marked numbers-differ by the translator) "
        "(check the translator's reason)"
    ]


def test_a_missing_content_type_is_named_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "guide.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n')
    found = [p.format(tmp_path) for p in check_catalogue(path, "ko", [], tmp_path)]
    assert found == ["guide.po:1: error: Content-Type is '' (use \"text/plain; charset=UTF-8\")"]


def test_a_missing_catalogue_and_a_missing_critical_entry_say_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(GuideError) as missing:
        check_catalogue(tmp_path / "none.po", "ko", [], tmp_path)
    assert missing.value.format(tmp_path) == "none.po: catalogue not found (run `guide init ko`)"
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    units, _ = check_content(load_config(project))
    path = po(project, "")
    found = check_catalogue(path, "ko", [], project, "en", units)
    assert found and found[0].path == path
    assert found[0].message.startswith("untranslated [basics.ask.source]: 'Where do the cells come from?' has no entry")
    assert "(a safety-critical message of content/sections/01-basics.yaml:" in found[0].message
    assert found[0].hint.startswith("run `guide extract && guide update --locale ko`, then translate it")


def test_an_empty_content_folder_is_an_error_on_the_folder(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.rmtree(project / "content")
    (project / "content").mkdir()
    _, problems = check_content(load_config(project))
    assert [(p.path, p.line, p.message, p.hint) for p in problems] == [
        (project / "content", 0, "guide.yaml not found", "add guide.yaml with a title")
    ]


def test_check_project_goes_on_past_the_source_locale_with_the_contents_critical_units(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    ko = project / "locales" / "ko" / "LC_MESSAGES" / "guide.po"
    text = ko.read_text(encoding="utf-8")
    start = text.index('msgctxt "basics.ask.source"')
    ko.write_text(text[:start] + text[text.index("\n\n", start) + 2 :], encoding="utf-8")
    found = check_project(load_config(project), ["en", "ko"])
    named = [p for p in found if p.path == ko and "untranslated [basics.ask.source]" in p.message]
    assert any("has no entry" in p.message for p in named)


def test_the_gate_reads_the_projects_glossary() -> None:
    from generator.messages import read_catalogue

    config = load_config(FIXTURES.parent.parent)  # the repository's guide: `offshore` is enforced
    catalogue = read_catalogue(config.po_path("ko"), "ko", config.root)
    catalogue.entries[("x", "An offshore clinic")] = Message("해외 클리닉", False, 1)
    lookups = Translator(catalogue, is_source=False)
    lookups.get("x", "An offshore clinic")
    with pytest.raises(GuideError) as refused:
        gate(config, "ko", lookups, "ko guide")
    assert "ko guide not built: glossary: 'offshore' should be '역외'" in refused.value.format()


def test_the_gate_passes_over_a_plural_that_fell_back_but_checks_the_next(tmp_path: Path) -> None:
    """A plural printed in the source (too few forms) is passed over, and the messages after it still checked."""
    from generator.messages import read_catalogue

    config = load_config(FIXTURES / "mini")
    header = HEADER.format(language="ru", content_type="text/plain; charset=UTF-8", plural=RU)
    body = 'msgctxt "p"\nmsgid "%(num)s day"\nmsgid_plural "%(num)s days"\nmsgstr[0] "%(num)s день 7"\n\n'
    body += 'msgctxt "u"\nmsgid "See https://a.example"\nmsgstr "https://b.example"\n'
    path = tmp_path / "guide.po"
    path.write_text(header + "\n" + body, encoding="utf-8")
    lookups = Translator(read_catalogue(path, "ru", tmp_path), is_source=False)
    assert lookups.get_plural("p", "%(num)s day", "%(num)s days", 1).fell_back
    lookups.get("u", "See https://a.example")
    with pytest.raises(GuideError) as refused:
        gate(config, "ru", lookups, "ru card")
    assert "URLs differ" in refused.value.format() and "number 7" not in refused.value.format()


DE_PLURAL = "nplurals=2; plural=(n != 1);"


def de_plural(tmp_path: Path, comment: str) -> Translator:
    from generator.messages import read_catalogue

    path = tmp_path / "guide.po"
    header = HEADER.format(language="de", content_type="text/plain; charset=UTF-8", plural=DE_PLURAL)
    body = f'{comment}#, python-format\nmsgctxt "q"\nmsgid "%(num)s question"\n'
    body += 'msgid_plural "%(num)s of 1,000 questions"\n'
    body += 'msgstr[0] "%(num)s von 1.000 Fragen"\nmsgstr[1] "%(num)s von 1.000 Fragen, 7 davon offen"\n'
    path.write_text(header + "\n" + body, encoding="utf-8")
    lookups = Translator(read_catalogue(path, "de", tmp_path), is_source=False)
    lookups.get_plural("q", "%(num)s question", "%(num)s of 1,000 questions", 2)
    return lookups


def test_the_gate_reads_a_plurals_forms_in_its_locale_with_its_translators_comment(tmp_path: Path) -> None:
    """1.000 is a thousand in German; the 7 the second form adds is refused unless the comment names it."""
    config = load_config(FIXTURES / "mini")
    gate(config, "de", de_plural(tmp_path, "# numbers-differ: 7: the open ones\n"), "de card")
    with pytest.raises(GuideError) as refused:
        gate(config, "de", de_plural(tmp_path, ""), "de card")
    assert "de card not built: msgstr[1]: number 7 is not in the source" in refused.value.format()


def test_a_plain_entry_is_read_in_the_source_locale_and_as_a_template_string_when_it_is_one(tmp_path: Path) -> None:
    body = 'msgctxt "n"\nmsgid "1.000 Zellen"\nmsgstr "세포 1,000개"\n'
    assert check_catalogue(po(tmp_path, body), "ko", [], tmp_path, "de") == []
    assert check_catalogue(po(tmp_path, body), "ko", [], tmp_path, "en") != []
    template = '#, python-format\nmsgctxt "t"\nmsgid "%(n)s days"\nmsgstr "%(n)s일 %"\n'
    found = [p.message for p in check_catalogue(po(tmp_path, template), "ko", [], tmp_path)]
    assert found == ["a % that is not a placeholder: '%(n)s일 %'"]


def test_every_content_error_is_listed(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    section = project / "content" / "sections" / "01-basics.yaml"
    section.write_text("id: basics\ntitle: x\nblocks:\n  - id: a\n    p: 1\n    bogus: 2\n  - id: a\n    p: y\n")
    _, problems = check_content(load_config(project))
    assert [(p.path.name, p.line, p.message) for p in problems] == [
        ("01-basics.yaml", 6, "basics.a: unknown key 'bogus'"),
        ("01-basics.yaml", 7, "basics: block: duplicate id 'a'"),
    ]


def test_only_quotes_are_stripped_from_a_glossary_target() -> None:
    xray = Term("x", "X-ray", {"ko": "「X선」"}, keep=False, note=None)
    assert findings("An X-ray", "방사선 촬영", [xray]) == [("warning", "glossary: 'X-ray' should be '「X선」'")]
    assert findings("An X-ray", "X선 촬영", [xray]) == []
