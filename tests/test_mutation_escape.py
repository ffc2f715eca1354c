"""render/escape.py, line by line: inputs that only each line's real work gets right (`make mutate`).

Each escaping function is tested in tests/test_safety.py with every control character; here the
exact output: which characters pass, how an escape is spelled, how families are joined.
"""

from __future__ import annotations

import pytest

from generator.render.escape import css_string, font_stack, html_attribute, plain_text

# One character from each end of every range of _INVISIBLE: what plain text and CSS never carry.
INVISIBLE = "\x00\x1f\x7f\x9f\u061c\u200b\u200f\u2028\u202e\u2060\u2069\ufeff"


def test_plain_text_makes_each_invisible_character_one_space_and_collapses_runs() -> None:
    assert plain_text(f" a{INVISIBLE}b  c\n") == "a b c"
    assert plain_text("x") == "x" and plain_text(12) == "12"  # type: ignore[arg-type]  # (str() of what it is given)


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_each_invisible_character_is_a_space(char: str) -> None:
    assert plain_text(f"a{char}b") == "a b"
    assert css_string(f"a{char}b") == "a b"


def test_html_attribute_escapes_quotes_and_brackets_of_plain_text() -> None:
    value = html_attribute('<b title="x">\u202eA&B\x00 C')
    assert value == "&lt;b title=&#34;x&#34;&gt; A&amp;B C"
    assert type(value).__name__ == "Markup"


def test_css_string_keeps_letters_digits_and_spaces_and_escapes_the_rest_in_upper_hex() -> None:
    assert css_string("Aé 9 한") == "Aé 9 한"  # letters of any script, digits, the space: as they are
    assert css_string('"') == "\\22 "
    assert css_string("\\}") == "\\5C \\7D "  # upper-case hex, a space ends each escape
    assert css_string("a\x00") == "a "  # a control is a space, not an escape
    assert css_string(7) == "7"  # type: ignore[arg-type]
    assert type(css_string("x")).__name__ == "Markup"


def test_font_stack_quotes_each_family_and_joins_them_with_a_comma() -> None:
    assert font_stack(["Noto Sans", 'Evil"}']) == '"Noto Sans", "Evil\\22 \\7D "'
    assert font_stack(()) == ""
