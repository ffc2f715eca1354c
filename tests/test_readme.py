"""The README a newcomer reads top down: short, a table of contents that leads somewhere, links that
resolve, and every `guide` command in its ```sh blocks run as written, in order, in a new folder
(the walk-through: new, build, extract and update, check, init, card). `guide serve` runs until
stopped, so it is parsed here and run by tests/test_serve.py; the README's install lines (apt, uv,
make) are CI's: .ci/run runs `make test`, scripts/ci-install.sh installs the wheel as a tool."""

from __future__ import annotations

import re
import shlex
import unicodedata
from pathlib import Path

import pytest

from generator.cli import main
from generator.new import GUIDE_TOML

from .runners import guide

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LONGEST_README = 350
LONG_RUNNING = {"serve", "warm"}  # parsed, not run: they serve until stopped


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.M)}


def links(path: Path) -> list[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans hold examples like [nhs.uk](https://evil.example)
    return re.findall(r"\]\(([^)\s]+)\)", text)


def sh_commands() -> list[str]:
    """The lines of the README's ```sh blocks, comments dropped, `a && b` as two commands."""
    blocks = re.findall(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            commands += [part.strip() for part in line.split("&&") if part.strip()]
    return commands


def test_the_readme_is_short_and_opens_with_a_table_of_contents() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= LONGEST_README
    contents = text.split("## Contents\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\s*- \[([^\]]+)\]\(#([^)]+)\)$", contents, re.M)
    assert len(listed) >= 8
    headings = anchors(README)
    assert [target for _, target in listed if target not in headings] == []
    for title, target in listed:
        assert slug(title) == target, title
    # Every section of the README is in the contents.
    sections = {slug(h) for h in re.findall(r"^## (.+)$", text, re.M)} - {"contents"}
    assert sections <= {target for _, target in listed}


@pytest.mark.parametrize("page", [README, *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name)
def test_every_relative_link_resolves(page: Path) -> None:
    broken = []
    for target in links(page):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        file, _, anchor = target.partition("#")
        resolved = (page.parent / file).resolve() if file else page
        if not resolved.exists():
            broken.append(f"{target}: no such file")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no such heading")
    assert broken == [], page.name


def test_the_new_projects_config_points_at_a_page_that_exists() -> None:
    (page,) = re.findall(r"docs/[\w-]+\.md", GUIDE_TOML)
    assert (ROOT / page).is_file() and "guide.toml" in (ROOT / page).read_text(encoding="utf-8")


@pytest.mark.typeset
def test_every_command_in_the_readme_runs_as_written(tmp_path: Path) -> None:
    commands = sh_commands()
    cwd = tmp_path
    run = []
    for command in commands:
        words = shlex.split(command)
        if words[0] == "cd":
            cwd = cwd / words[1]
            continue
        if words[0] != "guide":
            continue  # apt, uv, make: CI's (see the module)
        name = next(word for word in words[1:] if not word.startswith("-"))
        if name in LONG_RUNNING:
            context = main.make_context("guide", words[1:])
            sub = main.commands[name]
            sub.make_context(name, words[words.index(name) + 1 :], parent=context)  # a usage error raises
            continue
        result = guide(*words[1:], cwd=cwd)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        run.append(command)
    assert run[0].startswith("guide new") and len(run) >= 8
    # What the walk-through says it made.
    project = tmp_path / "my-guide"
    for made in ("ko/consult-card.pdf", "ko/guide.pdf", "ko/consult-card.en.a4.pdf", "ko/consult-card.press.pdf"):
        assert (project / "dist" / made).is_file(), made
    assert (project / "locales/de/LC_MESSAGES/guide.po").is_file()
    assert '"de"' in (project / "guide.toml").read_text(encoding="utf-8")
    assert (project / "preview/ko/consult-card.html").is_file()


def test_the_readmes_apt_line_is_the_set_ups_packages_but_the_test_tools() -> None:
    (line,) = [command for command in sh_commands() if command.startswith("sudo apt-get install")]
    listed = set(line.split()[3:])
    locked = (ROOT / "scripts/system-packages.txt").read_text(encoding="utf-8").splitlines()
    packages = {row.split()[0] for row in locked if row.strip() and not row.startswith("#")}
    assert listed == packages - {"chromium", "poppler-utils"}  # the browser and pdftoppm serve the tests
