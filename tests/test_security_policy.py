"""The Content-Security-Policy: one policy for every page, in <meta> and in
_headers; only the search pages (Pagefind's WebAssembly) may run WebAssembly."""

from __future__ import annotations

import os
import re
from fnmatch import fnmatchcase

import pytest

from tests.built_site import CMS_URL, ROOT, settings

# Where readers find search (the header's link); the content says so with
# `Template: search` in content/pages/search.*.md.
SEARCH_PAGES = ("/search/", "/en/search/")
WASM = "'wasm-unsafe-eval'"


def meta_policy(published, url: str) -> str:
    meta = published.site.page(published.base + url).select_one(
        'meta[http-equiv="Content-Security-Policy"]'
    )
    assert meta is not None, f"{url} has no Content-Security-Policy"
    return meta["content"]


def test_only_the_search_pages_may_run_webassembly(published):
    urls = published.site.html_urls()
    assert set(SEARCH_PAGES) <= set(urls)
    for url in urls:
        expected = (
            settings.SEARCH_CONTENT_SECURITY_POLICY
            if url in SEARCH_PAGES
            else settings.CONTENT_SECURITY_POLICY
        )
        assert meta_policy(published, url) == expected, url
    assert WASM not in meta_policy(published, "/en/about/")
    assert WASM in meta_policy(published, "/search/")


def header_rules(text: str) -> list[tuple[str, list[str], dict[str, str]]]:
    """_headers as (path, detached names, set headers), in file order."""
    rules: list[tuple[str, list[str], dict[str, str]]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((stripped, [], {}))
        elif stripped.startswith("!"):
            rules[-1][1].append(stripped[1:].strip())
        else:
            name, value = stripped.split(":", 1)
            rules[-1][2][name.strip()] = value.strip()
    return rules


def matches(rule: str, path: str) -> bool:
    return fnmatchcase(path, rule)  # `*` matches anything, "/" included


def cloudflare_headers(rules, path: str) -> dict[str, list[str]]:
    """Cloudflare Pages: every matching rule in order; `! Name` drops what an
    earlier rule set; a header set by two rules is sent with both values."""
    sent: dict[str, list[str]] = {}
    for rule, detached, values in rules:
        if matches(rule, path):
            for name in detached:
                sent.pop(name, None)
            for name, value in values.items():
                sent.setdefault(name, []).append(value)
    return sent


def netlify_headers(rules, path: str) -> dict[str, list[str]]:
    """Netlify: every matching rule in order, a later value replacing an
    earlier one; it skips `! Name` lines (no colon)."""
    sent: dict[str, list[str]] = {}
    for rule, _detached, values in rules:
        if matches(rule, path):
            sent |= {name: [value] for name, value in values.items()}
    return sent


def test_headers_give_each_page_one_policy_and_webassembly_only_to_search(
    published,
):
    text = (published.site.root / "_headers").read_text("utf-8")
    assert text.startswith("/*\n")
    rules = header_rules(text)
    for headers_for in (cloudflare_headers, netlify_headers):
        for url in ("/", "/en/about/", "/news/", "/pagefind/pagefind.js"):
            sent = headers_for(rules, url)
            assert sent["Content-Security-Policy"] == [
                settings.HTTP_HEADERS["Content-Security-Policy"]
            ], (headers_for.__name__, url)
            assert WASM not in sent["Content-Security-Policy"][0]
        for url in SEARCH_PAGES + tuple(p + "index.html" for p in SEARCH_PAGES):
            sent = headers_for(rules, url)
            assert sent["Content-Security-Policy"] == [
                settings.SEARCH_HTTP_HEADERS["Content-Security-Policy"]
            ], (headers_for.__name__, url)
            for name, value in settings.HTTP_HEADERS.items():
                if name != "Content-Security-Policy":
                    assert sent[name] == [value], (headers_for.__name__, url, name)


def test_header_policies_are_the_meta_ones_plus_frame_ancestors():
    """A <meta> policy may not carry frame-ancestors: only the header does."""
    header = settings.HTTP_HEADERS["Content-Security-Policy"]
    search_header = settings.SEARCH_HTTP_HEADERS["Content-Security-Policy"]
    assert header == settings.CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'"
    assert search_header == (
        settings.SEARCH_CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'"
    )
    assert "frame-ancestors" not in settings.CONTENT_SECURITY_POLICY
    assert "frame-ancestors" not in settings.SEARCH_CONTENT_SECURITY_POLICY
    assert WASM not in settings.CONTENT_SECURITY_POLICY
    assert WASM in settings.SEARCH_CONTENT_SECURITY_POLICY
    for name in (
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
    ):
        assert name in settings.HTTP_HEADERS


# --- The content editor (/admin/, plugins/cms_config) ------------------------
def published_settings() -> dict:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "publishconf.py"))


def test_the_content_editor_has_its_own_policy_and_is_noindex(published):
    from cms_config.cms_config import cms_policy

    production = published_settings()
    page = published.site.page(published.base + CMS_URL)
    assert page.select_one('meta[name="robots"]')["content"].startswith("noindex")
    policy = meta_policy(published, CMS_URL)
    assert policy == cms_policy(production)
    # What Decap needs beyond the site's policy, and nothing more: its schema
    # compiler (ajv) needs eval, its styles are injected; no WebAssembly.
    assert "script-src 'self' 'unsafe-eval'" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "connect-src 'self' https://api.github.com" in policy
    assert WASM not in policy and "127.0.0.1" not in policy
    rules = header_rules((published.site.root / "_headers").read_text("utf-8"))
    for headers_for in (cloudflare_headers, netlify_headers):
        for url in (CMS_URL, CMS_URL + "index.html", CMS_URL + "decap-cms.js"):
            sent = headers_for(rules, url)
            assert sent["Content-Security-Policy"] == [
                cms_policy(production, header=True)
            ], (headers_for.__name__, url)
            assert sent["X-Robots-Tag"] == ["noindex"]
    sitemap = (published.site.root / "sitemap.xml").read_text("utf-8")
    assert CMS_URL not in sitemap
    for feed in published.site.root.rglob("atom.xml"):
        assert CMS_URL not in feed.read_text("utf-8")
    for index in (published.site.root / "pagefind").rglob("*.json"):
        assert CMS_URL not in index.read_text("utf-8", errors="replace")


def test_the_content_editor_asks_no_other_site_until_sign_in(published, open_page):
    if not (published.site.root / CMS_URL.strip("/") / "decap-cms.js").is_file():
        reason = "the content editor is not installed: `invoke tools`"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    page = open_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(published.base + CMS_URL)
    # Decap's sign-in button, in the editor's language (locale: ja).
    page.get_by_role("button", name=re.compile("GitHub")).wait_for()
    others = [url for url in requested if not url.startswith(published.base + "/")]
    assert others == [] and len(requested) > 3, requested
