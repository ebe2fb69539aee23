# Bootstraps .venv from requirements.txt, then hands each verb to the invoke
# task of the same name in tasks.py.
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

serve: $(STAMP)  ## Build both languages, serve them with live reload (make serve PORT=8080)
	$(INVOKE) serve $(if $(PORT),--port $(PORT))

test: $(STAMP)  ## Run the whole test suite
	$(INVOKE) test

build: $(STAMP)  ## Production build into output/ ($$SITEURL sets the site URL)
	$(INVOKE) build

clean: $(STAMP)  ## Remove output/, the build cache and any leftover staging folder
	$(INVOKE) clean
