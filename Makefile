# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in exports, the API and the printed staff login point at the served address.
export VESTKA_SITE_URL ?= http://$(HOST):$(PORT)
# A fictional return address for the demo's printed envelopes; a real install sets its own.
export VESTKA_RETURN_ADDRESS ?= Вестка (демо)|а/я 0|00-000 Варшава|POLAND

.PHONY: run test bench install lint clean-db messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/vestka init
	$(BIN)/vestka demo --if-empty
	$(BIN)/vestka calendar publish-birthdays --demo
	$(BIN)/vestka demo_staff
	$(BIN)/vestka serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/names_eval.py --split test
	$(BIN)/python benchmarks/screening_eval.py
	$(BIN)/python benchmarks/letters_pdf.py
	$(BIN)/python benchmarks/cards_calendar.py
	$(BIN)/python benchmarks/campaigns.py
	$(BIN)/python benchmarks/day_of_action.py
	$(BIN)/python benchmarks/stats.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

messages: $(STAMP)
	cd src/vestka && ../../$(BIN)/vestka makemessages -l be -l ru --no-obsolete && ../../$(BIN)/vestka compilemessages
