"""The verbs people use on this site: `invoke --list` shows them.

Named after Pelican's quickstart tasks (build, rebuild, serve, livereload,
preview, clean) so Pelican users feel at home; `translations` and `test` are
ours. The Makefile only bootstraps .venv and calls these.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Context, task

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
CACHE = ROOT / "cache"
THEME = ROOT / "theme"
TRANSLATIONS = THEME / "translations"
SETTINGS_DEV = ROOT / "pelicanconf.py"
SETTINGS_PUBLISH = ROOT / "publishconf.py"
# A change to any of these rebuilds the site while `livereload` runs.
WATCHED = (
    "content/**/*",
    "theme/**/*",
    "plugins/**/*.py",
    "pelicanconf.py",
    "publishconf.py",
)


def pelican(c: Context, settings: Path, *extra: str, warn: bool = False):
    """Run one Pelican build in its own process (fresh plugin state each time)."""
    args = [
        sys.executable,
        "-m",
        "pelican",
        str(CONTENT),
        "--settings",
        str(settings),
        "--output",
        str(OUTPUT),
        *extra,
    ]
    return c.run(shlex.join(args), warn=warn, pty=False)


@task
def clean(c: Context) -> None:
    """Remove output/ and the build cache."""
    for path in (OUTPUT, CACHE):
        shutil.rmtree(path, ignore_errors=True)


@task
def build(c: Context) -> None:
    """Build both languages with the development settings into output/."""
    pelican(c, SETTINGS_DEV)


@task(pre=[clean])
def rebuild(c: Context) -> None:
    """Build from scratch with the development settings."""
    pelican(c, SETTINGS_DEV)


@task
def preview(c: Context) -> None:
    """Production build (publishconf.py) into output/; $SITEURL sets the URL."""
    pelican(c, SETTINGS_PUBLISH, "--fatal", "warnings")


@task
def serve(c: Context, port: int = 8000) -> None:
    """Serve output/ as it is at http://localhost:PORT (no rebuilds)."""
    pelican(c, SETTINGS_DEV, "--listen", "--port", str(port))


@task
def livereload(c: Context, port: int = 8000, host: str = "localhost") -> None:
    """Build, then serve http://localhost:PORT and rebuild + reload on every save.

    Watches content, theme (templates, CSS, translations), plugins and both
    settings files. A failed build is reported and the last good site stays
    up; fix the file and save again.
    """
    from livereload import Server

    def rebuild_site() -> None:
        pelican(c, SETTINGS_DEV, warn=True)

    rebuild_site()
    server = Server()
    for pattern in WATCHED:
        server.watch(str(ROOT / pattern), rebuild_site)
    print(f"Serving http://{host}:{port}/ (日本語) and http://{host}:{port}/en/")
    server.serve(host=host, port=port, root=str(OUTPUT), open_url_delay=None)


@task
def translations(c: Context) -> None:
    """Extract UI strings, merge them into each language's .po, report gaps.

    Then translate every empty msgstr in theme/translations/<lang>/LC_MESSAGES/
    messages.po; builds compile the catalogs themselves.
    """
    pot = TRANSLATIONS / "messages.pot"
    with c.cd(str(ROOT)):
        c.run(
            "pybabel extract --mapping-file theme/translations/babel.cfg "
            f"--output-file {pot.relative_to(ROOT)} --project BCC --no-wrap "
            "--sort-by-file ."
        )
        c.run(
            f"pybabel update --input-file {pot.relative_to(ROOT)} "
            f"--output-dir {TRANSLATIONS.relative_to(ROOT)} --no-wrap --ignore-obsolete"
        )
    # Same place the build compiles to (plugins/gettext_catalogs); this run
    # only adds the "N of M messages translated" statistics.
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        mo = CACHE / "gettext" / po.relative_to(TRANSLATIONS).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        c.run(f"pybabel compile --statistics --input-file {po} --output-file {mo}")


@task(name="social-card")
def social_card(c: Context) -> None:
    """Render theme/static/images/social-card.svg to the PNG link previews use.

    Needs Chromium and the Noto CJK fonts (Debian: chromium fonts-noto-cjk).
    """
    images = THEME / "static/images"
    c.run(
        shlex.join(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--disable-component-update",
                f"--screenshot={images / 'social-card.png'}",
                "--window-size=1200,630",
                (images / "social-card.svg").as_uri(),
            ]
        )
    )


@task
def lint(c: Context) -> None:
    """ruff check and ruff format --check over the whole project."""
    c.run("ruff check .")
    c.run("ruff format --check .")


@task
def tools(c: Context) -> None:
    """Install the Node-based gates (vnu-jar, Lighthouse) when npm is here.

    Re-installs only when package-lock.json changed. Without npm the gates that
    need these tools are skipped with the reason (and fail under CI=true).
    """
    lock = ROOT / "package-lock.json"
    installed = ROOT / "node_modules/.package-lock.json"
    if shutil.which("npm") is None:
        print("npm not found: HTML-validity and Lighthouse gates will be skipped")
        return
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    with c.cd(str(ROOT)):
        # --ignore-scripts: vnu-jar's postinstall would download a Java runtime;
        # the system's Java (default-jre-headless) runs it instead.
        c.run("npm ci --ignore-scripts --no-audit --no-fund --loglevel=error")


@task(pre=[tools])
def test(c: Context, k: str = "") -> None:
    """Run the whole test suite (pytest); -k selects tests by name."""
    args = [sys.executable, "-m", "pytest", *(["-k", k] if k else [])]
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    c.run(shlex.join(args), pty=False)
