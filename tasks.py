"""The verbs people use on this site: `invoke --list` shows them.

`make X` runs `invoke X`, with the same meaning: serve (build, then live
preview; alias livereload), build (the production build into output/; alias
preview, its name in Pelican's quickstart), test, clean. The rest: draft (the
development build, no server), serve-output (output/ as it is), new,
i18n-status, translations, social-card, screenshots, bench, fuzz, lint,
tools. The Makefile only
bootstraps .venv and calls these; what a verb does at length lives in a module
beside it (publishing.py, dev_server.py).
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Context, Exit, task

import publishing

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))  # plugins/ is an import root

from content_checks.sources import SLUG, find_sources  # noqa: E402

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
    with publishing.staging_folder(ROOT) as staging:
        result = pelican(
            c, SETTINGS_PUBLISH, "--fatal", "warnings", output=staging, warn=True
        )
        if not result.ok:
            raise Exit("The build failed; output/ is unchanged.", code=1)
        publishing.publish(staging, OUTPUT)


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
    preview stays up: fix the file and save again.
    """
    from dev_server import LivePreview

    LivePreview(ROOT, host, port).serve()


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


def git_output(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True
    ).stdout


def last_changed(paths: list[Path]) -> dict[Path, float]:
    """When git last saw each file change; uncommitted edits count as now."""
    log = git_output("log", "--format=#%ct", "--name-only", "--", str(CONTENT))
    changed: dict[Path, float] = {}
    when = 0.0
    for line in log.splitlines():
        if line.startswith("#"):
            when = float(line[1:])
        elif line:
            changed.setdefault(ROOT / line, when)
    dirty = git_output(
        "status", "--porcelain", "--untracked-files=all", "--", str(CONTENT)
    )
    now = dt.datetime.now().timestamp()
    for line in dirty.splitlines():
        changed[ROOT / line[3:].strip()] = now
    return {path: changed.get(path, now) for path in paths}


@task(name="i18n-status")
def i18n_status(c: Context) -> None:
    """Every page and article x language: translated, missing or possibly stale.

    "Possibly stale": its counterpart changed later (in git) than it did, so
    it may not say what the other language now says. Exits 1 when any
    translation is missing.
    """
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    languages = list(pelicanconf.LANGUAGES)
    found = find_sources(
        CONTENT, pelicanconf.STATIC_PATHS, ignore=tuple(pelicanconf.IGNORE_FILES)
    )
    sources = [s for s in found if s.kind]
    items: dict[tuple[str, str], dict[str, Path]] = {}
    for source in sources:
        if source.slug and source.lang in languages:
            items.setdefault((source.kind, source.slug), {})[source.lang] = source.path
    changed = last_changed([p for pair in items.values() for p in pair.values()])

    width = max(len(f"{kind} {slug}") for kind, slug in items) + 2
    print(f"{'content':<{width}}" + "".join(f"{lang:<18}" for lang in languages))
    missing = 0
    for (kind, slug), by_lang in sorted(items.items()):
        cells = []
        for lang in languages:
            if lang not in by_lang:
                cells.append("missing")
                missing += 1
                continue
            newer = [
                other
                for other, path in by_lang.items()
                if other != lang and changed[path] > changed[by_lang[lang]]
            ]
            cells.append(
                f"possibly stale ({'/'.join(newer)} newer)" if newer else "translated"
            )
        print(
            f"{kind + ' ' + slug:<{width}}" + "".join(f"{cell:<18}" for cell in cells)
        )
    total = len(items) * len(languages)
    print(f"\n{total - missing} of {total} translations present.")
    if missing:
        raise Exit(f"{missing} translation(s) missing.", code=1)


TODO_TRANSLATE = "TODO(translate)"
TODO_WRITE = "TODO(write)"


@task(
    help={
        "kind": "page or article",
        "title": "the title in Japanese (the main language)",
        "slug": "the URL name, e.g. member-voices or programs/mentoring",
        "title_en": "the English title (a placeholder otherwise)",
        "date": "an article's date, YYYY-MM-DD (today in Tokyo otherwise)",
    }
)
def new(
    c: Context,
    kind: str,
    title: str,
    slug: str = "",
    title_en: str = "",
    date: str = "",
) -> None:
    """Create both language files of a new page or article, ready to edit.

    invoke new page "組合員の声" --slug member-voices --title-en "Member voices"
    The placeholders (TODO(...)) keep `make build` from publishing it
    until every one is replaced.
    """
    if kind not in ("page", "article"):
        raise Exit('kind is "page" or "article"', code=2)
    if not SLUG.match(slug):
        raise Exit(
            f'--slug "{slug}" must be lower-case letters, digits and hyphens '
            "(folders with /), e.g. --slug member-voices",
            code=2,
        )
    folder = CONTENT / ("pages" if kind == "page" else "articles")
    titles = {"ja": title, "en": title_en or f"{TODO_TRANSLATE} {title}"}
    paths = {lang: folder / f"{slug}.{lang}.md" for lang in titles}
    existing = [str(p.relative_to(ROOT)) for p in paths.values() if p.exists()]
    if existing:
        raise Exit(
            f"{', '.join(existing)} already exist(s); choose another --slug", code=2
        )
    if kind == "article":
        date = date or dt.datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat()
    for lang, path in paths.items():
        lines = [f"Title: {titles[lang]}", f"Lang: {lang}"]
        if kind == "article":
            lines.append(f"Date: {date}")
        lines += [
            f"Summary: {TODO_WRITE} one or two sentences",
            "",
            f"{TODO_WRITE}",
            "",
        ]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), "utf-8")
        print(f"created {path.relative_to(ROOT)}")


@task(
    help={
        "articles": "one corpus size (article pairs); default: 100, 1000 and 5000",
        "json": "also write the results to this file as JSON",
    }
)
def bench(c: Context, articles: int = 0, json: str = "") -> None:
    """Time cold builds and rebuilds of a synthetic bilingual corpus.

    The stock Pelican + i18n_subsites baseline is measured in the same run.
    """
    from benchmarks.build_speed import bench as run_bench
    from benchmarks.build_speed import to_json

    results = run_bench([articles] if articles else [100, 1000, 5000])
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
