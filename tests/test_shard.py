"""`guide build --shard I/N`: disjoint parts of the plan that together are the whole build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import BuildOptions, build, load_config
from generator.cli import main
from generator.pipeline import plan, shard_of
from generator.publish.site import write_index


def files(out: Path) -> dict[str, bytes]:
    """Every file a build wrote, but its records (one per part) and the index page."""
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and not path.name.startswith(".guide-build") and path.name != "index.html"
    }


def test_the_parts_are_disjoint_and_cover_the_plan(mini):
    config = load_config(mini)
    jobs = plan(config, mini / "out", BuildOptions())
    parts = [shard_of(jobs, (i, 3)) for i in (1, 2, 3)]
    assert sorted(map(str, (job.target for part in parts for job in part))) == sorted(str(job.target) for job in jobs)
    assert all(parts)  # four jobs in three parts: none empty


@pytest.mark.typeset
def test_parts_built_apart_equal_the_whole_build(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    config = load_config(mini)
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    write_index(config, whole, build(config, BuildOptions(out=whole, jobs=1)))
    for i in (1, 2, 3):  # as three CI jobs would, each into its own folder, then copied together
        build(config, BuildOptions(out=tmp_path / f"part{i}", jobs=1, shard=(i, 3)))
        for name, data in files(tmp_path / f"part{i}").items():
            assert not (parts / name).exists(), f"{name} built by two parts"
            (parts / name).parent.mkdir(parents=True, exist_ok=True)
            (parts / name).write_bytes(data)
        for record in (tmp_path / f"part{i}").glob(".guide-build*.json"):
            (parts / record.name).write_bytes(record.read_bytes())
    assert files(parts) == files(whole) and files(whole)

    result = CliRunner().invoke(main, ["--project", str(mini), "index", "--out", str(parts)])
    assert result.exit_code == 0, result.output
    index = (parts / "index.html").read_text(encoding="utf-8")
    for name in files(whole):
        if name.endswith(".pdf"):
            assert name.split("/", 1)[1] in index
    # The ko guide's fallbacks, read back from the parts' records, as the whole build's index shows them
    shown = re.findall(r"\d+ messages? shown in English", index)
    assert shown and shown == re.findall(r"\d+ messages? shown in English", (whole / "index.html").read_text("utf-8"))


@pytest.mark.parametrize("value", ["0/2", "3/2", "2", "a/b", "1/0"])
def test_a_wrong_shard_is_a_usage_error(mini, value):
    result = CliRunner().invoke(main, ["--project", str(mini), "build", "--shard", value])
    assert result.exit_code == 2 and "--shard" in result.output
