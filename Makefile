# `make pdf` builds every PDF into dist/; `make test` runs the tests.
# Both run the set-up (system packages, .venv) first when it is missing or stale.
.PHONY: pdf test lint typecheck setup clean

pdf: .venv/.installed
	.venv/bin/guide build

test: .venv/.installed
	.venv/bin/pytest

lint: .venv/.installed
	.venv/bin/ruff check generator tests benchmarks scripts

# mypy over generator/ (its settings: [tool.mypy] in pyproject.toml)
typecheck: .venv/.installed
	.venv/bin/mypy

setup: .venv/.installed

.venv/.installed: pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $@

clean:
	rm -rf dist .venv
