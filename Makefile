# `make pdf` builds every PDF into dist/; `make test` runs the tests.
# Both run the set-up (system packages, .venv) first when it is missing or stale.
.PHONY: pdf test test-fast lint typecheck mutate setup upgrade clean

pdf: .venv/.installed
	.venv/bin/guide build

test: .venv/.installed
	.venv/bin/pytest

# The edit loop's tier: every test that typesets nothing and starts no process again and again
# (tests/tiers.py), in under 20 s.
test-fast: .venv/.installed
	GUIDE_TEST_TIER=fast .venv/bin/pytest -m "not typeset and not slow" -q

lint: .venv/.installed
	.venv/bin/ruff check generator tests benchmarks scripts

# Mutation testing (mutmut, the dev group of uv.lock) of the modules that guard the reader, each against
# its own fast tests: `make mutate MODULE=messages/checks`; without MODULE, all of them (docs/testing.md).
mutate: .venv/.installed
	UV_PYTHON_DOWNLOADS=never .venv/bin/uv sync --locked --extra test --group dev --python .venv/bin/python --quiet
	.venv/bin/python scripts/mutate.py $(MODULE)

# mypy over generator/ (its settings: [tool.mypy] in pyproject.toml)
typecheck: .venv/.installed
	.venv/bin/mypy

setup: .venv/.installed

# Python packages come from uv.lock, exactly: a changed lock sets the environment up again.
.venv/.installed: pyproject.toml uv.lock scripts/setup.sh scripts/system-packages.txt
	bash scripts/setup.sh
	touch $@

# Upgrades on purpose: every Python package to its newest release within pyproject.toml's ranges,
# installed, then the whole check; on success the system packages' versions are recorded as tested.
# Commit uv.lock and scripts/system-packages.txt with what the upgrade needed (docs/testing.md, "Upgrading dependencies").
upgrade: .venv/.installed
	.venv/bin/uv lock --upgrade
	bash scripts/setup.sh && touch .venv/.installed
	$(MAKE) lint typecheck test
	python3 scripts/lock.py system-versions --write

clean:
	rm -rf dist .venv
