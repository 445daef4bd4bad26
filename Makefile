# The README's two commands: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install lint bench bench-redaction eval-redaction bench-audit eval-audit bench-retention clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Install, migrate, create the root key on first run (never over existing data), seed demo data into
## an empty development install, serve on 127.0.0.1:8000.
run: $(STAMP)
	$(BIN)/kawal db upgrade
	$(BIN)/kawal vault init-root-key --if-missing
	$(BIN)/kawal demo seed --if-empty
	$(BIN)/kawal serve --host 127.0.0.1 --port 8000

## Install and run every test (SQLite and the local PostgreSQL).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/vault_bench.py

## Redaction quality on three corpora (ours, the shared development one, the blind one), Kawal vs
## vanilla Presidio, side by side; and speed/memory.
eval-redaction: $(STAMP)
	$(BIN)/python bench/redaction_eval.py -n 600 --seed 1 --blind-seed 7

bench-redaction: $(STAMP)
	$(BIN)/python bench/redaction_bench.py -n 2000 --memory-mb 100

## Retention expiry and data-subject request export on SQLite and PostgreSQL (about 3 minutes).
bench-retention: $(STAMP)
	$(BIN)/python bench/retention_bench.py

## Audit: appends, verify and a 1M-event scan on SQLite and PostgreSQL (about 10 minutes).
bench-audit: $(STAMP)
	$(BIN)/python bench/audit_bench.py

## Audit detectors on the simulated contact center (300 agents, 28 days; about 1 minute).
eval-audit: $(STAMP)
	$(BIN)/python bench/audit_sim.py --seed 1

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
