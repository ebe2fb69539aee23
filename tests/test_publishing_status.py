"""What gets published: drafts, hidden content, future-dated articles, and
nothing an editor did not write into content/.

Each test builds an edited copy of content/ as `make build` does
(publishconf.py, `--fatal warnings`) or as drafting does, and reads the result.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from content_checks.output_paths import Layout, output_path
from content_checks.sources import find_sources
from tests.built_site import ROOT, Site, build, settings
from tests.project_copy import tree_digest

SITEURL = "https://bcc.example"
ARTICLE = "coworking-asia-conference-tokyo-2013"
ARTICLE_FILES = [f"articles/{ARTICLE}.{lang}.md" for lang in ("ja", "en")]
ARTICLE_URLS = [f"/news/{ARTICLE}/", f"/en/news/{ARTICLE}/"]


def copy_content(folder: Path) -> Path:
    return Path(shutil.copytree(ROOT / "content", folder / "content"))


def set_front_matter(path: Path, key: str, value: str) -> None:
    """Add (or replace) one `Key: value` line after Lang:."""
    lines = path.read_text("utf-8").split("\n")
    lines = [line for line in lines if not line.startswith(f"{key}:")]
    at = next(i for i, line in enumerate(lines) if line.startswith("Lang:"))
    lines.insert(at + 1, f"{key}: {value}")
    path.write_text("\n".join(lines), "utf-8")


def publish(content: Path, **env: str):
    output = content.parent / "output"
    shutil.rmtree(output, ignore_errors=True)
    result = build(
        output,
        content=content,
        settings_file="publishconf.py",
        env={"SITEURL": SITEURL, **env},
        check=False,
    )
    return result, Site(output, siteurl=SITEURL)


def draft(content: Path):
    output = content.parent / "draft-output"
    result = build(output, content=content, fatal=False, check=False)
    return result, Site(output)


def said(result) -> str:
    return result.stdout + result.stderr


def listed_links(site: Site, url: str) -> set[str]:
    return {a["href"] for a in site.page(url).select("main a[href]")}


def test_a_draft_pair_is_previewed_under_drafts_and_never_published(tmp_path):
    content = copy_content(tmp_path)
    for relative in ARTICLE_FILES:
        set_front_matter(content / relative, "Status", "draft")

    result, site = publish(content)
    assert result.returncode == 0, said(result)
    assert "Traceback" not in said(result)
    assert not any(site.file_for(url) for url in ARTICLE_URLS)
    assert not (site.root / "drafts").exists()
    assert not (site.root / "en/drafts").exists()
    assert ARTICLE not in (site.root / "sitemap.xml").read_text("utf-8")
    assert ARTICLE not in (site.root / "feeds/atom.xml").read_text("utf-8")

    result, preview = draft(content)
    assert result.returncode == 0, said(result)
    for prefix in ("", "/en"):
        page = preview.page(f"{prefix}/drafts/news/{ARTICLE}/")
        assert page.select_one("h1")
    assert not any(preview.file_for(url) for url in ARTICLE_URLS)


def test_hidden_content_is_published_but_listed_nowhere(tmp_path):
    content = copy_content(tmp_path)
    for relative in [
        *ARTICLE_FILES,
        "pages/programs/welfare.ja.md",
        "pages/programs/welfare.en.md",
    ]:
        set_front_matter(content / relative, "Status", "hidden")

    result, site = publish(content)
    assert result.returncode == 0, said(result)
    hidden = [*ARTICLE_URLS, "/programs/welfare/", "/en/programs/welfare/"]
    sitemap = (site.root / "sitemap.xml").read_text("utf-8")
    for url in hidden:
        page = site.page(url)
        assert page.select_one('meta[name="robots"][content="noindex"]'), url
        assert not page.select("[data-pagefind-body]"), url  # not searchable
        assert f"{SITEURL}{url}" not in sitemap
    for listing in ("/news/", "/en/news/", "/", "/en/"):
        assert not any(ARTICLE in href for href in listed_links(site, listing))
    assert ARTICLE not in (site.root / "en/feeds/atom.xml").read_text("utf-8")


def test_a_future_article_waits_for_a_build_on_its_date(tmp_path):
    content = copy_content(tmp_path)
    for relative in ARTICLE_FILES:
        set_front_matter(content / relative, "Date", "2031-04-01")
    tokyo = dt.timezone(dt.timedelta(hours=9))
    day_before = dt.datetime(2031, 3, 31, tzinfo=tokyo).timestamp()
    on_the_day = dt.datetime(2031, 4, 1, tzinfo=tokyo).timestamp()

    result, site = publish(content, SOURCE_DATE_EPOCH=str(int(day_before)))
    assert result.returncode == 0, said(result)
    assert not any(site.file_for(url) for url in ARTICLE_URLS)
    assert (
        f"content/{ARTICLE_FILES[0]}: dated 2031-04-01, after this build's date "
        "2031-03-31: held back" in said(result).replace(str(content.parent) + "/", "")
    )
    assert ARTICLE not in (site.root / "feeds/atom.xml").read_text("utf-8")

    result, site = publish(content, SOURCE_DATE_EPOCH=str(int(on_the_day)))
    assert result.returncode == 0, said(result)
    assert all(site.file_for(url) for url in ARTICLE_URLS)


def test_what_an_editor_did_not_write_is_never_published(tmp_path):
    """Dot-files, editors' leftovers, symbolic links (to files outside the
    repository too) and a pipe named *.md: the preview reports each and
    builds the rest; nothing of them reaches the output; nothing hangs."""
    content = copy_content(tmp_path)
    page = (content / "pages/about.en.md").read_text("utf-8")
    for name in (".secret.en.md", ".#about.en.md", "about.en.md~", ".about.en.md.swp"):
        (content / "pages" / name).write_text(page.replace("About", "SECRET"), "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.en.md").write_text(page.replace("About", "OUTSIDE"), "utf-8")
    (content / "images").mkdir()
    (content / "images/leak.txt").symlink_to("/etc/passwd")
    (content / "pages/linked").symlink_to(outside)
    (content / "pages/gone.en.md").symlink_to(tmp_path / "no-such-file")
    os.mkfifo(content / "pages/pipe.en.md")

    result, preview = draft(content)
    assert result.returncode == 0, said(result)
    for name, why in (
        ("images/leak.txt", "is a symbolic link (to /etc/passwd)"),
        ("pages/linked", f"is a symbolic link (to {outside})"),
        ("pages/gone.en.md", "is a symbolic link"),
        ("pages/pipe.en.md", "is not a regular file"),
    ):
        assert f"{content / name}:1: {why}" in said(result)
    published = "\n".join(
        p.read_text("utf-8", errors="replace")
        for p in preview.root.rglob("*")
        if p.is_file() and p.suffix in (".html", ".txt", ".xml", ".json")
    )
    assert "SECRET" not in published and "OUTSIDE" not in published
    assert "root:" not in published
    assert not list(preview.root.rglob("leak*"))

    result, _site = publish(content)
    assert result.returncode != 0
    assert "Traceback" not in said(result)
    assert f"{content / 'images/leak.txt'}:1: is a symbolic link" in said(result)


def test_the_paths_the_site_reserves_are_all_it_writes(published):
    """SITE_OUTPUT_PATHS (what no page may take) lists everything in a
    production build that no page or article wrote."""
    content = ROOT / "content"
    layout = Layout(
        save_as={"page": settings.PAGE_SAVE_AS, "article": settings.ARTICLE_SAVE_AS},
        site_outputs={},
    )
    written = [
        output_path(source, layout)
        for source in find_sources(content, settings.STATIC_PATHS, ignore=tuple(settings.IGNORE_FILES))
    ]  # fmt: skip
    # content/site.yml is read, not written: it has no output path.
    written_by_content = {path.split("/", 1)[0] for path in written if path}
    reserved = {path.rstrip("/") for path in settings.SITE_OUTPUT_PATHS}
    reserved |= set(settings.I18N_SUBSITES)
    for root in (published.site.root, published.site.root / "en"):
        unexplained = (
            {entry.name for entry in root.iterdir()} - written_by_content - reserved
        )
        assert unexplained == set(), f"add to SITE_OUTPUT_PATHS: {unexplained}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_failed_build_after_a_good_one_changes_nothing(tmp_path, lang):
    """The checks stop Pelican before it cleans or writes its output folder,
    even without the staging folder `make build` adds."""
    content = copy_content(tmp_path)
    result, site = publish(content)
    assert result.returncode == 0, said(result)
    before = tree_digest(site.root)
    set_front_matter(content / f"pages/about.{lang}.md", "Save_as", "_headers")
    output = content.parent / "output"
    result = build(
        output,
        content=content,
        settings_file="publishconf.py",
        env={"SITEURL": SITEURL},
        check=False,
    )
    assert result.returncode != 0
    assert tree_digest(output) == before


def test_the_site_is_rebuilt_daily_with_that_days_date():
    workflow = (ROOT / ".github/workflows/site.yml").read_text("utf-8")
    assert re.search(r"^  schedule:\n    - cron: \"[^\"]+\"", workflow, re.M)
    deploy = workflow[workflow.index("  deploy:") :]
    assert "schedule" in deploy.split("steps:")[0], "the scheduled run deploys"
    assert "if: github.event_name == 'schedule'" in deploy
    assert "SOURCE_DATE_EPOCH=$(TZ=Asia/Tokyo date" in deploy
    assert settings.TIMEZONE == "Asia/Tokyo"
