# Embeddings in PyTorch -- the two commands a person needs:
#   make lab    set up (once) and open JupyterLab on the course
#   make test   set up (once) and run everything CI checks
# Both create .venv/ inside the repo; a second run reuses it unless pyproject.toml changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch is installed first, on its own, at the version pyproject.toml pins:
#  - from WHEELS, a local folder of wheels, when it holds that torch for this Python;
#  - otherwise, on Linux, from TORCH_INDEX, PyTorch's CPU wheel index (PyPI's Linux torch is the
#    CUDA build, several GB). With a GPU, pass a CUDA index instead, for example
#    make lab TORCH_INDEX=https://download.pytorch.org/whl/cu126
#  - TORCH_INDEX=pypi, and macOS and Windows, take PyPI's default build (CPU or Metal there).
# A TORCH_INDEX given on the command line or in the environment wins over WHEELS.
TORCH_VERSION := $(shell sed -n 's/^ *"torch==\([^"]*\)".*/\1/p' pyproject.toml)
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
WHEELS ?= $(wildcard /opt/wheels)
# Modules are byte-compiled after the install, by $(COMPILE) on every core, not one at a time by pip
# (fresh venvs here: 58 s instead of 69 s for torch and the course packages). Compiled they must be:
# where PYTHONDONTWRITEBYTECODE is set, as on this project's CI machine, Python never keeps what it
# compiles on import, and every process would compile torch again. As pip does, a file that this Python
# cannot compile (torch ships a few written for newer ones) is skipped: importing it is what would fail.
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check --no-compile $(if $(WHEELS),--find-links $(WHEELS))
COMPILE = $(BIN)/python -m compileall -q -j 0 "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" >/dev/null || true
KERNEL := embeddings-in-pytorch
# The lock: every package of the environment at the version the course was tested with (made with
# uv pip compile, see its first lines; docs/maintainers.md). Every install reads it as a pip
# constraints file, which limits versions and never adds a package. (A copy of the course without
# it, such as an older student release, installs without it.)
LOCK := constraints.txt
LOCK_FLAG := $(if $(wildcard $(LOCK)),-c $(LOCK))
comma := ,
# for "done in N s" after a (re)install
T0 := $(shell date +%s)

# Torch is many times slower on this class of machine without this; nbval needs a fixed hash seed.
export OMP_NUM_THREADS := 1
export PYTHONHASHSEED := 0
export PATH := $(CURDIR)/$(BIN):$(PATH)

ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
PORT ?= 8888

.PHONY: lab instructor site check test quick lint dev release outputs timings screenshots check-python system-deps clean help grade bench-grading bench-sandbox bench-kernel-start bench

help:
	@echo "make lab      - install (first time) and open JupyterLab on the course"
	@echo "make test     - install (first time) and run every check CI runs"
	@echo "make quick LESSON=01 - for authors, in a minute or two: unit tests, lint, release drift, nbval of one lesson"
	@echo "make instructor - JupyterLab for instructors: the course directory with Formgrader"
	@echo "make site     - the course website, built offline into build/site/html (docs/site.py)"
	@echo "make check LESSON=01 - check my work: run lesson 01's hidden tests on notebooks/01-*/"
	@echo "make release  - regenerate notebooks/ (student versions) from solutions/"
	@echo "make outputs  - re-execute solutions/ in place to refresh their stored outputs"
	@echo "make timings  - Run-All time of each solution notebook (budget: 20 s each)"
	@echo "               (these take LESSON=NN-slug to work on one lesson)"
	@echo "make grade    - autograde submitted/ in parallel: make grade LESSON=NN-slug WORKERS=2"
	@echo "make grade-answers LESSON=NN-slug - for authors: the lesson's answer files through the real grader"
	@echo "make bench    - word2vec benchmark, ours vs gensim (several minutes)"
	@echo "make screenshots - the browser tests, with screenshots of every lesson's whole notebook in artifacts/browser/"
	@echo "make bench-grading - 30 generated students graded without the demo cells, 6 of them with (STUDENTS=6: quicker)"
	@echo "make bench-sandbox - lesson 01 graded with and without the bubblewrap sandbox, side by side"
	@echo "make bench-kernel-start - a grading kernel's start to ready and stop, jupyter_client's way vs ours"

GET_PYTHON := Install one with uv (uv python install 3.12) or conda (see the README), then run: make lab PYTHON=/path/to/python3.12
check-python:
	@command -v $(PYTHON) >/dev/null || { echo "No $(PYTHON) found. The course needs Python 3.11, 3.12 or 3.13. $(GET_PYTHON)" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v <= (3, 13) else "The course needs Python 3.11, 3.12 or 3.13, but $(PYTHON) is Python %d.%d. $(GET_PYTHON)" % v)'

$(BIN)/python: | check-python
	@echo "Creating $(VENV) with $$($(PYTHON) -c 'import sys; print("Python", sys.version.split()[0])') ..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --disable-pip-version-check --quiet --upgrade pip

# $(call install,EXTRAS): torch on its own first (see TORCH_INDEX above; skipped when the pinned
# version is already there), then this package; pip then finds torch already satisfied. Torch from
# the wheel folder or the CPU index comes without its dependencies (--no-deps): the second step
# installs them from PyPI at the versions $(LOCK) locks, which an index of torch builds may lack.
# setup.py makes editable installs put the course kernel in .venv/share/jupyter/kernels/;
# ipykernel's installer is the fallback if a setuptools release stops doing that.
define install
	@[ -n "$(TORCH_VERSION)" ] || { echo "No torch==VERSION pin found in pyproject.toml" >&2; exit 1; }
	@if ! $(BIN)/python -c 'import importlib.metadata as m, sys; sys.exit(m.version("torch").split("+")[0] != "$(TORCH_VERSION)")' 2>/dev/null; then \
	  tag=$$($(BIN)/python -c 'import sys; print("cp%d%d" % sys.version_info[:2])'); \
	  if [ "$(TORCH_INDEX)" = pypi ]; then from=pypi; \
	  elif [ "$(origin TORCH_INDEX)" != file ]; then from=index; \
	  elif [ -n "$(WHEELS)" ] && compgen -G "$(WHEELS)/torch-$(TORCH_VERSION)[+-]*-$$tag-*.whl" >/dev/null; then from=wheels; \
	  elif [ "$$(uname -s)" = Linux ]; then from=index; \
	  else from=pypi; fi; \
	  case $$from in \
	    wheels) echo "Installing torch $(TORCH_VERSION) (CPU build, from the wheel in $(WHEELS); about a minute) ..."; \
	            $(PIP_INSTALL) --no-deps torch==$(TORCH_VERSION) || exit 1 ;; \
	    index)  case "$(TORCH_INDEX)" in \
	              */cpu) echo "Installing torch $(TORCH_VERSION) (CPU build, about 200 MB; 1-3 minutes on a fresh machine) ..." ;; \
	              *) echo "Installing torch $(TORCH_VERSION) from $(TORCH_INDEX) (CUDA builds are several GB; 5-15 minutes) ..." ;; \
	            esac; \
	            $(PIP_INSTALL) --no-deps torch==$(TORCH_VERSION) --index-url $(TORCH_INDEX) || exit 1 ;; \
	    pypi)   echo "Installing torch $(TORCH_VERSION) from PyPI (about 100 MB on macOS/Windows, several GB with CUDA on Linux; 2-15 minutes) ..."; \
	            $(PIP_INSTALL) $(LOCK_FLAG) torch==$(TORCH_VERSION) || exit 1 ;; \
	  esac; \
	fi
	@echo "Installing the course packages (JupyterLab, nbgrader, gensim$(if $(1),$(comma) pytest$(comma) Playwright) ...; 1-2 minutes) ..."
	@$(PIP_INSTALL) $(LOCK_FLAG) -e '.$(1)'
	@$(COMPILE)
	@[ -f $(VENV)/share/jupyter/kernels/$(KERNEL)/kernel.json ] || \
	  $(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Embeddings in PyTorch" \
	    --env OMP_NUM_THREADS 1 --env PYTHONHASHSEED 0
	@echo "Set-up done in $$(( $$(date +%s) - $(T0) )) s; JupyterLab kernel: \"Embeddings in PyTorch\"."
endef

INSTALL_INPUTS := pyproject.toml $(wildcard $(LOCK)) setup.py share/jupyter/kernels/$(KERNEL)/kernel.json

$(VENV)/.installed-lab: $(INSTALL_INPUTS) | $(BIN)/python
	$(call install,)
	@touch $@

$(VENV)/.installed-test: $(INSTALL_INPUTS) | $(BIN)/python
	$(call install,[test$(comma)site$(comma)grader])
	@touch $@ $(VENV)/.installed-site $(VENV)/.installed-lab

# Chromium for the browser tests, PostgreSQL for the gradebook test, bubblewrap for the grading
# sandbox and Slurm for the scheduler test (Debian packages);
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
	@command -v bwrap >/dev/null || { \
	  echo "Installing Debian's bubblewrap: the sandbox every graded submission runs in"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq bubblewrap >/dev/null; }
	@command -v slurmd >/dev/null || { \
	  echo "Installing Debian's slurm-wlm for the scheduler test (the grader as a Slurm job array)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq slurm-wlm >/dev/null; }

# The learner's lab (notebooks/, Validate, no instructor panels) and the instructor's lab (the course
# directory, Formgrader); their Jupyter configuration goes to .jupyter-lab/ (src/embedlab/lab/).
lab: $(VENV)/.installed-lab
	@echo "Opening JupyterLab on the lessons in notebooks/ (stop it with Ctrl-C)."
	$(BIN)/python -m embedlab.lab learner --port=$(PORT)

instructor: $(VENV)/.installed-lab
	@echo "Opening the instructor's JupyterLab on the course directory; Formgrader is in the Nbgrader menu (stop it with Ctrl-C)."
	$(BIN)/python -m embedlab.lab instructor --port=$(PORT)

# The course website (docs/site.py): Sphinx + MyST-NB, nothing executed, offline; the site extra
# (make test installs it too: tests/test_site.py builds the site).
$(VENV)/.installed-site: $(INSTALL_INPUTS) | $(BIN)/python
	$(call install,[site])
	@touch $@ $(VENV)/.installed-lab
site: $(VENV)/.installed-site
	$(BIN)/python docs/site.py --out build/site

# Self-paced learners: run a lesson's hidden tests on your notebook, e.g. make check LESSON=01
check: $(VENV)/.installed-lab
	@[ "$(LESSON)" != "*" ] || { echo "Name the lesson: make check LESSON=01 (or LESSON=01-one-hot-vs-embeddings)" >&2; exit 2; }
	$(BIN)/python -m embedlab.checkwork $(LESSON) $(NOTEBOOK)

# Lint first (seconds), then every test family: the grading tests in a second pytest process beside
# the others, which run fast ones first (tests/support/lanes.py, tests/support/families.py).
# LANES=1 runs every family in one process, fast ones first.
LANES ?= 2
test: $(VENV)/.installed-test system-deps
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m $(if $(filter 1,$(LANES)),pytest,tests.support.lanes) --durations=15

# For authors, before a commit: the unit tests (no notebook, grading or browser test; among them
# the check that notebooks/ is what `make release` makes of solutions/), make lint's ruff check,
# and nbval of one lesson's solution notebook, e.g. make quick LESSON=03 (without LESSON, none).
quick: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest -q -m "not notebook and not grading and not browser"
	$(if $(filter-out *,$(LESSON)),$(BIN)/python -m pytest -q solutions/$(LESSON)*/*.ipynb)

# ruff (pyflakes, pycodestyle, import order; settings in pyproject.toml) over the code and the
# solution notebooks; the student notebooks are generated from them.
LINTED := src tests tools solutions
lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)

# For authors: the pre-commit hooks (the same ruff check as make lint, before each commit) and
# nbdime's git drivers, so that `git diff` and merges of notebooks show cells, not JSON.
$(VENV)/.installed-dev: $(INSTALL_INPUTS) | $(BIN)/python
	$(call install,[test$(comma)site$(comma)dev])
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed-site $(VENV)/.installed-lab
dev: $(VENV)/.installed-dev
	$(BIN)/pre-commit install
	$(BIN)/nbdime config-git --enable
	@echo "pre-commit hook installed (ruff, as make lint); nbdime diff/merge drivers enabled for this clone"

# LESSON=02-tensors limits release/outputs to one lesson; the default is every lesson.
LESSON ?= *

release: $(VENV)/.installed-lab
	$(BIN)/nbgrader generate_assignment "$(LESSON)" --force --no-db --log-level=ERROR

outputs: $(VENV)/.installed-lab
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --log-level=WARN \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 \
	  solutions/$(LESSON)/*.ipynb

timings: $(VENV)/.installed-lab
	$(BIN)/python -m tools.runall_times $(filter-out *,$(LESSON))

# The browser tests with screenshots of every lesson's whole notebook, into artifacts/browser/
# (make test takes only the widget cells': the whole notebooks cost about 3 s a lesson).
screenshots: $(VENV)/.installed-test system-deps
	EMBEDLAB_SCREENSHOTS=1 $(BIN)/python -m pytest -q -m browser tests/test_browser.py

clean:
	rm -rf $(VENV) .pytest_cache

# Instructor: autograde every submission of LESSON (or LESSON=all) with WORKERS nbgrader
# processes at a time, then print who could not be graded and why (docs/instructors.md).
WORKERS ?= 2
grade: $(VENV)/.installed-lab
	$(BIN)/python -m embedlab_grader $(if $(filter *,$(LESSON)),all,$(LESSON)) --workers $(WORKERS)

# Grading benchmark (not part of `make test`): 30 generated students, every lesson, graded by
# `embedlab_grader --workers WORKERS` with the grading-skip demo cells skipped, then WHOLE_STUDENTS
# of them with every cell run (slower: a reduced size).
STUDENTS ?= 30
WHOLE_STUDENTS ?= 6
.PHONY: student-release grade-answers
# What an instructor hands out: notebooks/, embedlab and set-up; never solutions/ (docs/instructors.md).
student-release: $(VENV)/.installed-lab
	$(BIN)/python -m embedlab_grader.student_release --out build/student-release

# For authors: one lesson's solution, untouched notebook and every answer of tests/wrong_answers/ graded
# through the real grader (a minute or two), e.g. make grade-answers LESSON=01-one-hot-vs-embeddings
grade-answers: $(VENV)/.installed-test
	@[ "$(LESSON)" != "*" ] || { echo "Name the lesson: make grade-answers LESSON=01-one-hot-vs-embeddings" >&2; exit 2; }
	$(BIN)/python -m tools.grade_answers $(LESSON)

bench-grading: $(VENV)/.installed-test
	$(BIN)/python -m tools.bench_grading --students $(STUDENTS) --whole-students $(WHOLE_STUDENTS) --workers $(WORKERS)

# Kernel start and stop benchmark (not part of `make test`, seconds): warm sandboxed kernels started
# and stopped jupyter_client's way and embedlab's way (ReadyKernelClient, a 10 ms stop check), alternately.
bench-kernel-start: $(VENV)/.installed-test
	$(BIN)/python -m tools.bench_kernel_start

# Sandbox benchmark (not part of `make test`, a few minutes): the same submissions graded with and
# without bubblewrap, alternately, one worker; prints the median seconds of each and their ratio.
bench-sandbox: $(VENV)/.installed-test
	$(BIN)/python -m tools.bench_sandbox --students 4 --rounds 2

# word2vec benchmark (not part of `make test`, several minutes): embedlab's trainer vs gensim
# at 2/5/10/20 epochs and in an 8-s budget, 3 alternating repetitions; prints `RATIO ...` lines,
# writes artifacts/bench_word2vec.json and .png.
bench: $(VENV)/.installed-lab
	$(BIN)/python -m tools.bench_word2vec
