"""The Node tools (package.json, pinned by package-lock.json): the content
editor at /admin/ (decap-cms) and the gates (vnu-jar, Lighthouse).

Owns: whether node_modules holds what the lock pins, and installing exactly
that (`npm ci`). Used by tasks.py's `tools` and `serve`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from invoke import Context

ROOT = Path(__file__).resolve().parent
EDITOR_NEEDS_NPM = (
    "The content editor at /admin/ needs npm: install Node.js (with npm), "
    "then run `.venv/bin/invoke tools` and restart `make serve`."
)


NODE_MODULES = ROOT / "node_modules"
INSTALLED_LOCK = NODE_MODULES / ".installed-package-lock.sha256"


def lock_digest() -> str:
    return hashlib.sha256((ROOT / "package-lock.json").read_bytes()).hexdigest()


def node_tools_current() -> bool:
    """node_modules holds what package-lock.json pins: its digest, written by
    npm_ci, says so (a file's time does not: a fresh clone's lock is new). A
    node_modules linked from another checkout (tests do) counts as current."""
    if NODE_MODULES.is_symlink():
        return True
    try:
        return INSTALLED_LOCK.read_text("utf-8").strip() == lock_digest()
    except OSError:
        return False


def npm_ci(c: Context, warn: bool = False) -> None:
    """Install exactly what package-lock.json pins into node_modules/."""
    with c.cd(str(ROOT)):
        # --ignore-scripts: vnu-jar's postinstall would download a Java runtime;
        # the system's Java (default-jre-headless) runs it instead.
        result = c.run(
            "npm ci --ignore-scripts --no-audit --no-fund --loglevel=error",
            warn=warn,
            pty=False,
        )
    if result.ok:
        INSTALLED_LOCK.write_text(lock_digest() + "\n", "utf-8")
    if warn and not result.ok:
        print(
            "npm could not install the content editor (above); the preview runs "
            "without it. Try again: `.venv/bin/invoke tools`."
        )
