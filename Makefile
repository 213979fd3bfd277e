# Two commands for a newcomer: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# torch comes first, pinned to the CPU build, so that no dependency pulls the CUDA wheels.
TORCH  := torch==2.13.0

# Runtime code must never reach a model hub; make any accidental attempt fail fast.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup test demo lint bench clean chromium

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# The report test opens report.html in headless Chromium, from Debian's packages.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the report test"; \
	  apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
	  { apt-get update >/dev/null 2>&1 && \
	    apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; } || \
	  echo "could not install chromium: the report test will be skipped"; }

# Lint first (seconds): CI runs `make test`, so a style error fails it like a failing test.
test: lint chromium
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check vnpoverty tests benchmarks training
	$(BIN)/ruff format --check vnpoverty tests benchmarks training

demo: $(STAMP)
	$(BIN)/vnpoverty demo --out demo-output

# Fast ones first; bench_topics and bench_analyze take most of the time (an hour or more on two cores).
BENCHES := text ingest classifier_samples classifier_thresholds heldout classifier topics analyze

bench: $(STAMP)
	@for name in $(BENCHES); do \
	  echo "== bench_$$name"; $(BIN)/python benchmarks/bench_$$name.py || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
