"""The files static hosts read from the site root, written from settings.

Owns, at the root of the main site's output:
- `.nojekyll`: GitHub Pages serves the files as they are;
- `_headers` (Netlify, Cloudflare Pages): HTTP_HEADERS for every path — the
  same Content-Security-Policy the pages carry in <meta>, plus what only a
  header can say (frame-ancestors, HSTS, ...) — then, for the URL of each
  page with `Template: search` in every language, SEARCH_HTTP_HEADERS in
  place of those headers (see `headers_file()`), and for the content
  editor's paths (CMS_PATH, plugins/cms_config) its own policy;
- `_redirects` (Netlify): LANGUAGE_REDIRECTS, "/" to a language's home for
  readers whose browser prefers it (the nf_lang cookie, which the language
  switcher sets, overrides it).

Signals: `initialized` (main site: forget the last build's search pages),
`page_generator_finalized` (every site: note where its search pages are
written), `finalized` (main site only, after every subsite: write the files).
Must not touch pages.
"""

from __future__ import annotations

from pathlib import Path

from pelican import Pelican, signals

from site_facts import is_main_site

SEARCH_TEMPLATE = "search"  # theme/templates/search.html

# Where this build writes its search pages, for every language (absolute).
search_page_files: set[Path] = set()


def headers_file(
    headers: dict[str, str],
    paths: list[str],
    path_headers: dict[str, str],
    more: tuple[tuple[list[str], dict[str, str]], ...] = (),
) -> str:
    """`/*` gets `headers`; each of `paths` gets `path_headers` instead.

    A reader's browser enforces every Content-Security-Policy it receives, so
    the search pages must get one, not the site's and theirs. Cloudflare
    Pages joins a header set by two matching rules into two policies unless
    the later rule detaches it first (`! Name`); Netlify serves the later
    rule's value and skips a line without a colon.
    """
    lines = ["/*", *(f"  {name}: {value}" for name, value in headers.items())]
    for group_paths, group_headers in ((paths, path_headers), *more):
        for path in group_paths if group_headers else []:
            lines += ["", path]
            lines += [f"  ! {name}" for name in group_headers]
            lines += [f"  {name}: {value}" for name, value in group_headers.items()]
    return "\n".join(lines) + "\n"


def url_paths(files: set[Path], root: Path) -> list[str]:
    """Every path a host serves these files at: /en/search/index.html is also
    /en/search/."""
    paths = set()
    for file in files:
        path = "/" + file.relative_to(root).as_posix()
        paths.add(path)
        if path.endswith("/index.html"):
            paths.add(path.removesuffix("index.html"))
    return sorted(paths)


def redirects_file(redirects: dict[str, str]) -> str:
    rules = [
        f"/  {target}  302!  Language={lang}" for lang, target in redirects.items()
    ]
    return "\n".join(rules) + "\n" if rules else ""


def forget_search_pages(pelican: Pelican) -> None:
    if is_main_site(pelican.settings):
        search_page_files.clear()


def note_search_pages(generator) -> None:
    for page in [*generator.pages, *generator.hidden_pages]:
        if page.template == SEARCH_TEMPLATE:
            file = Path(generator.output_path, page.save_as).resolve()
            search_page_files.add(file)


def cms_headers(settings: dict) -> tuple[tuple[list[str], dict[str, str]], ...]:
    """/admin/ and everything below it: the content editor's own policy."""
    if not settings.get("CMS_PATH"):
        return ()
    from cms_config.cms_config import cms_http_headers

    path = "/" + settings["CMS_PATH"].strip("/")
    return (([f"{path}/", f"{path}/*"], cms_http_headers(settings)),)


def write_host_files(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings):
        return
    output = Path(pelican.output_path)
    search_paths = url_paths(search_page_files, output.resolve())
    (output / ".nojekyll").write_text("", "utf-8")
    (output / "_headers").write_text(
        headers_file(
            settings["HTTP_HEADERS"],
            search_paths,
            settings.get("SEARCH_HTTP_HEADERS", {}),
            cms_headers(settings),
        ),
        "utf-8",
    )
    (output / "_redirects").write_text(
        redirects_file(settings.get("LANGUAGE_REDIRECTS", {})), "utf-8"
    )


def register() -> None:
    signals.initialized.connect(forget_search_pages)
    signals.page_generator_finalized.connect(note_search_pages)
    signals.finalized.connect(write_host_files)
