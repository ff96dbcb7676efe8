# The two commands: `make run` (set up everything, start the bot) and `make test`.
# Everything else here is a step of those two.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

# Numerics: the one place where thread counts are pinned. Training and evaluation give the same
# numbers on every machine, loaded or idle: one thread wherever a library would pick its own
# count (OpenMP, BLAS, TensorFlow), deterministic TensorFlow kernels, fixed hash seed. The
# aggression-type classifier needs none of this (bot/understanding/classifier/statistical.py uses no threads and
# no BLAS); Rasa's TensorFlow does. scripts/train-if-changed passes VPT_THREADS to `rasa train`.
export VPT_THREADS := 1
export OMP_NUM_THREADS := $(VPT_THREADS)
export OPENBLAS_NUM_THREADS := $(VPT_THREADS)
export MKL_NUM_THREADS := $(VPT_THREADS)
export TF_NUM_INTRAOP_THREADS := $(VPT_THREADS)
export TF_NUM_INTEROP_THREADS := $(VPT_THREADS)
export TF_DETERMINISTIC_OPS := 1
export PYTHONHASHSEED := 0

VENV := .venv
VENV_RASA := .venv-rasa
RASA := $(VENV_RASA)/bin/rasa
VPT := $(VENV)/bin/vpt
SPACY_NL := models/spacy-nl/meta.json

.PHONY: help run setup model db test lint audit unit validate stories eval eval-dev eval-dev-c shell clean bench soak

help:
	@echo "make run    set up both environments, build the Dutch pipeline, train if needed, start the bot"
	@echo "make test   lint, unit tests, data validation, Dutch test stories, end-to-end test"
	@echo "make eval   figures of the language understanding on the held-out test files (fails below the minimums)"
	@echo "make shell  talk to the bot in the terminal (rasa shell, with the action server started for you)"
	@echo "make bench start-up, reply times and memory (RSS) of every process of one stack"
	@echo "make soak   robustness figures: fuzzing, storage, long inputs, concurrent reporters (long)"

# --- set-up ---------------------------------------------------------------------------------
$(VENV)/.vpt-stamp: pyproject.toml requirements/app.lock scripts/setup-env
	scripts/setup-env app

$(VENV_RASA)/.vpt-stamp: requirements/rasa.txt requirements/rasa.lock scripts/setup-env
	scripts/setup-env rasa

$(SPACY_NL): scripts/build_spacy_nl.py $(VENV_RASA)/.vpt-stamp
	@echo "==> building the Dutch spaCy pipeline (blank nl + lookup lemmatizer) into models/spacy-nl"
	$(VENV_RASA)/bin/python scripts/build_spacy_nl.py models/spacy-nl

setup: $(VENV)/.vpt-stamp $(VENV_RASA)/.vpt-stamp $(SPACY_NL)

model: setup
	scripts/train-if-changed

db: $(VENV)/.vpt-stamp
	$(VPT) db upgrade

run: model db
	$(VPT) serve

shell: model db
	$(VPT) shell

# --- tests ----------------------------------------------------------------------------------
test: lint audit unit validate stories

# Known vulnerabilities in both lock files; accepted ones in requirements/audit-accepted.md.
# Skipped with a message when pypi.org cannot be reached.
audit: $(VENV)/.vpt-stamp
	scripts/audit

lint: $(VENV)/.vpt-stamp
	@echo "==> ruff"
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@echo "==> import layering (contracts in pyproject.toml)"
	$(VENV)/bin/lint-imports

# Unit tests, storage on SQLite and PostgreSQL, the web chat in Chromium, and the end-to-end
# test that starts the real processes (it needs the trained model).
unit: model
	@echo "==> pytest"
	$(VENV)/bin/pytest -q

RASA_DATA := nlu_data/nlu nlu_data/rules.yml nlu_data/stories.yml

validate: setup
	@echo "==> rasa data validate"
	$(RASA) data validate --config config.yml --domain domain.yml --data $(RASA_DATA) --fail-on-warnings

stories: model
	@echo "==> Dutch test stories"
	$(RASA) test core --model models/vpt.tar.gz --stories tests/stories --fail-on-prediction-errors \
	  --out results/rasa-test-core --no-plot

# The held-out evaluation (tests/eval/*_test.yml never feeds training or threshold tuning).
eval: model
	@mkdir -p results
	@echo "==> intents on the held-out dialogue utterances (rasa test nlu)"
	$(RASA) test nlu --model models/vpt.tar.gz --nlu tests/eval/dialogue_test.yml \
	  --out results/rasa-test-nlu --no-plot --successes > results/rasa-test-nlu.log 2>&1 || { tail -20 results/rasa-test-nlu.log; exit 1; }
	@echo "==> classifier, facts and times on the held-out files, next to the keyword baseline"
	$(VPT) eval --split test --rasa-report results/rasa-test-nlu/intent_report.json --out results/eval.json
	@echo "==> whole conversations: a simulated worker talks to the real bot (fails below the minimums)"
	$(VPT) eval-conversations --file tests/eval/conversations_test.yml

# The same on the development split, for working on the data without looking at the test split.
eval-dev: model
	@mkdir -p results
	$(RASA) test nlu --model models/vpt.tar.gz --nlu tests/eval/dialogue_dev.yml \
	  --out results/rasa-dev-nlu --no-plot --successes > results/rasa-dev-nlu.log 2>&1
	$(VPT) eval --split dev --rasa-report results/rasa-dev-nlu/intent_report.json --out results/eval-dev.json
	$(VPT) eval-conversations --file tests/eval/conversations_dev.yml

# The incident figures (classifier and facts) on the third development file, which the tuning
# never sees (tests/eval/incidents_dev_c.yml). Needs only the classifier, not Rasa.
eval-dev-c: $(VENV)/.vpt-stamp
	@mkdir -p results
	scripts/train-if-changed --classifier-only
	$(VPT) eval --split dev_c --out results/eval-dev-c.json

# Robustness figures (issue 17): fuzzing every field (10,000 each), storage, long inputs and
# concurrent reporters through the real processes. Long: run parts with SOAK_ARGS, e.g.
# `make soak SOAK_ARGS="fuzz --examples 500"`.
SOAK_ARGS ?=
soak: model db
	$(VENV)/bin/python scripts/soak.py $(SOAK_ARGS)

clean:
	rm -rf results .pytest_cache .ruff_cache .rasa

# Start-up time, reply times and the memory (RSS) of every process of one stack on temporary
# ports (docs/operations.md, "Measured"; the Kubernetes requests come from these figures).
bench: model
	$(VENV)/bin/python scripts/bench_stack.py
