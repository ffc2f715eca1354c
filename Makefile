# `make pdf` builds every PDF into dist/; `make test` runs the tests.
# Both run the set-up (system packages, .venv) first when it is missing or stale.
.PHONY: pdf test lint setup clean

pdf: .venv/.installed
	.venv/bin/guide build

test: .venv/.installed
	.venv/bin/pytest

lint: .venv/.installed
	.venv/bin/ruff check generator tests benchmarks

setup: .venv/.installed

.venv/.installed: pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $@

clean:
	rm -rf dist .venv
