"""generator/schema.py, the one schema framework of guide.toml and content, line by line (`make mutate
MODULE=schema`): its parts called in this process with hand-made nodes, each with an input that only
that part's real work tells apart (the first and the last item of a list, a hint, a prefix, a default)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.schema import Key, Problems, Seq, line_of, read_mapping, reference


def problems(renamed: str = "") -> Problems:
    return Problems(Path("/p/f.toml"), ConfigError, "`the reference`", renamed)


def reported(found: Problems) -> list[str]:
    return [error.format(Path("/p")) for error in found.errors]


def test_a_key_names_its_kind_by_python_type_or_by_name_and_an_unknown_one_is_refused():
    assert [Key("n", kind).kind for kind in (str, int, bool, list, dict, (int, float), "text")] == [
        "string", "integer", "flag", "list", "mapping", "number", "text",
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"^n: unknown kind 'nope'$"):
        Key("n", "nope")


def test_a_mapping_key_finds_its_child_by_name():
    table = Key("t", dict, keys=(Key("a", str), Key("b", int)))
    assert table.child("b") == Key("b", int) and table.child("c") is None


def test_a_list_item_is_at_its_own_line_first_and_last_and_past_them_at_the_lists():
    items = Seq(["x", "y"], line=3, lines=[4, 5])
    assert [line_of(items, n) for n in (0, 1, 2, -1, None)] == [4, 5, 3, 3, 3]
    mapping = {"__line__": 2, "__lines__": {"a": 7}, "a": 1, "b": 2}
    assert [line_of(mapping, key) for key in ("a", "b", None)] == [7, 2, 2]
    assert line_of("text", "a") is None


def test_unknown_and_renamed_keys_say_what_to_do():
    node = {"__line__": 1, "__lines__": {"colour": 3, "old": 4}, "colour": 1, "old": 2}
    keys = (Key("b", str), Key("a", str), Key("new", str, renamed_from="old"))
    for renamed, advice in (("", "rename it in the file"), ("move its translations too", "move its translations too")):
        found = problems(renamed)
        read_mapping(node, keys, "t", found)
        assert reported(found) == [
            "f.toml:3: t: unknown key 'colour' (allowed: a, b, new; see `the reference`)",
            f"f.toml:4: t: key 'old' was renamed 'new' ({advice})",
        ]
    found = problems()
    read_mapping({"__line__": 1, "__lines__": {"x": 2}, "x": 1}, keys, "", found)
    assert reported(found) == ["f.toml:2: unknown key 'x' (allowed: a, b, new; see `the reference`)"]


def test_a_missing_key_says_where_and_where_keys_are_explained():
    for where, prefix in (("t", "t: "), ("", "")):
        found = problems()
        values = read_mapping({"__line__": 6}, (Key("req", str, required=True),), where, found)
        assert values == {"req": None}
        assert reported(found) == [
            f"f.toml:6: {prefix}missing 'req' (add it; `the reference` says what each key means)"
        ]


def test_a_value_is_named_by_its_path_and_a_bad_list_item_at_its_own_line_with_the_hint():
    found = problems()
    assert read_mapping({"__line__": 1, "__lines__": {"n": 2}, "n": "x"}, (Key("n", int, default=5),), "", found) == {
        "n": 5
    }
    assert reported(found) == ["f.toml:2: n must be an integer"]

    def ok(at: str, item: str) -> str | None:
        return None if item == "ok" else f"{at}: {item!r} is not ok"

    key = Key("l", list, each=ok, hint="write ok")
    for items, line in ((Seq(["ok", "bad"], line=2, lines=[3, 4]), 4), (["ok", "bad"], 2)):
        found = problems()
        values = read_mapping({"__line__": 1, "__lines__": {"l": 2}, "l": items}, (key,), "t", found)
        assert values == {"l": ["ok"]}  # the bad item left out
        assert reported(found) == [f"f.toml:{line}: t.l: 'bad' is not ok (write ok)"]


def test_a_default_may_follow_from_the_tables_name():
    key = Key("output", str, default_of=lambda table: f"{table}.pdf")
    assert read_mapping({"__line__": 1}, (key,), "products.card", problems()) == {"output": "card.pdf"}
    assert read_mapping({"__line__": 1}, (key,), "a.b.leaflet", problems()) == {"output": "leaflet.pdf"}


def test_the_reference_names_every_key_its_kind_default_and_former_name():
    keys = (
        Key("flag", bool, default=True, doc="D."),
        Key("off", bool, default=False),
        Key("m", "mapping", keys=(Key("x", str, doc="X."),)),
        Key("l", list, keys=(Key("id", str, required=True),)),
        Key("t", list),
        Key("new", str, renamed_from="old", doc="N."),
        Key("s", str, default="a", doc="S."),
    )
    assert reference(keys, "p.") == (
        "| key | value | required | meaning |\n| --- | --- | --- | --- |\n"
        "| `p.flag` | true or false |  | D. Default: `true`. |\n"
        "| `p.off` | true or false |  |  Default: `false`. |\n"
        "| `p.m` | mapping |  |  |\n"
        "| `p.m.x` | text |  | X. |\n"
        "| `p.l` | list of mappings, each with an `id` |  |  |\n"
        "| `p.l[].id` | text | yes |  |\n"
        "| `p.t` | list of text |  |  |\n"
        "| `p.new` | text |  | N. (Formerly `old`.) |\n"
        '| `p.s` | text |  | S. Default: `"a"`. |\n'
    )
