# Entry points. `make run` and `make test` work on a fresh Debian machine (root, Python 3.11).
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus/dev
OUT ?= out
POOL ?= ../shared/corpus/pool
POOL_LABELS ?= labels/pool/labels.jsonl
SPLIT ?= check

.PHONY: setup run test lint eval eval-pool bench bench-table samples clean serve screenshots
BENCH_INPUT ?= ../shared/corpus/pool/en
BENCH_RUNS ?= 3

setup:
	bash scripts/setup.sh

run: setup
	$(BIN)/msds process samples/
	$(BIN)/msds export --format csv -o $(OUT)/records.csv

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadgroup

eval: setup
	$(BIN)/msds --data-dir $(OUT)/eval-data extract $(CORPUS)/files -o $(OUT)/dev.jsonl
	$(BIN)/msds eval $(CORPUS)/labels.jsonl $(OUT)/dev.jsonl $(EVAL_FLAGS)

bench: setup
	$(BIN)/msds bench $(BENCH_INPUT) --workers 2

# Time the pool's English folder (three runs each) and write README's performance table from the figures.
bench-table: setup
	mkdir -p $(OUT)
	$(BIN)/msds bench $(BENCH_INPUT) --workers 2 --runs $(BENCH_RUNS) --json > $(OUT)/bench.json
	$(BIN)/python scripts/bench_table.py $(OUT)/bench.json README.md

# The hand-labelled pool sheets (labels/pool/README.md): extract their files, score one half (SPLIT=tuning|check).
eval-pool: setup
	$(BIN)/msds --data-dir $(OUT)/pool-data extract -o $(OUT)/pool.jsonl \
		$$($(BIN)/python -c 'import json; print(*("$(POOL)/" + json.loads(l)["pool_file"] for l in open("$(POOL_LABELS)") if l.strip()))')
	$(BIN)/msds eval $(POOL_LABELS) $(OUT)/pool.jsonl --split $(SPLIT) $(EVAL_FLAGS)

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

# AWS host (infra/README.md). `synth` works offline; `assets` needs the package index (the Lambda layer).
.PHONY: assets synth
assets: setup
	$(BIN)/python scripts/build_assets.py

synth: setup
	if [ -x node_modules/.bin/cdk ]; then node_modules/.bin/cdk synth --quiet; else $(BIN)/python app.py; fi
