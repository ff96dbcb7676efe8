# The two commands: `make run` (set up everything, start the bot) and `make test`.
# Everything else here is a step of those two.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

VENV := .venv
VENV_RASA := .venv-rasa
RASA := $(VENV_RASA)/bin/rasa
VPT := $(VENV)/bin/vpt
SPACY_NL := models/spacy-nl/meta.json

.PHONY: help run setup model db test lint unit validate stories shell clean

help:
	@echo "make run    set up both environments, build the Dutch pipeline, train if needed, start the bot"
	@echo "make test   lint, unit tests, data validation, Dutch test stories, end-to-end test"
	@echo "make shell  talk to the bot in the terminal (rasa shell, with the action server started for you)"

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
test: lint unit validate stories

lint: $(VENV)/.vpt-stamp
	@echo "==> ruff"
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Unit tests, storage on SQLite and PostgreSQL, the web chat in Chromium, and the end-to-end
# test that starts the real processes (it needs the trained model).
unit: model
	@echo "==> pytest"
	$(VENV)/bin/pytest -q

validate: setup
	@echo "==> rasa data validate"
	$(RASA) data validate --config config.yml --domain domain.yml --data nlu_data --fail-on-warnings

stories: model
	@echo "==> Dutch test stories"
	$(RASA) test core --model models/vpt.tar.gz --stories tests/stories --fail-on-prediction-errors \
	  --out results/rasa-test-core --no-plot

clean:
	rm -rf results .pytest_cache .ruff_cache .rasa
