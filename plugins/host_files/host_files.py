"""The files static hosts read from the site root, written from settings.

Owns, at the root of the main site's output:
- `.nojekyll`: GitHub Pages serves the files as they are;
- `_headers` (Netlify, Cloudflare Pages): HTTP_HEADERS for every path — the
  same Content-Security-Policy the pages carry in <meta>, plus what only a
  header can say (frame-ancestors, HSTS, ...);
- `_redirects` (Netlify): LANGUAGE_REDIRECTS, "/" to a language's home for
  readers whose browser prefers it (the nf_lang cookie, which the language
  switcher sets, overrides it).

Signal: `finalized` (main site only). Must not touch pages.
"""

from __future__ import annotations

from pathlib import Path

from pelican import Pelican, signals

from language_switcher.language_switcher import is_main_site


def headers_file(headers: dict[str, str]) -> str:
    lines = ["/*", *(f"  {name}: {value}" for name, value in headers.items())]
    return "\n".join(lines) + "\n"


def redirects_file(redirects: dict[str, str]) -> str:
    rules = [
        f"/  {target}  302!  Language={lang}" for lang, target in redirects.items()
    ]
    return "\n".join(rules) + "\n" if rules else ""


def write_host_files(pelican: Pelican) -> None:
    settings = pelican.settings
    if not is_main_site(settings):
        return
    output = Path(pelican.output_path)
    (output / ".nojekyll").write_text("", "utf-8")
    (output / "_headers").write_text(headers_file(settings["HTTP_HEADERS"]), "utf-8")
    (output / "_redirects").write_text(
        redirects_file(settings.get("LANGUAGE_REDIRECTS", {})), "utf-8"
    )


def register() -> None:
    signals.finalized.connect(write_host_files)
