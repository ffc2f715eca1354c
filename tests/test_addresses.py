"""Issue 25: no address the source does not have (generator/messages/addresses.py).

A bare domain, ``www.…``, a full-width address, an email, an address hidden by zero-width
characters, and a link whose visible text names another site: each is refused at its line by
``guide check`` and by the build's gate, while other locales are still built. Abbreviations,
version numbers and CJK text around the source's own addresses are not.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from generator.messages.addresses import addresses, normalized
from generator.messages.checks import check_texts

from .runners import guide

PO = "locales/ko/LC_MESSAGES/guide.po"
SOURCE = "Ask [NHS](https://nhs.uk) or [FDA](https://fda.gov) before you pay."
LINKS = "[NHS](https://nhs.uk) 또는 [FDA](https://fda.gov)"  # the source's links, as a translation keeps them

# (name, translation of SOURCE, the one error it gets)
REFUSED = [
    ("bare-domain", f"{LINKS}에 문의하십시오. cheap-stem-cells.example", "address 'cheap-stem-cells.example'"),
    ("www", f"{LINKS}에 문의하십시오. www.example.com", "address 'www.example.com'"),
    # only NFKC makes this an address: every character of it is full-width
    ("full-width", f"{LINKS}에 문의: ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ", "address 'example.com'"),
    ("email", f"{LINKS}에 문의: help@cheap-cells.example", "address 'help@cheap-cells.example'"),
    # only removing the zero-width spaces makes this an address
    ("zero-width", f"{LINKS}에 문의: evil\u200b.\u200bexample", "address 'evil.example'"),
    # the source's targets and domains, each link's text naming the other's site
    ("lying-link-text", "[fda.gov](https://nhs.uk) 또는 [NHS](https://fda.gov)에 문의하십시오.", "link text names"),
]

# (source, translation): no address problem
ACCEPTED = [
    (SOURCE, "결제 전에 [NHS](https://nhs.uk) 또는 [FDA](https://fda.gov)에 문의하십시오."),
    (SOURCE, "결제 전에 [nhs.uk](https://nhs.uk) 또는 [www.fda.gov](https://fda.gov)에 문의하십시오."),
    (SOURCE, "付款前請先問 [NHS](https://nhs.uk) 或 [FDA](https://fda.gov)。例如：細胞。"),
    ("See nhs.uk, e.g. the 2.0 rules.", "예: nhs.uk 참조, 즉 i.e. U.S. 2.0 규정, 1.000명, EE.UU. p.ej. 참고."),
    ("Write to help@nhs.uk.", "help@nhs.uk로 편지하십시오."),
    ("PMID 36230058 (Hoang et al., 2023).", "PMID 36230058 (Hoang 외, 2023)."),
    ("Edit guide.toml, then run guide check.", "guide.toml을 편집한 뒤 guide check를 실행하십시오."),
    # the source's own lying link, kept
    ("[nhs.uk](https://evil.example) says so.", "[nhs.uk](https://evil.example)에서 그렇게 말합니다."),
    ("See www.nhs.uk. The FDA agrees.", "請瀏覽www.nhs.uk網站。FDA同意。"),  # Chinese around it, 。before Latin
    (
        "Visit https://www.nhs.uk/conditions/ today.",
        "오늘 ＮＨＳ 누리집 www.nhs.uk를 방문하십시오 https://www.nhs.uk/conditions/",
    ),
]


def errors(source: str, target: str) -> list[str]:
    return [f.message for f in check_texts(source, target, [], "ko") if f.severity == "error"]


@pytest.mark.parametrize(("name", "target", "problem"), REFUSED, ids=[case[0] for case in REFUSED])
def test_an_address_the_source_does_not_have_is_one_error(name, target, problem):
    found = errors(SOURCE, target)
    assert len(found) == 1 and found[0].startswith(problem), found


@pytest.mark.parametrize(("source", "target"), ACCEPTED)
def test_abbreviations_numbers_and_the_sources_own_addresses_pass(source, target):
    assert [m for m in errors(source, target) if "address" in m or "link text" in m] == []


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("請瀏覽幹細胞.com網站", "幹細胞.com"),
        ("evil。com", "evil.com"),
        ("wa.me/abc", "wa.me"),
        ("xn--80ak6aa92e.com", None),
    ],
)
def test_other_shapes_of_an_address(target, name):
    found = [m for m in errors("See the FDA.", target) if "address" in m]
    # Chinese has no spaces: the label runs from the start of the Chinese text, and still names it
    assert len(found) == 1 and re.fullmatch(rf"address '\w*{re.escape(name or target)}' is not in the source", found[0])


def test_a_lying_link_text_is_caught_with_every_target_right():
    # Same targets, same domains as the source: only the link-text rule sees it.
    assert "links differ from the source" not in errors(SOURCE, REFUSED[-1][1])
    assert errors(SOURCE, REFUSED[-1][1]) == ["link text names 'fda.gov' but the link goes to 'nhs.uk'"]


def test_a_changed_target_with_the_old_text_is_also_named_as_a_lie():
    found = errors("Ask [NHS](https://nhs.uk).", "[nhs.uk](https://evil.example)에 문의하십시오.")
    assert "links differ from the source" in found
    assert "link text names 'nhs.uk' but the link goes to 'evil.example'" in found


def test_normalization_is_what_reveals_full_width_and_hidden_addresses():
    full_width = "ｅｘａｍｐｌｅ．ｃｏｍ"
    assert addresses(full_width) == [] and addresses(normalized(full_width)) == ["example.com"]
    assert addresses("evil\u200b.\u200bexample") == [] and addresses(normalized("evil\u200b.\u200bexample")) == [
        "evil.example"
    ]


def test_addresses_are_found_in_linear_time():
    # Every regex here starts only at the start of a run of labels: a run is scanned once.
    assert addresses(normalized("a." * 400_000)) == []
    assert addresses(normalized("a" * 400_000 + "@")) == []


# --- Through guide check and the build's gate --------------------------------------------------

# Where each case goes: a card text whose source is made SOURCE (file, context, its old source text).
PLACES = {
    "bare-domain": ("guide.yaml", "card.title", "Three questions"),
    "www": ("guide.yaml", "card.intro", "Ask each one."),
    "full-width": ("guide.yaml", "card.tips.in-writing", "Ask in writing."),
    "email": ("guide.yaml", "card.disclaimer", "Not medical advice."),
    "zero-width": ("sections/01-basics.yaml", "basics.ask.source", "Where do the cells come from?"),
    "lying-link-text": ("sections/01-basics.yaml", "basics.ask.doctor", "Who is the responsible doctor?"),
}


def with_cases(project: Path) -> dict[str, int]:
    """Each REFUSED case in the Korean catalogue, its source SOURCE; the line of each msgstr."""
    translations = {name: target for name, target, _ in REFUSED}
    for file, _, old in PLACES.values():
        path = project / "content" / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, f"'{SOURCE}'", 1), encoding="utf-8")
    path = project / PO
    po = polib.pofile(str(path), wrapwidth=0)
    for name, (_, context, _) in PLACES.items():
        entry = next(e for e in po if e.msgctxt == context)
        entry.msgid, entry.msgstr = SOURCE, translations[name]
    po.save()
    lines = path.read_text(encoding="utf-8").split("\n")
    found = {}
    for name, (_, context, _) in PLACES.items():
        start = lines.index(f'msgctxt "{context}"')
        found[name] = next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("msgstr"))
    return found


@pytest.mark.typeset
def test_check_and_the_gate_refuse_each_case_at_its_line_and_other_locales_are_built(mini):
    lines = with_cases(mini)
    check = guide("check", "--locale", "ko", cwd=mini)
    build = guide("build", "--product", "card", cwd=mini)
    assert check.returncode == 1 and build.returncode == 1, build.stderr
    for name, _, problem in REFUSED:
        located = f"{PO}:{lines[name]}: "
        assert (
            [row for row in check.stdout.splitlines() if row.startswith(located)]
            == [row for row in check.stdout.splitlines() if row.startswith(f"{located}error: {problem}")]
            != []
        ), (name, check.stdout)
        assert f"{located}ko card not built: {problem}" in build.stderr, (name, build.stderr)
    assert (mini / "dist/en/consult-card.pdf").is_file()
    assert not (mini / "dist/ko/consult-card.pdf").exists()
