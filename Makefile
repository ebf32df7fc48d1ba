# The README's two commands: `make run` (set up and serve) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The gazetteer ships in districts/data/; point these at newer files to load those instead.
GAZETTEER ?=
BOUNDARIES ?=
export DEBUG ?= 1

.PHONY: run setup install demo test lint format messages clean

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Everything `run` needs before it serves: safe to repeat.
setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_gazetteer $(GAZETTEER) $(if $(BOUNDARIES),--boundaries $(BOUNDARIES))
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_users


install: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# -rs: every skipped test says why (browser tests also say what to install).
test: install
	$(BIN)/pytest -rs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/python manage.py makemessages -l ko --no-obsolete -i ".venv/*"
	$(BIN)/python manage.py compilemessages -l ko -i .venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
