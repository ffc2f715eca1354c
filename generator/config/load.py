"""Loading guide.toml: parse it, read each table against its declared keys (schema.py), freeze it.

All problems are collected and reported together, each with its line, so an
editor fixes the file in one pass (the way MkDocs reports its config).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ErrorList
from ..files import read_input
from ..schema import Problems, keys_of, line_of, read_mapping
from .model import CONFIG_NAME, Config, LocaleConfig, Pair, ProductConfig, ScriptFace, StyleConfig
from .schema import DEFAULT_PRODUCTS, GUIDE, LOCALE, PRODUCT, STYLE, STYLE_FONTS, TABLES
from .scripts import script_of


def find_project(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a guide.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} here or in any parent folder",
        path=start,
        hint="run inside a guide project or pass --project DIR",
    )


def _line(lines: list[str], key: str, table: str | None, start: int = 0) -> int | None:
    """Best-effort line of ``key =`` in ``[table]`` or of the ``[table.key]`` header; with no table, of
    the first ``[key`` header or of ``key =`` above every header."""
    if table is None:
        end = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
        header = rf"^\s*\[\[?{re.escape(key)}[\].]"
        found = next((i + 1 for i, line in enumerate(lines) if re.match(header, line)), None)
        return found or next((i + 1 for i in range(end) if re.match(rf"^\s*{re.escape(key)}\s*=", lines[i])), None)
    header_line = next((i for i, line in enumerate(lines) if line.strip() == f"[{table}.{key}]"), None)
    if header_line is not None:
        return header_line + 1
    pattern = rf"^\s*{re.escape(key)}\s*="
    return next((i + 1 for i in range(start, len(lines)) if re.match(pattern, lines[i])), None)


def key_line(text: str, key: str, table: str) -> int | None:
    """Best-effort line of ``key =`` in ``[table]`` of guide.toml's ``text``."""
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if line.strip() == f"[{table}]"), 0)
    return _line(lines, key, table, header)


def _with_lines(table: dict[str, Any], lines: list[str], name: str | None, line: int) -> None:
    """Give ``table`` (``[name]``, the file's top when None) and the tables in it their ``__line__`` and
    their values' ``__lines__``, as content's YAML has them, so a problem is reported at its line."""
    header = next((i for i, text in enumerate(lines) if text.strip() == f"[{name}]"), None)
    table["__line__"] = header + 1 if header is not None else line
    table["__lines__"] = {}
    for key, value in list(table.items()):
        if key.startswith("__"):
            continue
        found = _line(lines, key, name, header or 0) or table["__line__"]
        table["__lines__"][key] = found
        if isinstance(value, dict):
            _with_lines(value, lines, f"{name}.{key}" if name else key, found)


def _parse(root: Path) -> tuple[str, dict[str, Any]]:
    """guide.toml's text and data; a file that cannot be read or parsed is one error, raised."""
    path = root / CONFIG_NAME
    try:
        text = read_input(path, ConfigError, root=root).decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{CONFIG_NAME} not found", path=root, hint="create one or pass --project DIR") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else len(text.splitlines()) if "end of document" in str(exc) else None
        raise ConfigError(f"TOML syntax error: {exc}", path=path, line=line) from None
    _with_lines(data, text.splitlines(), None, 1)
    return text, data


def _tables(data: dict[str, Any], name: str, problems: Problems) -> dict[str, dict[str, Any]]:
    """The [name.X] tables by X ([locales.ko], [products.card]); what is not a table is reported."""
    tables = data.get(name, {})
    if not isinstance(tables, dict):
        problems.add(f"[{name}] must be a table", data, name)
        return {}
    for key in keys_of(tables):
        if not isinstance(tables[key], dict):
            problems.add(f"[{name}.{key}] must be a table", tables, key)
    return {key: tables[key] for key in keys_of(tables) if isinstance(tables[key], dict)}


def load_config(root: Path | str) -> Config:
    """Read and validate ``root/guide.toml``; raise all problems at once."""
    root = Path(root)
    text, data = _parse(root)
    problems = Problems(root / CONFIG_NAME, ConfigError, "`guide schema config`")
    for top in keys_of(data):
        if top not in TABLES:
            hint = "known tables: [guide], [locales.X], [products.X], [style]"
            problems.add(f"unknown table [{top}]", data, top, hint=hint)
    guide_table = data.get("guide", {"__line__": 1})  # a key it lacks is missing from line 1 on
    if not isinstance(guide_table, dict):
        problems.add("[guide] must be a table", data, "guide")
        guide_table = {"__line__": line_of(data, "guide")}
    guide = read_mapping(guide_table, GUIDE, "guide", problems)
    # Every code guide.locales names, known or not, is one other keys may name: an unknown code is reported once.
    raw = guide_table.get("locales")
    listed = [str(code) for code in raw] if isinstance(raw, list) else []
    codes: list[str] = guide["locales"]  # the known ones
    source_locale = guide["source_locale"] if guide["source_locale"] is not None else (codes or ["en"])[0]
    if listed and source_locale not in listed:
        problems.add(f"source_locale {source_locale!r} is not in guide.locales", guide_table, "source_locale")
    style = _style(data, problems)
    locales = _locales(data, codes, listed, style, problems)
    products = _products(data, listed, problems)
    ErrorList.raise_if(sorted(problems.errors, key=lambda error: error.line or 0))  # in the file's order
    return Config(
        root=root.resolve(),
        source_locale=source_locale,
        locales=locales,
        edition=guide["edition"],
        domain=guide["domain"],
        han_lang=guide["han_lang"],
        out=Path(guide["out"]),
        products=products,
        author=guide["author"],
        report_bugs_to=guide["report_bugs_to"],
        style=style,
    )


def _style(data: dict[str, Any], problems: Problems) -> StyleConfig:
    """[style], its colours checked; the tint mixed from the accent unless given; each face with its line."""
    table = data.get("style", {})
    if not isinstance(table, dict):
        problems.add("[style] must be a table", data, "style")
        table = {"__line__": line_of(data, "style")}
    values = read_mapping(table, STYLE, "style", problems)
    faces = {}
    for name in ("fonts", "heading_fonts"):
        where = f"style.{name}"
        named = read_mapping(values[name], STYLE_FONTS, where, problems)
        faces[name] = tuple(
            ScriptFace(script, family, line_of(values[name], script))
            for script, family in named.items()
            if family is not None
        )
    tint = values["tint"] or (mix(values["accent"], 0.07) if values["accent"] else None)
    return StyleConfig(values["accent"], values["text"], tint, values["size"], faces["fonts"], faces["heading_fonts"])


def mix(colour: str, amount: float) -> str:
    """``colour`` (#rrggbb) laid thinly over white: ``amount`` of it (base.css's tint is about 7 % of its accent)."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - amount * (255 - c)):02x}" for c in channels)


def _locales(
    data: dict[str, Any], codes: list[str], listed: list[str], style: StyleConfig, problems: Problems
) -> dict[str, LocaleConfig]:
    """A LocaleConfig for each known code of guide.locales, from its [locales.CODE] table or defaults,
    with [style]'s faces for its script first."""
    tables = _tables(data, "locales", problems)
    for code in tables:
        if listed and code not in listed:
            problems.add(
                f"[locales.{code}] is not in guide.locales",
                tables[code],
                hint="add it to guide.locales or remove the table",
            )
    locales = {}
    for code in codes:
        table = tables.get(code, {})
        values = read_mapping(table, LOCALE, f"locales.{code}", problems)
        sans, serif = style.stacks(script_of(code), tuple(values["sans"]), tuple(values["serif"]))
        locales[code] = LocaleConfig(
            code=code,
            lang=values["lang"],
            sans=sans,
            serif=serif,
            format_locale=values["format_locale"],
            fonts_named="sans" in table or "serif" in table,
        )
    return locales


def _products(data: dict[str, Any], listed: list[str], problems: Problems) -> dict[str, ProductConfig]:
    """The built-in products, overridden key by key by the project's [products.X] tables, and its own."""
    tables = {name: dict(table) for name, table in DEFAULT_PRODUCTS.items()}
    for name, table in _tables(data, "products", problems).items():
        tables[name] = {**tables.get(name, {}), **table}
    return {name: _product(name, table, listed, problems) for name, table in tables.items()}


def _product(name: str, table: dict[str, Any], listed: list[str], problems: Problems) -> ProductConfig:
    where = f"products.{name}"
    values = read_mapping(table, PRODUCT, where, problems)
    pairs = []
    for text in values["bilingual"]:  # each "reader+second", as schema checked
        pair = Pair(*text.split("+", 1))
        missing = next((code for code in pair if code not in listed), None)
        if listed and missing:
            problems.add(
                f"{where}.bilingual: {missing!r} in {text!r} is not in guide.locales",
                table,
                "bilingual",
                hint=f"use locales from guide.locales: {', '.join(listed)}",
            )
        else:
            pairs.append(pair)
    return ProductConfig(
        name=name,
        template=values["template"],
        output=values["output"],
        max_pages=values["max_pages"],
        fits=values["fits"],
        min_translated=float(values["min_translated"]),
        bilingual=tuple(pairs),
        papers=tuple(dict.fromkeys(values["papers"])),  # each sheet once, in the order given
    )
