"""pipeline/policy.py, line by line (`make mutate`): what a rendered document must satisfy before it
is typeset, with lookups made in this process (no build): the third and fourth untranslated safety
message, a share exactly at the minimum, the second language of a bilingual copy, and which message
a line that runs off the page comes from."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.config import Config, load_config
from generator.errors import CatalogueError, ErrorList, GuideError, OutputError
from generator.messages import Catalogue, Message, Translator
from generator.pipeline.plan import Job
from generator.pipeline.policy import check_policy, check_translated, name_the_message
from generator.typeset import OVERFLOW

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(FIXTURES / "mini")


def translator(config: Config, code: str, entries: dict[tuple[str | None, str], str]) -> Translator:
    """A translator over a catalogue of ``entries`` (msgstr "" is untranslated), each at line 10, 20…"""
    messages = {key: Message(text, False, 10 * (i + 1)) for i, (key, text) in enumerate(entries.items())}
    return Translator(Catalogue(code, config.po_path(code), messages), is_source=False)


def bilingual(config: Config, code: str, key: tuple[str, str], text: str, critical: bool = False) -> SimpleNamespace:
    """A ko document whose one message is read, with a second language ``code`` whose one message
    ``key`` (translated ``text``) is read too: what the gate and the error naming see of a bilingual copy."""
    reader = translator(config, "ko", {("a", "A"): "가"})
    reader.get("a", "A", critical=critical)
    second = translator(config, code, {key: text})
    second.get(*key, critical=critical)
    return SimpleNamespace(translator=reader, also=SimpleNamespace(translator=second))


def product(config: Config, min_translated: float = 0.0):
    return dataclasses.replace(config.products["card"], min_translated=min_translated)


def refused(call) -> str:
    with pytest.raises(GuideError) as caught:
        call()
    errors = caught.value.errors if isinstance(caught.value, ErrorList) else [caught.value]
    return "\n".join(e.format() for e in errors)


def test_untranslated_safety_messages_are_named_three_at_most_at_the_first_ones_line(config: Config) -> None:
    keys = [("q1", "One?"), ("q2", "Two?"), (None, "Three?"), ("q4", "Four?")]
    lookups = translator(config, "ko", {("q0", "Zero"): "영", **{key: "" for key in keys}})
    lookups.get("q0", "Zero", critical=True)
    for context, msgid in keys[:3]:
        lookups.get(context, msgid, critical=True)
    three = refused(lambda: check_translated(config, "ko", product(config), lookups))
    path = config.po_path("ko")
    assert three.startswith(
        f"{path}:20: ko card not built: 3 safety-critical message(s) untranslated or fuzzy: q1, q2, Three? ("
    )
    assert three.endswith("(translate them (guide check lists them), then build again)")
    lookups.get("q4", "Four?", critical=True)
    four = refused(lambda: check_translated(config, "ko", product(config), lookups))
    assert ": 4 safety-critical message(s) untranslated or fuzzy: q1, q2, Three? ... (" in four


def test_the_translated_share_may_equal_the_minimum_but_not_fall_below_it(config: Config) -> None:
    lookups = translator(config, "ko", {("a", "A"): "가", ("b", "B"): "", ("c", "C"): "다", ("d", "D"): "라"})
    for context, msgid in [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]:
        lookups.get(context, msgid)
    check_translated(config, "ko", product(config, 75.0), lookups)  # 3 of 4: exactly the minimum
    below = refused(lambda: check_translated(config, "ko", product(config, 75.5), lookups))
    assert below == (
        f"{config.po_path('ko')}: ko card not built: 75% of its messages are translated, the minimum is 76% "
        "(translate more, or lower products.card.min_translated in guide.toml)"
    )


def test_a_bilingual_copy_is_held_to_both_languages_rules(config: Config) -> None:
    doc = bilingual(config, "en", ("q", "Why?"), "", critical=True)
    job = Job("ko", "card", Path("out.pdf"), also="en")
    message = refused(lambda: check_policy(config, job, doc))  # type: ignore[arg-type]
    assert "en card not built: 1 safety-critical message(s) untranslated or fuzzy: q" in message
    check_policy(config, Job("ko", "card", Path("out.pdf")), doc)  # type: ignore[arg-type]  # not bilingual: only ko


def test_the_gate_refuses_an_error_in_either_language(config: Config) -> None:
    good = translator(config, "ko", {("a", "See https://a.example"): "https://a.example 참조"})
    good.get("a", "See https://a.example")
    bad = translator(config, "ko", {("a", "See https://a.example"): "https://evil.example 참조"})
    bad.get("a", "See https://a.example")
    job = Job("ko", "card", Path("out.pdf"), also="ko")
    second_bad = SimpleNamespace(translator=good, also=SimpleNamespace(translator=bad))
    docs = [SimpleNamespace(translator=bad, also=None), second_bad]
    for doc in docs:
        assert "ko+ko card not built: URLs differ from the source" in refused(lambda: check_policy(config, job, doc))  # type: ignore[arg-type]  # noqa: B023
    check_policy(config, job, SimpleNamespace(translator=good, also=SimpleNamespace(translator=good)))  # type: ignore[arg-type]


def overflow(text: str) -> OutputError:
    return OutputError(f"ko card: text {OVERFLOW} 2: {text!r}", path=Path("card.html"), line=None)


def test_a_line_off_the_page_is_named_by_the_message_that_printed_it(config: Config) -> None:
    lookups = translator(config, "ko", {("short", "S"): "짧음", ("long", "L"): "아주   긴 낱말이 들어간 문장"})
    lookups.get("short", "S")
    lookups.get("long", "L")
    lookups.get(None, "An untranslated source text that runs on and on")
    doc = SimpleNamespace(translator=lookups, also=None)
    named = name_the_message(overflow("긴 낱말이"), doc)  # type: ignore[arg-type]
    assert named.message.endswith(f"{OVERFLOW} 2: '긴 낱말이' [long]")
    assert (named.path, named.line) == (config.po_path("ko"), 20)
    source = name_the_message(overflow("runs on and on"), doc)  # type: ignore[arg-type]
    assert source.message.endswith("[An untranslated source text that runs on]")  # its first 40 characters
    assert (source.path, source.line) == (Path("card.html"), None)


def test_the_second_language_is_searched_too_and_other_errors_are_left_alone(config: Config) -> None:
    doc = bilingual(config, "en", ("b", "B"), "Overflowing words")
    named = name_the_message(overflow("Overflowing   words"), doc)  # type: ignore[arg-type]
    assert named.message.endswith("[b]") and named.path == config.po_path("en") and named.line == 10
    other = CatalogueError("something else: 'Overflowing words'", path=Path("x.po"), line=3)
    assert name_the_message(other, doc) is other and other.message == "something else: 'Overflowing words'"  # type: ignore[arg-type]
    nothing = name_the_message(overflow(""), doc)  # type: ignore[arg-type]
    assert not nothing.message.endswith("]")  # an empty snippet names no message


LONG = "A long untranslated source text, more than forty characters"


def test_the_snippet_is_the_quoted_text_whole_its_first_20_characters(config: Config) -> None:
    lookups = translator(
        config,
        "ko",
        {
            ("a", "A"): "긴 낱말이",
            ("b", "B"): "주의: 긴 낱말이 여기",  # the snippet holds ": " itself
            ("c", "C"): "it's a very long word indeed, longer",
            (None, LONG): "",
        },
    )
    for key in [("a", "A"), ("b", "B"), ("c", "C"), (None, LONG)]:
        lookups.get(*key)
    doc = SimpleNamespace(translator=lookups, also=None)
    assert name_the_message(overflow("주의: 긴 낱말이"), doc).message.endswith("[b]")  # type: ignore[arg-type]
    # repr() quotes a text with an apostrophe in double quotes; only its first 20 characters are compared
    assert name_the_message(overflow("it's a very long worQ, not indeed"), doc).message.endswith("[c]")  # type: ignore[arg-type]
    error = OutputError(f"ko card: text {OVERFLOW} 1: 'more than forty'", path=Path("card.html"), line=5)
    named = name_the_message(error, doc)  # type: ignore[arg-type]
    assert named.message.endswith("[A long untranslated source text, more th]")
    assert (named.path, named.line) == (Path("card.html"), 5)


def test_the_second_languages_gate_reads_numbers_in_its_own_locale(config: Config) -> None:
    """1.000 is a thousand in German and one in English: the second gate must be given its own locale."""
    doc = bilingual(config, "de", ("d", "Take 1,000 cells"), "Nehmen Sie 1.000 Zellen")
    check_policy(config, Job("ko", "card", Path("out.pdf"), also="de"), doc)  # type: ignore[arg-type]
    with pytest.raises(GuideError):
        check_policy(config, Job("ko", "card", Path("out.pdf"), also="en"), doc)  # type: ignore[arg-type]


def test_a_message_is_named_by_its_first_40_characters_and_a_source_document_has_no_catalogue(config: Config) -> None:
    name = "An untranslated source text with no context, of more than 40 characters"
    lookups = translator(config, "ko", {("y", "Y"): "YZ 만", (None, name): "XYZ 번역"})
    lookups.get("y", "Y")
    lookups.get(None, name)
    doc = SimpleNamespace(translator=lookups, also=None)
    named = name_the_message(overflow("XYZ"), doc)  # type: ignore[arg-type]  # an X is not a quote to strip
    assert named.message.endswith(f"[{name[:40]}]") and named.line == 20
    source = Translator(None, is_source=True)
    source.get("z", "Words that run off")
    plain = name_the_message(overflow("Words that run off"), SimpleNamespace(translator=source, also=None))  # type: ignore[arg-type]
    assert plain.message.endswith("[z]") and plain.path == Path("card.html")


def test_the_readers_gate_reads_numbers_in_its_locale(config: Config) -> None:
    reader = translator(config, "de", {("d", "Take 1,000 cells"): "Nehmen Sie 1.000 Zellen"})
    reader.get("d", "Take 1,000 cells")
    doc = SimpleNamespace(translator=reader, also=None)
    check_policy(config, Job("de", "card", Path("out.pdf")), doc)  # type: ignore[arg-type]
    with pytest.raises(GuideError):
        check_policy(config, Job("en", "card", Path("out.pdf")), doc)  # type: ignore[arg-type]
