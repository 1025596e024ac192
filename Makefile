# Embeddings in PyTorch -- the two commands a person needs:
#   make lab    set up (once) and open JupyterLab on the course
#   make test   set up (once) and run everything CI checks
# Both create .venv/ inside the repo; a second run reuses it unless pyproject.toml changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch==2.13.0 (CPU build) is installed from a local wheel folder where one exists.
WHEELS := $(wildcard /opt/wheels)
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check $(if $(WHEELS),--find-links $(WHEELS))

# Torch is many times slower on this class of machine without this; nbval needs a fixed hash seed.
export OMP_NUM_THREADS := 1
export PYTHONHASHSEED := 0
export PATH := $(CURDIR)/$(BIN):$(PATH)

ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
PORT ?= 8888

.PHONY: lab test release outputs timings check-python system-deps clean help grade bench-grading bench

help:
	@echo "make lab      - install (first time) and open JupyterLab on the course"
	@echo "make test     - install (first time) and run every check CI runs"
	@echo "make release  - regenerate notebooks/ (student versions) from solutions/"
	@echo "make outputs  - re-execute solutions/ in place to refresh their stored outputs"
	@echo "make timings  - Run-All time of each solution notebook (budget: 20 s each)"
	@echo "               (these take LESSON=NN-slug to work on one lesson)"
	@echo "make grade    - autograde submitted/ in parallel: make grade LESSON=NN-slug WORKERS=2"
	@echo "make bench    - word2vec benchmark, ours vs gensim (several minutes)"
	@echo "make bench-grading - 30 generated students graded sequentially and in parallel"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "The course needs Python 3.11; run: make lab PYTHON=/path/to/python3.11")'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check --quiet --upgrade pip

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e '.[test]'
	touch $@ $(VENV)/.installed-lab

# Chromium for the browser tests and PostgreSQL for the gradebook test (Debian packages);
# installed when missing.
PG_CTL := $(firstword $(wildcard /usr/lib/postgresql/*/bin/pg_ctl))
system-deps:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@command -v pg_ctl >/dev/null || [ -n "$(PG_CTL)" ] || { \
	  echo "Installing Debian's postgresql for the PostgreSQL gradebook test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

lab: $(VENV)/.installed-lab
	@echo "Opening JupyterLab on the lessons in notebooks/ (stop it with Ctrl-C)."
	$(BIN)/jupyter lab --port=$(PORT) $(ROOT_FLAG) \
	  --LanguageServerManager.autodetect=False notebooks/

test: $(VENV)/.installed-test system-deps
	$(BIN)/python -m pytest

# LESSON=02-tensors limits release/outputs to one lesson; the default is every lesson.
LESSON ?= *

release: $(VENV)/.installed-lab
	$(BIN)/nbgrader generate_assignment "$(LESSON)" --force --no-db --log-level=ERROR

outputs: $(VENV)/.installed-lab
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --log-level=WARN \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 \
	  solutions/$(LESSON)/*.ipynb

timings: $(VENV)/.installed-lab
	$(BIN)/python -m tests.runall_times $(filter-out *,$(LESSON))

clean:
	rm -rf $(VENV) .pytest_cache

# Instructor: autograde every submission of LESSON (or LESSON=all) with WORKERS nbgrader
# processes at a time, then print who could not be graded and why (README "For instructors").
WORKERS ?= 2
grade: $(VENV)/.installed-lab
	$(BIN)/python -m embedlab.grading $(if $(filter *,$(LESSON)),all,$(LESSON)) --workers $(WORKERS)

# Grading benchmark (not part of `make test`): 30 generated students, every lesson,
# sequential nbgrader vs. `embedlab.grading --workers WORKERS`.
STUDENTS ?= 30
bench-grading: $(VENV)/.installed-test
	$(BIN)/python -m tests.bench_grading --students $(STUDENTS) --workers $(WORKERS)

# word2vec benchmark (not part of `make test`, several minutes): embedlab's trainer vs gensim
# at 5/10/20 epochs, 3 repetitions; writes artifacts/bench_word2vec.json and .png.
bench: $(VENV)/.installed-lab
	$(BIN)/python -m tests.bench_word2vec
