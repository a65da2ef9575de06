# Entry points. `make run` and `make test` work on a fresh Debian machine (root; scripts/setup.sh finds or builds
# the Python the Lambda functions run).
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/dev
POOL ?= ../shared/corpus/pool
POOL_LABELS ?= labels/pool/labels.jsonl
# Section 3 rows of the dev sheets, labelled here (the corpus labels have none): added to dev's labels by id.
DEV_COMPONENTS ?= labels/dev/components.jsonl
OUT ?= out

.PHONY: setup run test lint eval bench bench-table samples clean serve screenshots
BENCH_INPUT ?= ../shared/corpus/pool/en
BENCH_RUNS ?= 3

setup:
	bash scripts/setup.sh

# The sample sheets (samples/labels.jsonl beside them is their answer key, not a sheet).
run: setup
	$(BIN)/msds process $(filter-out samples/labels.jsonl,$(wildcard samples/*))
	$(BIN)/msds export --format csv -o $(OUT)/records.csv

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadgroup --ignore=tests/training
	.venv-train/bin/python -m pytest tests/training

# Extract the dev corpus and the labelled pool sheets once each, then score dev, the tuning half and the
# check half side by side (EVAL_FLAGS=--floors applies the floors to dev and check; --verbose lists the
# mistakes of dev and tuning, never those of the check half; EXTRACT_FLAGS="--rerun-from Extract" reads
# already-read sheets again after a change of the rules, without repeating OCR).
eval: setup
	$(BIN)/msds --data-dir $(OUT)/eval-data extract $(CORPUS)/files -o $(OUT)/dev.jsonl --quiet $(EXTRACT_FLAGS)
	$(BIN)/msds --data-dir $(OUT)/eval-data extract --labels $(POOL_LABELS) --root $(POOL) -o $(OUT)/pool.jsonl --quiet $(EXTRACT_FLAGS)
	$(BIN)/msds eval --set dev=$(CORPUS)/labels.jsonl+$(DEV_COMPONENTS):$(OUT)/dev.jsonl \
		--set pool=$(POOL_LABELS):$(OUT)/pool.jsonl $(EVAL_FLAGS)

bench: setup
	$(BIN)/msds bench $(BENCH_INPUT) --workers 2

# Time the pool's English folder (three runs each) and write README's performance table from the figures.
bench-table: setup
	mkdir -p $(OUT)
	$(BIN)/msds bench $(BENCH_INPUT) --workers 2 --runs $(BENCH_RUNS) --json > $(OUT)/bench.json
	$(BIN)/python scripts/bench_table.py $(OUT)/bench.json README.md

# The web app on http://127.0.0.1:8000/ (add accounts first: .venv/bin/msds users add NAME --group ...).
serve: setup
	$(BIN)/msds serve

# The browser tests, saving the screenshots the README shows.
screenshots: setup
	MSDS_SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest -q tests/browser

samples: setup
	$(BIN)/python scripts/make_samples.py

clean:
	rm -rf .msds-data $(OUT)

# AWS host (infra/README.md). `synth` bundles the Lambda layer itself (pip from the package index, no Docker),
# or copies the one `assets` built ahead of time while it is current.
.PHONY: assets synth
assets: setup
	$(BIN)/python scripts/build_assets.py

synth: setup
	if [ -x node_modules/.bin/cdk ]; then node_modules/.bin/cdk synth --quiet; else $(BIN)/python app.py; fi
