# jixiao — the single entry point. `make run` and `make test` set themselves up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: help install run test system-deps lint typecheck check bench fuzz clean

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,dask]'
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP)  ## create .venv and install jixiao with its dev tools

run: $(STAMP)  ## extract every sample into out/
	$(BIN)/jixiao extract samples -o out

test: $(STAMP) system-deps  ## run the test suite (what CI runs)
	$(BIN)/python -m pytest

# System programs some tests and readers need, from Debian (never a browser or office download):
# headless Chromium for the review-page tests, a CJK font so their screenshots show characters, and
# LibreOffice (plus its Python bridge) for .doc/.wps/.rtf/.xls/.et input and the PDF twin tests.
# Installed when missing, we are root with apt-get, and JIXIAO_NO_APT is unset; a failure is not fatal
# (those tests skip and say why).
SYSTEM_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui python3-uno

system-deps:  ## install Debian packages the browser and office tests need (JIXIAO_NO_APT=1 skips)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif [ -n "$$JIXIAO_NO_APT" ]; then echo "JIXIAO_NO_APT set: not installing" $$missing; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian packages:" $$missing; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $$missing >/dev/null) || echo "system packages could not be installed; their tests will skip"; \
	else echo "not root or no apt-get: not installing" $$missing "(their tests skip)"; fi

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy sees the installed layout (jixiao.extract, …) through a tree of links to the card's folders
typecheck: $(STAMP)  ## mypy
	@rm -rf .typecheck && mkdir -p .typecheck/jixiao
	@for f in jixiao/*.py; do ln -s ../../$$f .typecheck/$$f; done
	@for d in extract normalize emit schemas; do ln -s ../../$$d .typecheck/jixiao/$$d; done
	$(BIN)/mypy .typecheck/jixiao

check: lint typecheck test  ## everything CI cares about

bench: $(STAMP)  ## benchmarks: speed, memory, accuracy (installs the comparison libraries)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m bench $(BENCH)

fuzz: $(STAMP)  ## fuzz the readers with atheris (FUZZ_SECONDS per target, default 60)
	$(BIN)/python -m pip install -q -e '.[fuzz]'
	@for t in text docx pdf pipeline; do mkdir -p .fuzz/$$t; \
	  $(BIN)/python fuzz/fuzz_readers.py $$t .fuzz/$$t -max_total_time=$${FUZZ_SECONDS:-60} -rss_limit_mb=1024 || exit 1; done

clean:  ## remove outputs and caches (keeps .venv)
	rm -rf out .pytest_cache .mypy_cache .ruff_cache .typecheck bench/out
