"""The content files' YAML: every mapping and list with its lines, every value as written.

PyYAML reads YAML 1.1, where an unquoted ``pmid: 017`` is the octal 15, ``1:30:00`` the
sexagesimal 5400 and ``no`` false. Content is printed as written, so this loader resolves only
``true``/``false`` and ``null`` (YAML 1.2's core schema spellings); every other plain scalar is
the text in the file. An explicit tag (``!!int``, ``!!timestamp``) and a key that is a list or a
mapping (``? [a, b]``) are refused with their line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError
from ..files import read_input
from ..schema import Seq

try:  # libyaml's parser: content is read five times faster
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader

_TAG = "tag:yaml.org,2002:"


class _Loader(_SafeLoader):
    """A safe loader that reads plain scalars as text (but booleans and null) and records lines."""

    # Only what is listed below: not the YAML 1.1 ints, floats, timestamps, yes/no, merge keys.
    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012
    yaml_constructors: dict[Any, Any] = {}  # noqa: RUF012


_Loader.add_implicit_resolver(f"{_TAG}bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(f"{_TAG}null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):  # ? [a, b]: a list cannot name a key
            raise ContentError("a key must be a name, not a list or a mapping", line=line, hint="write key: value")
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise ContentError(f"duplicate key {key!r}", line=line)
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = value_node.start_mark.line + 1
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    """A list with its line and its items' (generator/schema.py reports a bad item at its line)."""
    items = [loader.construct_object(item, deep=True) for item in node.value]
    return Seq(items, node.start_mark.line + 1, [item.start_mark.line + 1 for item in node.value])


def _refuse_tag(loader: _Loader, node: yaml.Node) -> None:
    tag = node.tag.replace(_TAG, "!!")
    raise ContentError(
        f"the tag {tag} is not allowed", line=node.start_mark.line + 1, hint="remove it: values are read as written"
    )


_Loader.add_constructor(f"{_TAG}null", _SafeLoader.construct_yaml_null)
_Loader.add_constructor(f"{_TAG}bool", _SafeLoader.construct_yaml_bool)
_Loader.add_constructor(f"{_TAG}str", _SafeLoader.construct_yaml_str)
_Loader.add_constructor(f"{_TAG}seq", _construct_list)
_Loader.add_constructor(f"{_TAG}map", _construct_mapping)
_Loader.add_constructor(None, _refuse_tag)


def read_yaml(path: Path, root: Path) -> Any:
    """The file's YAML (``path`` inside ``root``), each mapping with its ``__line__`` and its values'
    ``__lines__``; any problem a ContentError with the file's name."""
    data = read_input(path, ContentError, root=root)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8"
        raise ContentError(f"not valid UTF-8 (byte {exc.start})", path=path, line=line, hint=hint) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except ContentError as exc:
        raise ContentError(exc.message, path=path, line=exc.line, hint=exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ContentError(
            f"YAML syntax error: {exc.problem or exc.context}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="check indentation and quote strings that contain ': '",
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL: not a MarkedYAMLError
        line = text[: exc.position].count("\n") + 1
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise ContentError(
            f"control character U+{ord(char):04X} is not allowed", path=path, line=line, hint="delete it"
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"YAML error: {exc}", path=path, hint="check the file's syntax") from None
    except RecursionError:  # [[[[...]]]] hundreds deep
        hint = "a content file needs a few levels"
        raise ContentError("nested too deeply", path=path, line=_deepest(text), hint=hint) from None


def _deepest(text: str) -> int:
    """The line where ``text``'s brackets nest deepest: where a file nested too deeply is reported."""
    depth = deepest = 0
    line = found = 1
    for char in text:
        line += char == "\n"
        depth += (char in "[{") - (char in "]}")
        if depth > deepest:
            deepest, found = depth, line
    return found
