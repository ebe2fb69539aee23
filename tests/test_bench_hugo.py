"""`invoke bench` compares our build with Hugo on the same corpus, in the same run.

These tests prove the comparison is fair and real: the corpus converts to a
Hugo site that builds every page ours builds for it, in both languages, with
working links (benchmarks/hugo_site.py), and the ratios the benchmark prints
come from Hugo numbers measured in that run. Speed itself is never asserted.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from benchmarks.hugo_site import hugo_binary, page_size, write_hugo_site
from tests.built_site import Site, build, lang_of, visible_text

ARTICLES = 12  # two pages of news listing in each language


def hugo_build(site: Path, output: Path) -> Site:
    cache = site.parent / f"{output.name}-cache"
    args = [str(hugo_binary()), "--source", str(site), "--destination", str(output)]
    args += ["--cacheDir", str(cache), "--quiet"]
    said = subprocess.run(args, capture_output=True, text=True)
    assert said.returncode == 0, said.stderr
    assert "WARN" not in said.stderr, said.stderr  # e.g. a deprecated key
    return Site(output)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), ARTICLES)


@pytest.fixture(scope="module")
def hugo(corpus, tmp_path_factory) -> Site:
    work = tmp_path_factory.mktemp("hugo")
    return hugo_build(write_hugo_site(corpus, work / "site"), work / "output")


@pytest.fixture(scope="module")
def ours(corpus, tmp_path_factory) -> Site:
    output = tmp_path_factory.mktemp("ours") / "output"
    build(output, content=corpus)
    return Site(output)


def articles(corpus: Path) -> list[str]:
    return sorted(p.name.split(".")[0] for p in corpus.glob("articles/*.ja.md"))


def test_hugo_writes_the_pages_ours_writes_and_only_its_home_pages_more(ours, hugo):
    """Same work: no tag, category or feed pages ours does not write, and
    the news listing paginated at the same URLs (/news/2/)."""
    assert set(hugo.html_urls()) == set(ours.html_urls()) | {"/", "/en/"}
    for listing in ("/news/", "/news/2/", "/en/news/", "/en/news/2/"):
        items = [
            len(site.page(listing).select(".article-list__item"))
            for site in (ours, hugo)
        ]
        assert items[0] == items[1] > 0, listing
    assert len(hugo.page("/news/").select(".article-list__item")) == page_size()


def test_every_article_is_written_in_both_languages(corpus, hugo):
    for slug in articles(corpus):
        number = int(slug.split("-")[1])
        ja, en = hugo.page(f"/news/{slug}/"), hugo.page(f"/en/news/{slug}/")
        assert ja.html["lang"] == "ja" and en.html["lang"] == "en"
        assert visible_text(ja.h1) == f"コワーキングのお知らせ 第{number}号"
        assert visible_text(en.h1) == f"Coworking news no. {number}"
        assert ja.select_one(f'.language-switcher a[href="/en/news/{slug}/"]')
        assert en.select_one(f'.language-switcher a[href="/news/{slug}/"]')
        assert ja.select_one("time")["datetime"] == en.select_one("time")["datetime"]


def test_japanese_is_at_the_root_and_english_at_en(hugo):
    ja, en = hugo.page("/"), hugo.page("/en/")
    assert ja.html["lang"] == "ja" and en.html["lang"] == "en"
    assert ja.title.string == "コワーキング協同組合"
    assert en.title.string == "Business Cooperative of Coworking"
    latest = f"/news/item-{ARTICLES - 1:05d}/"
    assert ja.select_one(f'.article-list a[href="{latest}"]')
    assert en.select_one(f'.article-list a[href="/en{latest}"]')
    assert not (hugo.root / "ja").exists()


def test_filename_links_and_every_other_link_resolve(hugo):
    previous = hugo.page("/en/news/item-00003/").find("a", string="Previous news")
    assert previous["href"] == "/en/news/item-00002/"
    for url in hugo.html_urls():
        for node in hugo.page(url).select("a[href], link[href]"):
            href = node["href"]
            if href.startswith("/"):
                assert hugo.file_for(href), f"{url} links to {href}, not written"
                if node.name == "a" and node.get("rel") != ["alternate"]:
                    assert lang_of(href) == lang_of(url), f"{url}: {href}"


def test_tag_and_category_pages_when_asked_for(corpus, tmp_path):
    """Off in the benchmark (ours writes none), but the layout has them."""
    site = write_hugo_site(corpus, tmp_path / "site", taxonomy_pages=True)
    hugo = hugo_build(site, tmp_path / "output")
    for prefix in ("", "/en"):
        kobe = hugo.page(f"{prefix}/tags/kobe/")
        assert kobe.select(".article-list__item")
        assert hugo.page(f"{prefix}/tags/").select_one(f'a[href="{prefix}/tags/kobe/"]')
        assert hugo.file_for(f"{prefix}/categories/news/")
        article = hugo.page(f"{prefix}/news/item-00001/")
        for link in article.select(".tags a"):
            assert hugo.file_for(link["href"]), link["href"]


def test_the_bench_prints_ratios_from_hugo_numbers_of_the_same_run(capsys):
    from benchmarks.build_speed import bench, to_json

    [ours] = bench([3], stock=False)
    printed = capsys.readouterr().out
    hugo = ours.hugo
    assert ours.build == "ours" and hugo is not None and hugo.build == "hugo"
    assert hugo.articles == ours.articles == 3
    assert hugo.cold.seconds > 0 and hugo.one_edit.seconds > 0
    assert hugo.peak_rss_mb > 0
    ratio = ours.cold.seconds / hugo.cold.seconds
    assert ours.ratios()["cold_vs_hugo"] == round(ratio, 2)
    assert (
        f"cold {ratio:.2f}x ({ours.cold.seconds:.2f} s / {hugo.cold.seconds:.2f} s)"
        in printed
    )
    assert f"{hugo.ms_per_page:9.2f}" in printed  # time per page, per size
    assert '"cold_vs_hugo"' in to_json([ours])
