"""Loading guide.toml: parse it, read each table against its declared keys (schema.py), freeze it.

All problems are collected and reported together, each with its line, so an
editor fixes the file in one pass (the way MkDocs reports its config).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ErrorList, GuideError
from ..files import read_input
from .model import CONFIG_NAME, Config, LocaleConfig, Pair, ProductConfig, ScriptFace, StyleConfig
from .schema import DEFAULT_PRODUCTS, GUIDE, LOCALE, PRODUCT, STYLE, STYLE_FONTS, TABLES, Key
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


def line_of(text: str, key: str | None, table: str | None = None) -> int | None:
    """Best-effort line of ``key =`` in ``[table]``, of the ``[table]`` header itself (no key), or of a
    top-level key or table (no table)."""
    lines = text.splitlines()
    start = 0
    if table:
        header = next((i for i, line in enumerate(lines) if line.strip() == f"[{table}]"), None)
        if header is not None and key is None:
            return header + 1
        start = header or 0
    if key is None:
        return None
    pattern = rf"^\s*{re.escape(key)}\s*=" + ("" if table else rf"|^\s*\[\[?{re.escape(key)}[\].]")
    return next((i + 1 for i in range(start, len(lines)) if re.match(pattern, lines[i])), None)


class Problems:
    """The problems found in guide.toml, each with its line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text
        self.errors: list[GuideError] = []

    def add(self, message: str, table: str | None = None, key: str | None = None, hint: str | None = None) -> None:
        self.errors.append(ConfigError(message, path=self.path, line=line_of(self.text, key, table), hint=hint))


def read_table(table: dict[str, Any], keys: tuple[Key, ...], where: str, problems: Problems) -> dict[str, Any]:
    """Every declared key's value in ``table`` ([guide], [locales.ko] ...): the table's own where it
    is valid, else the default; each problem goes to ``problems``."""
    known = {key.name for key in keys}
    for name in table:
        if name not in known:
            problems.add(f"unknown key {where}.{name}", where, name, hint=f"known keys: {', '.join(sorted(known))}")
    return {key.name: _read_value(key, table, where, problems) for key in keys}


def _read_value(key: Key, table: dict[str, Any], where: str, problems: Problems) -> Any:
    at, default = f"{where}.{key.name}", key.default_for(where.rpartition(".")[2])
    given = key.name in table
    value = table[key.name] if given else default
    if value is None:
        return None
    if given and not key.takes(value):
        problems.add(key.wrong_type(at, value), where, key.name)
        return default
    problem = key.check(at, value) if key.check else None
    if problem:
        problems.add(problem, where, key.name, key.hint)
        return default
    if not key.each:
        return value
    kept = []
    for item in value:
        problem = key.each(at, item)
        if problem:
            problems.add(problem, where, key.name, key.hint)
        else:
            kept.append(item)
    return kept


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
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else len(text.splitlines()) if "end of document" in str(exc) else None
        raise ConfigError(f"TOML syntax error: {exc}", path=path, line=line) from None


def _tables(data: dict[str, Any], name: str, problems: Problems) -> dict[str, dict[str, Any]]:
    """The [name.X] tables by X ([locales.ko], [products.card]); what is not a table is reported."""
    tables = data.get(name, {})
    if not isinstance(tables, dict):
        problems.add(f"[{name}] must be a table", key=name)
        return {}
    for key, table in tables.items():
        if not isinstance(table, dict):
            problems.add(f"[{name}.{key}] must be a table", key=key)
    return {key: table for key, table in tables.items() if isinstance(table, dict)}


def load_config(root: Path | str) -> Config:
    """Read and validate ``root/guide.toml``; raise all problems at once."""
    root = Path(root)
    text, data = _parse(root)
    problems = Problems(root / CONFIG_NAME, text)
    for top in data:
        if top not in TABLES:
            problems.add(
                f"unknown table [{top}]", key=top, hint="known tables: [guide], [locales.X], [products.X], [style]"
            )
    guide_table = data.get("guide", {})
    if not isinstance(guide_table, dict):
        problems.add("[guide] must be a table", key="guide")
        guide_table = {}
    guide = read_table(guide_table, GUIDE, "guide", problems)
    # Every code guide.locales names, known or not, is one other keys may name: an unknown code is reported once.
    raw = guide_table.get("locales")
    listed = [str(code) for code in raw] if isinstance(raw, list) else []
    codes: list[str] = guide["locales"]  # the known ones
    source_locale = guide["source_locale"] if guide["source_locale"] is not None else (codes or ["en"])[0]
    if listed and source_locale not in listed:
        problems.add(f"source_locale {source_locale!r} is not in guide.locales", "guide", "source_locale")
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
        problems.add("[style] must be a table", key="style")
        table = {}
    values = read_table(table, STYLE, "style", problems)
    faces = {}
    for name in ("fonts", "heading_fonts"):
        where = f"style.{name}"
        named = read_table(values[name], STYLE_FONTS, where, problems)
        faces[name] = tuple(
            ScriptFace(script, family, line_of(problems.text, script, where))
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
                f"locales.{code}",
                hint="add it to guide.locales or remove the table",
            )
    locales = {}
    for code in codes:
        table = tables.get(code, {})
        values = read_table(table, LOCALE, f"locales.{code}", problems)
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
    values = read_table(table, PRODUCT, where, problems)
    pairs = []
    for text in values["bilingual"]:  # each "reader+second", as schema checked
        pair = Pair(*text.split("+", 1))
        missing = next((code for code in pair if code not in listed), None)
        if listed and missing:
            problems.add(
                f"{where}.bilingual: {missing!r} in {text!r} is not in guide.locales",
                where,
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
