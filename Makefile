# Developer entry points. Everything goes through tools/bootstrap.py, which
# installs what is missing (Debian packages, .venv) before doing the work.
PYTHON ?= python3
BOOTSTRAP := $(PYTHON) tools/bootstrap.py

.PHONY: run test lint clean screenshots package package-smoke deb deb-smoke bench

run:  ## start the app (pass arguments with ARGS="...")
	$(BOOTSTRAP) run $(ARGS)

test:  ## ruff, mypy, then pytest offscreen (pytest arguments via ARGS="...")
	$(BOOTSTRAP) test $(ARGS)

lint:  ## ruff and mypy only
	$(BOOTSTRAP) lint

clean:  ## remove the virtualenv, caches and build output
	rm -rf .venv .pytest_cache .ruff_cache .mypy_cache .hypothesis build dist bench/.cache src/*.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

screenshots:  ## PNG screenshots of the real app on a fictional case (xvfb, 1366x768)
	$(BOOTSTRAP) screenshots

package:  ## one-folder build in dist/audition-assistant (PyInstaller, installed on first use)
	$(BOOTSTRAP) package

package-smoke:  ## run the built folder (built first if missing or stale): documents, GUI start, install.sh
	$(BOOTSTRAP) package-smoke

deb:  ## dist/audition-assistant_<version>_<arch>.deb from the one-folder build (built first when missing or stale)
	$(BOOTSTRAP) deb

deb-smoke:  ## as root: install the .deb into a clean Debian 12 root (debootstrap), run it, purge it
	$(BOOTSTRAP) deb-smoke

bench:  ## benchmarks against floors measured in the same run (arguments via ARGS="...")
	$(BOOTSTRAP) bench $(ARGS)
