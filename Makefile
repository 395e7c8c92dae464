# newsfacts: `make run` (the real DAG on the sample articles) and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INPUT ?= include/sample_articles
WAREHOUSE ?= warehouse
INPUT_ABS := $(abspath $(INPUT))
WAREHOUSE_ABS := $(abspath $(WAREHOUSE))
# `make eval`: the real pipeline on the samples plus every evaluation set, scored against their gold (facts, and
# the events' B-cubed where the gold names them).
EVAL_WAREHOUSE ?= warehouse-eval
# ../shared/realworld: real articles of many outlets (third-party text, read in place, never committed).
REALWORLD ?= ../shared/realworld
EVAL_SETS ?= tests/extraction/corpus $(wildcard tests/extraction/holdout) $(wildcard tests/extraction/holdout2) \
	$(wildcard tests/extraction/holdout3) $(wildcard tests/extraction/holdout4) \
	tests/extraction/events $(wildcard $(REALWORLD))
# Scored by `make eval` too, but held out of `make calibrate` (and of rule writing): what unseen text scores.
EVAL_HELD_OUT ?= $(wildcard tests/extraction/holdout5)
# and a generated corpus of that many articles in its own warehouse (its follow-ups: the events' gold clusters)
EVAL_GENERATED ?= 2000

# Override to give a run its own Airflow metadata DB (e.g. two checkouts at once).
AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW_HOME
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__PARALLELISM := 2
export AIRFLOW__CORE__DAG_DISCOVERY_SAFE_MODE := False
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: install run test test-fast eval calibrate lint docs airflow lock clean bench-data bench bench-airflow bench-cluster

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON) (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# The dbt graph the DAG reads when it is parsed (astronomer-cosmos, manifest load mode), redone when the project changes.
DBT_MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project -path dbt_project/target -prune -o -type f \( -name '*.sql' -o -name '*.yml' -o -name '*.csv' \) -print)

$(DBT_MANIFEST): $(VENV)/.installed $(DBT_SOURCES)
	cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir . --target-path target --log-path target/logs

$(AIRFLOW_HOME)/.migrated: $(VENV)/.installed
	mkdir -p $(AIRFLOW_HOME)
	$(BIN)/airflow db migrate >/dev/null
	touch $@

run: $(AIRFLOW_HOME)/.migrated $(DBT_MANIFEST)
	@mkdir -p $(WAREHOUSE_ABS)
	time $(BIN)/airflow dags test newsfacts_daily \
		-c '{"input_dir": "$(INPUT_ABS)", "warehouse_dir": "$(WAREHOUSE_ABS)"}' > $(WAREHOUSE_ABS)/last_run.log 2>&1 \
		|| { tail -60 $(WAREHOUSE_ABS)/last_run.log; exit 1; }
	$(BIN)/newsfacts summary --warehouse $(WAREHOUSE_ABS)

test: $(AIRFLOW_HOME)/.migrated $(DBT_MANIFEST) browser postgres redis
	$(BIN)/pytest

# `make test-fast`: the tests of the package's pure parts and the GX suites, no DAG run: minutes, not `make test`'s 20.
TEST_FAST := tests/ingest tests/extract tests/deploy tests/test_evaluation.py tests/test_security.py \
	tests/warehouse/test_landing.py tests/warehouse/test_validation.py tests/warehouse/test_publishing.py \
	tests/warehouse/test_freshness.py \
	tests/bench/test_benchmark_corpus.py tests/bench/test_bench_airflow.py
test-fast: install postgres redis
	$(BIN)/pytest -m "not e2e" $(TEST_FAST)

.PHONY: browser query postgres redis cluster

# Debian's headless Chromium for the report's browser test (tests/test_report.py): installed when missing.
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } \
		|| echo "WARNING: /usr/bin/chromium is missing and could not be installed: the browser tests will skip"

# A read-only SQL shell on WAREHOUSE/marts.duckdb (the DuckDB CLI from PyPI; a Python shell if it is absent).
query: install
	$(BIN)/newsfacts query --warehouse $(WAREHOUSE_ABS)

eval: $(AIRFLOW_HOME)/.migrated $(DBT_MANIFEST)
	@test -d $(REALWORLD)/gold || echo "NOTE: $(REALWORLD) is absent: the real-article set is not scored"
	rm -rf $(EVAL_WAREHOUSE)/input && mkdir -p $(EVAL_WAREHOUSE)/input
	cp $(INPUT)/* $(addsuffix /articles/*,$(EVAL_SETS) $(EVAL_HELD_OUT)) $(EVAL_WAREHOUSE)/input/
	$(MAKE) --no-print-directory run INPUT=$(EVAL_WAREHOUSE)/input WAREHOUSE=$(EVAL_WAREHOUSE) >/dev/null
	$(BIN)/newsfacts eval --misses --marts $(EVAL_WAREHOUSE)/marts.duckdb --gold tests/extraction/samples_gold \
		$(addprefix --gold ,$(addsuffix /gold,$(EVAL_SETS) $(EVAL_HELD_OUT)))
	$(BIN)/newsfacts bench-data --n $(EVAL_GENERATED) --seed $(SEED) --out $(EVAL_WAREHOUSE)/generated >/dev/null
	$(MAKE) --no-print-directory run INPUT=$(EVAL_WAREHOUSE)/generated/$(EVAL_GENERATED)/input \
		WAREHOUSE=$(EVAL_WAREHOUSE)/generated/warehouse >/dev/null
	$(BIN)/newsfacts eval --marts $(EVAL_WAREHOUSE)/generated/warehouse/marts.duckdb \
		--gold $(EVAL_WAREHOUSE)/generated/$(EVAL_GENERATED)/gold

# `make calibrate`: each evidence class's precision on the evaluation sets becomes its confidence (the
# confidence_calibration seed). Redo it when extraction rules change; `make eval` shows the result.
calibrate: install
	@test -d $(REALWORLD)/gold || echo "NOTE: $(REALWORLD) is absent: calibrating on the team's sets only"
	$(BIN)/newsfacts calibrate $(addprefix --gold ,$(addsuffix /gold,$(EVAL_SETS))) \
		--out dbt_project/seeds/confidence_calibration.csv

# `make bench-data N=100000`: N generated articles with their gold facts in BENCH_DIR/N/ (input/, gold/).
SEED ?= 7
BENCH_DIR ?= bench-data

bench-data: install
	@test -n "$(N)" || { echo "usage: make bench-data N=<number of articles> [SEED=7] [BENCH_DIR=bench-data]"; exit 2; }
	$(BIN)/newsfacts bench-data --n $(N) --seed $(SEED) --out $(BENCH_DIR)

# `make bench N=100000`: the pipeline's stages on N generated articles (+1 %, then nothing new), timed, with the
# extraction alone and the F1 of the facts; results appended to BENCH_DIR/results.csv. SHARDS, WORKERS as in the DAG.
SHARDS ?= 1
WORKERS ?= 0

bench: install
	@test -n "$(N)" || { echo "usage: make bench N=<number of articles> [SEED=7] [SHARDS=1] [WORKERS=0]"; exit 2; }
	$(BIN)/python -m newsfacts.bench.run --n $(N) --seed $(SEED) --bench-dir $(BENCH_DIR) \
		--results $(BENCH_DIR)/results.csv --shards $(SHARDS) --workers $(WORKERS)

# `make bench-airflow N=2000`: the DAG under the real scheduler (`make airflow`'s components on their own Postgres),
# runs triggered through the REST API: the samples, N generated articles, +1 %, nothing new; REPEAT times each,
# wall time trigger→success beside the stage bench's time for the same work; rows appended to BENCH_DIR/results.csv.
REPEAT ?= 3

bench-airflow: install $(DBT_MANIFEST) postgres
	@test -n "$(N)" || { echo "usage: make bench-airflow N=<number of articles> [REPEAT=3] [SEED=7]"; exit 2; }
	$(BIN)/python -m newsfacts.bench.airflow --n $(N) --seed $(SEED) --repeat $(REPEAT) --bench-dir $(BENCH_DIR) \
		--results $(BENCH_DIR)/results.csv

# `make bench-cluster N=20000`: the DAG on `newsfacts cluster` with 1 Celery worker, then 2 (SHARDS=2 shards
# each time), trigger to success through the REST API; rows appended to BENCH_DIR/cluster.csv.
bench-cluster: install $(DBT_MANIFEST) postgres redis
	@test -n "$(N)" || { echo "usage: make bench-cluster N=<number of articles> [SEED=7] [SHARDS=2]"; exit 2; }
	$(BIN)/python -m newsfacts.bench.cluster --n $(N) --seed $(SEED) --bench-dir $(BENCH_DIR) \
		--results $(BENCH_DIR)/cluster.csv --shards $(if $(filter command line,$(origin SHARDS)),$(SHARDS),2)

lint: install
	$(BIN)/ruff check .

docs: install
	$(BIN)/newsfacts serve-docs --warehouse $(WAREHOUSE_ABS)

# `make airflow`: Airflow's components on a Postgres metadata DB of their own (AIRFLOW_HOME/postgres), which
# this installs as root from Debian's postgresql when it is missing.
airflow: install $(DBT_MANIFEST) postgres
	$(BIN)/newsfacts airflow-ui

# `make cluster`: the same on the CeleryExecutor, with a Redis broker (AIRFLOW_HOME/redis, Debian's redis-server,
# installed as root when missing) and two Celery workers, each with its own AIRFLOW_HOME/workers/<name>.
cluster: install $(DBT_MANIFEST) postgres redis
	$(BIN)/newsfacts cluster

redis:
	@command -v redis-server >/dev/null \
		|| { [ "$$(id -u)" = 0 ] && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } \
		|| { echo "redis-server is missing and could not be installed (needs root): install it, then retry"; exit 1; }

postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| { [ "$$(id -u)" = 0 ] && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } \
		|| { echo "PostgreSQL is missing and could not be installed (needs root): install it, then retry"; exit 1; }

lock: install
	$(BIN)/pip freeze --exclude-editable | sed '1i # The lock: exact versions for `pip install -c constraints.txt`. Regenerate with `make lock`.' > constraints.txt

clean:
	rm -rf $(WAREHOUSE_ABS) $(EVAL_WAREHOUSE) $(AIRFLOW_HOME) dbt_project/target dbt_project/logs
