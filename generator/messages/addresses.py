"""No address the source does not have: web addresses, domain names and emails in a translation.

A patient may type what a card prints into a browser. The URL and link checks compare
``https://…`` addresses and link targets exactly; this module finds the rest, after NFKC (full-width
``ｅｘａｍｐｌｅ．ｃｏｍ`` is ``example.com``) and with invisible characters removed (``evil\\u200b.com``):

- a bare domain (``cheap-stem-cells.example``, ``www.example.com``) or an email address in a
  translation must be in its source (as itself, or as the host of one of the source's addresses);
- a link's visible text may name only its own target's domain (``[nhs.uk](https://evil.example)``
  lies even when the target is one the source has), unless the source's link says the same.

A domain is recognised by its shape, not a list of top-level domains: a list goes out of date and
misses reserved names (``.example``, ``.test``, ``.onion``), and a false alarm costs a translator an
edit while a missed address costs a patient. The shape: labels of letters, digits and hyphens joined
by dots, ending in a top-level label of 2-63 ASCII letters (or ``xn--``). "e.g.", "i.e.", "U.S.",
"2.0" and "1.000" do not have it; "EE.UU." and "p.ej." (labels of at most two letters) count only as
``t.co/…`` does, followed by a path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from .bounds import Finding

# Invisible characters (format controls, Cf, are found by category): joiners, fillers, selectors.
_INVISIBLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]")
_URL = re.compile(r"https?://[^\s)\]>]+")  # checks.URL: raw addresses, which the URL check compares exactly
# A label is ASCII or not, never both: "請瀏覽www.nhs.uk網站" names www.nhs.uk, and "줄기세포.com" is one.
_LABEL = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?|[^\W\d_A-Za-z]{1,63})"
_TLD = r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})(?![A-Za-z0-9_-])"  # Korean particles may follow: nhs.uk에서
# Each starts only where no ASCII label, dot or @ comes before, so a run of labels is scanned from its
# start once (without the lookbehind "a.a.a…" would be rescanned from every label: quadratic).
_DOMAIN = re.compile(rf"(?<![A-Za-z0-9_.@-])((?:{_LABEL}\.)+{_TLD})(/?)")
_EMAIL = re.compile(rf"(?<![A-Za-z0-9_.+-])[A-Za-z0-9_.+-]{{1,64}}@((?:{_LABEL}\.)+{_TLD})")
# An ideographic full stop between ASCII labels is a dot to a browser ("evil。com"); after Chinese, a full stop.
_IDEOGRAPHIC_DOT = re.compile(r"(?<=[A-Za-z0-9])\u3002(?=[A-Za-z0-9])")
# The inline Markdown of markup._MD (and of the renderer): where a link's visible text is.
_MD = MarkdownIt("zero").enable(["emphasis", "link", "escape"])


def normalized(text: str) -> str:
    """``text`` as a browser reads an address in it: NFKC, invisible characters removed, "evil。com" a dot."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
        text = _IDEOGRAPHIC_DOT.sub(".", _INVISIBLE.sub("", text))
    return text


def addresses(text: str) -> list[str]:
    """The domain names and email addresses in ``text`` (already normalized), lower-case, in order."""
    found: list[tuple[int, str]] = [(m.start(), m.group().lower()) for m in _EMAIL.finditer(text)]
    for match in _DOMAIN.finditer(text):
        name, path = match.groups()
        if path or any(len(label) > 2 for label in name.split(".")):  # "EE.UU.", "p.ej." are abbreviations
            found.append((match.start(), name.lower()))
    return [name for _, name in sorted(found)]


def _known(source: str) -> set[str]:
    """What a translation may name: the source's domains and emails, and the hosts of its addresses."""
    text = normalized(source)
    hosts = {(urlsplit(url).hostname or "").lower() for url in _URL.findall(text)}
    return set(addresses(text)) | hosts


def _link_texts(text: str) -> list[tuple[str, str]]:
    """(visible text, target host) of each link in ``text``'s inline Markdown."""
    links: list[tuple[str, str]] = []
    for block in _MD.parseInline(text):
        host, visible = None, ""
        for token in block.children or []:
            if token.type == "link_open":
                href = normalized(str(token.attrGet("href") or ""))
                host, visible = (urlsplit(href).hostname or href.rpartition("@")[2]).lower(), ""
            elif token.type == "link_close" and host is not None:
                links.append((visible, host))
                host = None
            elif host is not None:
                visible += token.content
    return links


def _same_site(name: str, host: str) -> bool:
    """``name`` (a domain or an email in a link's text) names ``host``, with or without www."""
    domain = name.rpartition("@")[2]
    return domain == host or "www." + domain == host or domain == "www." + host


def _in(name: str, known: set[str]) -> bool:
    """An email exactly as the source has it; a domain with or without www."""
    if "@" in name:
        return name in known
    return any(_same_site(name, other) for other in known if "@" not in other)


def _lying_link(source: str, target: str) -> tuple[str, str] | None:
    """A link of ``target`` whose text names another domain than its target's (the source's own aside)."""
    allowed = {(name, host) for visible, host in _link_texts(source) for name in addresses(normalized(visible))}
    for visible, host in _link_texts(target):
        for name in addresses(normalized(visible)):
            if not _same_site(name, host) and (name, host) not in allowed:
                return name, host
    return None


def address_problems(source: str, target: str) -> Iterator[Finding]:
    """An address the source does not have; a link whose text names a site it does not go to."""
    known = _known(source)
    # Raw https:// addresses are the URL check's: compared exactly, reported once, there.
    found = addresses(normalized(_URL.sub(" ", target)))
    extra = next((name for name in found if not _in(name, known)), None)
    if extra is not None:
        yield (
            "error",
            f"address {extra!r} is not in the source",
            "copy web addresses and emails exactly as msgid has them, and add none",
        )
    lying = _lying_link(source, target)
    if lying is not None:
        yield (
            "error",
            f"link text names {lying[0]!r} but the link goes to {lying[1]!r}",
            "a link's text may name only its own target's address: keep the source's link text",
        )
