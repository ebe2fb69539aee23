# Bootstraps .venv from requirements.txt, then hands every verb to tasks.py.
# Re-installs whenever requirements.txt changes. Needs Python 3.11+ and make.

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-requirements
INVOKE := $(VENV)/bin/invoke

.PHONY: serve test build clean
.DEFAULT_GOAL := serve

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "This site needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet -r requirements.txt
	@touch $@

serve: $(STAMP)  ## Build both languages and serve http://localhost:8000 with live reload
	$(INVOKE) livereload

test: $(STAMP)  ## Run the whole test suite
	$(INVOKE) test

build: $(STAMP)  ## Production build into output/ ($$SITEURL sets the site URL)
	$(INVOKE) preview

clean: $(STAMP)  ## Remove output/ and the build cache
	$(INVOKE) clean
