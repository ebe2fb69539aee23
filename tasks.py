"""The verbs people use on this site: `invoke --list` shows them.

`make X` runs `invoke X`, with the same meaning: serve (build, then live
preview; alias livereload), build (the production build into output/; alias
preview, its name in Pelican's quickstart), test, clean. The rest: draft (the
development build, no server), serve-output (output/ as it is), new,
i18n-status, i18n-diff, i18n-mark, translations, social-card, screenshots,
bench, fuzz, lint, tools. The Makefile only
bootstraps .venv and calls these; what a verb does at length lives in a module
beside it (publishing.py, dev_server.py, translating.py, new_content.py).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from invoke import Context, Exit, task

import publishing
from node_tools import EDITOR_NEEDS_NPM, node_tools_current, npm_ci

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))  # plugins/ is an import root

import new_content  # noqa: E402
from content_checks.failures import explain  # noqa: E402
from translating import content_file, print_status, said, shown, sync_config  # noqa: E402
from translation_sync import history, status  # noqa: E402

CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
CACHE = ROOT / "cache"
THEME = ROOT / "theme"
TRANSLATIONS = THEME / "translations"
SETTINGS_DEV = ROOT / "pelicanconf.py"
SETTINGS_PUBLISH = ROOT / "publishconf.py"
# The venv's own tools: `make` runs invoke without activating .venv.
VENV_BIN = Path(sys.executable).parent


def pelican(
    c: Context, settings: Path, *extra: str, output: Path = OUTPUT, warn: bool = False
):
    """Run one Pelican build in its own process (fresh plugin state each time)."""
    args = [
        sys.executable,
        "-m",
        "pelican",
        str(CONTENT),
        "--settings",
        str(settings),
        "--output",
        str(output),
        *extra,
    ]
    return c.run(shlex.join(args), warn=warn, pty=False)


@task
def clean(c: Context) -> None:
    """Remove output/, the build cache and what killed or failed builds left."""
    for path in (OUTPUT, CACHE):
        shutil.rmtree(path, ignore_errors=True)
    for path in publishing.remove_leftovers(ROOT):
        print(f"removed {path.relative_to(ROOT)}, left by an earlier build")


@task(aliases=["preview"])
def build(c: Context) -> None:
    """Production build (publishconf.py) into output/; $SITEURL sets the URL.

    Builds into a staging folder and replaces output/ only when the build
    succeeded, in one step: a failed build leaves the previous output/ exactly
    as it was. Every file is published world-readable (see publishing.py).
    """
    try:
        with publishing.staging_folder(ROOT) as staging:
            result = pelican(
                c, SETTINGS_PUBLISH, "--fatal", "warnings", output=staging, warn=True
            )
            if not result.ok:
                raise Exit(BUILD_FAILED, code=1)
            publishing.publish(staging, OUTPUT)
    except OSError as error:  # making the staging folder, or putting it in place
        print(explain(error, ROOT), file=sys.stderr)
        raise Exit(BUILD_FAILED, code=1) from None


BUILD_FAILED = "The build failed; output/ is unchanged."


@task
def draft(c: Context) -> None:
    """Development build (pelicanconf.py) into output/, without serving it.

    What `make serve` shows: problems are reported but do not stop it.
    `invoke clean draft` builds from scratch.
    """
    pelican(c, SETTINGS_DEV)


@task(aliases=["livereload"])
def serve(c: Context, port: int = 8000, host: str = "localhost") -> None:
    """Build, then serve http://localhost:PORT and reload the browser on every save.

    What `make serve` runs (`make serve PORT=8080` for another port). Watches
    content, theme (templates, CSS, translations), plugins and both settings
    files; see dev_server.py. A failed build is reported and the last good
    preview stays up: fix the file and save again. The content editor at
    /admin/ saves into content/ through this same server (editor_api.py);
    on first use (or after package-lock.json changed) it is installed with
    `npm ci` when npm is here, else the preview runs and says how.
    """
    from dev_server import CannotServe, LivePreview

    try:
        preview = LivePreview(ROOT, host, port)
        server = preview.listen()  # a taken port stops here, before any install
    except CannotServe as error:
        raise Exit(str(error), code=1) from None
    if not node_tools_current():
        # The editor at /admin/ comes from npm (package-lock.json pins it).
        if shutil.which("npm") is None:
            print(EDITOR_NEEDS_NPM)
        else:
            print("Installing the content editor for /admin/ (npm ci, once)…")
            npm_ci(c, warn=True)
    preview.serve(server)


@task(name="serve-output")
def serve_output(c: Context, port: int = 8000) -> None:
    """Serve output/ as it is at http://localhost:PORT, without rebuilding.

    E.g. to look at what `invoke build` wrote before uploading it.
    """
    pelican(c, SETTINGS_DEV, "--listen", "--port", str(port))


@task
def translations(c: Context) -> None:
    """Extract UI strings, merge them into each language's .po, report gaps.

    Then translate every empty msgstr in theme/translations/<lang>/LC_MESSAGES/
    messages.po; builds compile the catalogs themselves (plugins/gettext_catalogs).
    """
    pot = (TRANSLATIONS / "messages.pot").relative_to(ROOT)
    with c.cd(str(ROOT)):
        c.run(
            f"{VENV_BIN / 'pybabel'} extract --mapping-file theme/translations/babel.cfg "
            f"--output-file {pot} --project BCC --no-wrap --add-location=file "
            "--keyword=gettext_in:2 --sort-by-file ."
        )
        c.run(
            f"{VENV_BIN / 'pybabel'} update --input-file {pot} --no-wrap --ignore-obsolete "
            f"--output-dir {TRANSLATIONS.relative_to(ROOT)}"
        )
    with tempfile.TemporaryDirectory() as scratch:  # for the statistics only
        for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
            mo = Path(scratch) / f"{po.parent.parent.name}.mo"
            c.run(
                f"{VENV_BIN / 'pybabel'} compile --statistics "
                f"--input-file {po} --output-file {mo}"
            )


@task(name="i18n-status")
@said
def i18n_status(c: Context) -> None:
    """Every page and article x language: original, translated, missing or outdated.

    "Outdated": a translation whose original (DEFAULT_LANG's file, or the one
    `Original:` names) changed since the pair was last marked in sync
    (content/translations.lock or its `Translated_from:`; `invoke i18n-mark`).
    Works on uncommitted edits and without git history. Exits 1 when any
    translation is missing.
    """
    print_status(sync_config())


@task(name="i18n-diff", help={"file": "a translation, e.g. content/pages/about.en.md"})
@said
def i18n_diff(c: Context, file: str) -> None:
    """What changed in a translation's original since they were in sync.

    A unified diff of the original's Markdown: its text at the recorded
    sync point (the newest git commit holding that version) to its text now.
    """
    text, found = history.diff(sync_config(), content_file(file), Path.cwd())
    print(text, end="" if text.endswith("\n") else "\n")
    if not found:
        raise Exit(code=1)


@task(
    name="i18n-mark",
    positional=["file"],
    help={
        "file": "either file of the pair, e.g. content/pages/about.en.md",
        "all": "record every pair as in sync as it stands",
    },
)
@said
def i18n_mark(c: Context, file: str | None = None, all: bool = False) -> None:
    """Record a pair as in sync: after translating, or after a change that
    needs no translation (a typo). Writes content/translations.lock, and a
    translation's own `Translated_from:` line where it has one."""
    config = sync_config()
    if all:
        items = status.mark_all(config)
        print(f"recorded {len(items)} pairs in sync in {shown(config.lock)}")
        return
    if not file:
        raise Exit(
            "name a file (invoke i18n-mark content/pages/about.en.md) or --all", 2
        )
    item = status.mark(config, content_file(file))
    names = " and ".join(shown(s.path) for s in item.files.values())
    print(f"recorded {names} in sync")


@task(
    help={
        "kind": "page or article",
        "title": "the title in the main language (DEFAULT_LANG: Japanese)",
        "slug": "the URL name, e.g. member-voices or programs/mentoring",
        "title_en": "the English title (a placeholder otherwise)",
        "title_in": "another language's title, LANG=TITLE (repeatable), e.g. "
        "--title-in ko=조합원의 목소리 (a placeholder otherwise)",
        "date": "an article's date, YYYY-MM-DD (today in the site's TIMEZONE otherwise)",
    },
    iterable=["title_in"],
)
@said
def new(
    c: Context,
    kind: str,
    title: str,
    slug: str = "",
    title_en: str = "",
    title_in: list[str] | None = None,
    date: str = "",
) -> None:
    """Create a new page or article in every language of the site, ready to edit.

    invoke new page "組合員の声" --slug member-voices --title-en "Member voices"
    The placeholders (TODO(...)) keep `make build` from publishing it
    until every one is replaced (new_content.py).
    """
    new_content.create(kind, title, slug, title_en, title_in or [], date)


@task(
    help={
        "articles": "one corpus size (article pairs); default: 100, 1000 and 5000",
        "json": "also write the results to this file as JSON",
        "stock": "--no-stock leaves out stock Pelican (a faster run)",
    }
)
def bench(c: Context, articles: int = 0, json: str = "", stock: bool = True) -> None:
    """Time cold builds and rebuilds of a synthetic bilingual corpus.

    Hugo (requirements-dev.txt) builds the same corpus in the same run, and
    the ratios ours/Hugo are printed, as is each size's time per page; the
    stock Pelican + i18n_subsites baseline too, unless --no-stock.
    """
    from benchmarks.build_speed import bench as run_bench
    from benchmarks.build_speed import to_json

    results = run_bench([articles] if articles else [100, 1000, 5000], stock=stock)
    if json:
        Path(json).write_text(to_json(results), "utf-8")
        print(f"wrote {json}")


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


@task(help={"readme": "also renew the README's two pictures (docs/images/)"})
def screenshots(c: Context, readme: bool = False) -> None:
    """Screenshots of every kind of page, ja and en, 390 and 1280 px, into
    test-artifacts/screenshots/ (a production build of its own; needs
    Chromium and `make test`'s tools). See screenshots.py."""
    import screenshots as shots

    shots.main(readme=readme)


@task
def lint(c: Context) -> None:
    """ruff check and ruff format --check over the whole project."""
    with c.cd(str(ROOT)):
        c.run(f"{VENV_BIN / 'ruff'} check .")
        c.run(f"{VENV_BIN / 'ruff'} format --check .")


@task
def tools(c: Context) -> None:
    """Install the Node-based tools when npm is here: the gates (vnu-jar,
    Lighthouse) and the content editor (decap-cms).

    Re-installs only when package-lock.json changed. Without npm the gates that
    need these tools are skipped with the reason (and fail under CI=true).
    """
    if shutil.which("npm") is None:
        print("npm not found: HTML-validity and Lighthouse gates will be skipped")
        return
    if not node_tools_current():
        npm_ci(c)


@task(pre=[tools])
def test(c: Context, k: str = "") -> None:
    """Run the whole test suite (pytest); -k selects tests by name."""
    args = [sys.executable, "-m", "pytest", *(["-k", k] if k else [])]
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    c.run(shlex.join(args), pty=False)


@task(help={"examples": "how many edits to try (default 2000)"})
def fuzz(c: Context, examples: int = 2000) -> None:
    """Try thousands of careless and hostile edits to content/ (Hypothesis):
    each build must publish or name the file and line, never crash or leak.

    `make test` tries the same 20 every time; this tries new ones. A failure
    prints the edit that caused it (tests/test_content_fuzz.py).
    """
    args = [sys.executable, "-m", "pytest", "-x", "tests/test_content_fuzz.py"]
    env = {"HYPOTHESIS_PROFILE": "fuzz", "FUZZ_EXAMPLES": str(examples)}
    c.run(shlex.join(args), pty=False, env=env)
