# Bootstraps .venv, then hands each verb to the invoke task of the same name
# in tasks.py. serve, build and clean install requirements.txt (what building
# and serving need); test adds requirements-dev.txt (tests, lint, browser
# tooling). A list is re-installed when it changes, after checking that the
# Python pip would run on is at least the one its first line names.

PYTHON ?= python3
VENV := .venv
INVOKE := $(VENV)/bin/invoke
RUNTIME := $(VENV)/.installed-requirements
DEV := $(VENV)/.installed-requirements-dev

.PHONY: serve test build clean
.DEFAULT_GOAL := serve

# $(call check_python,PYTHON,FILE): stop before pip runs when PYTHON is older
# than FILE's "# Requires-Python: >=X.Y.Z (package ...)" line.
check_python = @need=$$(sed -n 's/^\# Requires-Python: >=\([0-9.]*\).*/\1/p' $(2)); \
	why=$$(sed -n 's/^\# Requires-Python: >=[0-9.]* *//p' $(2)); \
	found=$$($(1) -c 'import platform; print(platform.python_version())') || exit 1; \
	if [ "$$(printf '%s\n%s\n' "$$need" "$$found" | sort -V | head -n 1)" != "$$need" ]; then \
	  echo "$(2) needs Python $$need or newer $$why; $(1) is Python $$found." >&2; \
	  echo "Install a newer Python 3 (python3.12, say), then run: rm -rf $(VENV) && make $(or $(MAKECMDGOALS),serve) PYTHON=python3.12" >&2; \
	  exit 1; \
	fi

$(RUNTIME): requirements.txt
	$(call check_python,$(PYTHON),requirements.txt)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet -r requirements.txt
	@touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(call check_python,$(VENV)/bin/python,requirements-dev.txt)
	$(VENV)/bin/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

serve: $(RUNTIME)  ## Build both languages, serve them with live reload (make serve PORT=8080)
	$(INVOKE) serve $(if $(PORT),--port $(PORT))

test: $(DEV)  ## Run the whole test suite
	$(INVOKE) test

build: $(RUNTIME)  ## Production build into output/ ($$SITEURL sets the site URL)
	$(INVOKE) build

clean: $(RUNTIME)  ## Remove output/, the build cache and any leftover staging folder
	$(INVOKE) clean
