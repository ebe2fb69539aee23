"""What makes the build fast must not change what it builds.

Speed itself is measured by `invoke bench`, never asserted here; these tests
prove the mechanisms: one Markdown conversion per source per build, shared by
both languages (serially on a small site, in parallel on a large one), with
output byte-identical to Pelican's own reader.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG

from benchmarks.corpus import write_corpus
from gc_tuning.gc_tuning import GC_THRESHOLD
from tests.built_site import ROOT, build, settings
from tests.project_copy import copy_project, tree_digest
from tests.project_copy import edit_text as edit

CONVERSIONS = re.compile(r"Markdown: (\d+) sources converted for (\d+) reads")


def conversions(content: Path, output: Path, *extra: str) -> tuple[int, int]:
    result = build(output, content=content, extra=["--verbose", *extra])
    said = result.stdout + result.stderr
    match = CONVERSIONS.search(" ".join(said.split()))
    assert match, said[-2000:]
    return int(match[1]), int(match[2])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Enough sources (2 x 100 articles + 2 x 10 pages) to convert in parallel."""
    return write_corpus(tmp_path_factory.mktemp("corpus"), 100)


def test_each_source_of_the_real_site_is_converted_once(tmp_path):
    sources = len(list((ROOT / "content").rglob("*.md")))
    converted, reads = conversions(ROOT / "content", tmp_path / "out")
    # Both sites read every source (its own language, and the other as a
    # translation): two reads, one conversion.
    assert (converted, reads) == (sources, 2 * sources)


def test_a_large_site_is_converted_once_too_in_parallel(corpus, tmp_path):
    sources = len(list(corpus.rglob("*.md")))
    assert sources >= 200  # shared_markdown.PARALLEL_FROM
    converted, reads = conversions(corpus, tmp_path / "out")
    assert (converted, reads) == (sources, 2 * sources)


def test_shared_conversion_builds_exactly_what_pelicans_reader_builds(corpus, tmp_path):
    stock_plugins = [p for p in settings.PLUGINS if p != "shared_markdown"]
    build(
        tmp_path / "stock",
        content=corpus,
        extra=["-e", f"PLUGINS={json.dumps(stock_plugins)}"],
    )
    build(tmp_path / "shared", content=corpus)
    stock, shared = tree_digest(tmp_path / "stock"), tree_digest(tmp_path / "shared")
    assert len(shared) > 200
    assert stock == shared


def test_settings_build_any_standard_corpus(corpus, tmp_path):
    """Category, Tags, Slug and the rest of Pelican's usual front matter pass
    the content checks and build in both languages."""
    build(
        tmp_path / "out",
        content=corpus,
        settings_file="publishconf.py",
        env={"SITEURL": "https://example.org"},
    )
    assert (tmp_path / "out/news/item-00042/index.html").exists()
    assert (tmp_path / "out/en/news/item-00042/index.html").exists()


def test_the_benchmark_runs_and_reports_both_builds(tmp_path):
    from benchmarks.build_speed import bench, to_json

    results = json.loads(to_json(bench([5])))
    assert {r["build"] for r in results} == {"ours", "stock"}
    for result in results:
        assert result["pages_written"] > 10
        assert result["cold"]["seconds"] > 0 and result["cold"]["peak_rss_mb"] > 0
    ours = next(r for r in results if r["build"] == "ours")
    assert ours["live_one_edit"]["seconds"] > 0


@pytest.mark.parametrize("processes", ["true", "false"])
def test_a_rebuild_after_edits_equals_a_full_build(tmp_path, processes):
    """plugins/incremental_output renders only what edits can change, with
    pages rendered in worker processes or in the build's own (the live
    preview's); the result must be byte for byte what rendering everything
    gives."""
    content = write_corpus(tmp_path / "site", 30)
    output = tmp_path / "incremental"
    one_or_all = ["--extra-settings", f"BUILD_PROCESSES={processes}"]
    build(output, content=content, extra=one_or_all)
    listings = sorted((output / "en/news").glob("**/index.html"))
    listings = [
        p for p in listings if p.parent.name.isdigit() or p.parent.name == "news"
    ]
    before = {p: p.stat().st_mtime_ns for p in listings}
    article = content / "articles/item-00007.en.md"
    edit(article, "Title: Coworking news no. 7", "Title: Renamed news")
    edit(article, "## Overview", "A new paragraph.\n\n## Overview")
    edit(content / "pages/page-03.ja.md", "Title: ページ 3", "Title: 改題したページ")
    said = build(output, content=content, extra=["--verbose", *one_or_all])
    log = " ".join((said.stdout + said.stderr).split())
    written = int(re.search(r"Incremental output: wrote (\d+) pages", log)[1])
    full = tmp_path / "full"
    build(full, content=content)
    assert tree_digest(output) == tree_digest(full)
    assert 0 < written < len(tree_digest(full)) / 2
    # Of the English news listing, only the page that lists the article is
    # rendered again; its other pages are left as they were.
    renamed = {p for p in listings if "Renamed news" in p.read_text("utf-8")}
    assert len(listings) >= 3 and len(renamed) == 1
    assert {p for p in listings if p.stat().st_mtime_ns != before[p]} == renamed


def test_a_rebuild_with_nothing_changed_writes_nothing(tmp_path):
    content = write_corpus(tmp_path / "site", 10)
    output = tmp_path / "out"
    build(output, content=content)
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    said = build(output, content=content, extra=["--verbose"])
    assert "Incremental output: wrote 0 pages" in " ".join(
        (said.stdout + said.stderr).split()
    )
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*.html")} == before


def test_moving_a_page_rebuilds_everything(tmp_path):
    content = write_corpus(tmp_path / "site", 10)
    output = tmp_path / "out"
    build(output, content=content)
    for lang in ("ja", "en"):  # a pair keeps one date
        edit(
            content / f"articles/item-00003.{lang}.md",
            "Date: ",
            "Date: 2012-01-01\nX-Old-Date: ",
        )
        edit(content / f"articles/item-00003.{lang}.md", "X-Old-Date: ", "Modified: ")
    said = build(output, content=content, extra=["--verbose"])
    assert "Incremental output: wrote everything" in " ".join(
        (said.stdout + said.stderr).split()
    )


def test_a_template_edit_reaches_the_next_build_though_templates_are_cached(
    tmp_path,
):
    """plugins/template_cache keeps compiled templates between builds; an
    edited template must still be compiled afresh."""
    project = copy_project(tmp_path / "project")
    output = tmp_path / "out"
    settings_file = str(project / "pelicanconf.py")
    build(output, content=project / "content", settings_file=settings_file)
    assert any((tmp_path / "out-cache/templates").iterdir())
    edit(
        project / "theme/templates/partials/site_footer.html",
        "</footer>",
        "<p>Footer note.</p></footer>",
    )
    build(output, content=project / "content", settings_file=settings_file)
    for page in ("index.html", "en/news/index.html", "programs/welfare/index.html"):
        assert "Footer note." in (output / page).read_text("utf-8")


def test_a_plain_pelican_run_collects_garbage_less_often_and_not_at_exit():
    """plugins/gc_tuning is in the settings every `pelican` run loads, not
    only in the benchmark: fewer collections during the build, and at exit
    the collector frozen before the interpreter's shutdown would free the
    build object by object (an exit handler registered before Pelican runs,
    so it runs after gc_tuning's, sees it)."""
    code = (
        "import atexit, gc; "
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0)); "
        "from pelican import Pelican; "
        "from pelican.settings import read_settings; "
        "Pelican(read_settings('pelicanconf.py')); "
        "print('threshold', gc.get_threshold()[0], 'alive', gc.get_freeze_count())"
    )
    said = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert said.returncode == 0, said.stderr
    told = said.stdout.split()[-6:]
    assert told == ["threshold", str(GC_THRESHOLD), "alive", "0", "frozen", "True"]
    assert GC_THRESHOLD > 700


PARALLEL = re.compile(r"Parallel writing: (\d+) pages on (\d+) processes")


def test_pages_rendered_in_several_processes_equal_one_process(corpus, tmp_path):
    """plugins/parallel_writing forks workers to render pages; the site must be
    byte for byte the one a single process renders, whatever the cores."""
    parallel = build(
        tmp_path / "parallel",
        content=corpus,
        extra=["--verbose", "--extra-settings", "BUILD_PROCESSES=3"],
    )
    used = PARALLEL.findall(" ".join((parallel.stdout + parallel.stderr).split()))
    assert used and all(int(workers) > 1 for _, workers in used), used
    build(
        tmp_path / "serial",
        content=corpus,
        extra=["--extra-settings", "BUILD_PROCESSES=false"],
    )
    assert tree_digest(tmp_path / "parallel") == tree_digest(tmp_path / "serial")
    # Workers make the pages' folders: the same ones, no empty one left over.
    assert folders(tmp_path / "parallel") == folders(tmp_path / "serial")


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def test_a_template_error_in_a_worker_stops_the_build_naming_the_page(corpus, tmp_path):
    project = copy_project(tmp_path / "project")
    edit(
        project / "theme/templates/article.html",
        "{% block content %}",
        "{% block content %}{{ article.no_such_field.broken }}",
    )
    said = build(
        tmp_path / "out",
        content=corpus,
        settings_file=str(project / "pelicanconf.py"),
        check=False,
        extra=["--extra-settings", "BUILD_PROCESSES=3"],
    )
    assert said.returncode != 0
    told = " ".join((said.stdout + said.stderr).split())
    assert "could not be rendered" in told
    assert re.search(r"news/item-\d{5}/index\.html", told), told[-2000:]
    assert "no_such_field" in told


@given(
    content_path=st.sampled_from(["content", "./content", "/srv/site/content", "."]),
    source=st.lists(
        st.sampled_from(["a", "b.md", "..", ".", "記事", "x y", ""]), max_size=4
    ).map("/".join),
    absolute=st.booleans(),
)
@examples(max_examples=200, deadline=None)
def test_content_paths_are_pelicans_own(content_path, source, absolute):
    """plugins/content_urls remembers each source's relative path; it must be
    what Pelican computes, for any PATH and source path."""
    from pelican.contents import Content

    from content_urls.content_urls import _pelicans_method, get_relative_source_path

    source_path = f"/srv/site/content/{source}" if absolute else source
    content = Content.__new__(Content)
    content.settings, content.source_path = {"PATH": content_path}, source_path
    assert get_relative_source_path(content) == _pelicans_method(content)
    other = source_path + "/other.md"
    assert get_relative_source_path(content, other) == _pelicans_method(content, other)


@given(
    value=st.text(max_size=30)
    | st.sampled_from(["C&amp;C", "<b>Tokyo</b>", "\uff21\uff22 Kobe"]),
    regex_subs=st.sampled_from(
        [[], DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], [("c", "k"), ("k", "")]]
    ),
    preserve_case=st.booleans(),
    use_unicode=st.booleans(),
    markup=st.booleans(),
)
@examples(max_examples=200, deadline=None)
def test_slugs_are_pelicans_own(value, regex_subs, preserve_case, use_unicode, markup):
    """plugins/content_urls remembers slugs; each must be Pelican's, for any
    name (Markup too) and slug settings, asked once or again."""
    from markupsafe import Markup

    from content_urls.content_urls import _pelicans_slugify, slugify

    value = Markup(value) if markup else value
    expected = _pelicans_slugify(value, regex_subs, preserve_case, use_unicode)
    for _ in range(2):
        assert slugify(value, regex_subs, preserve_case, use_unicode) == expected


AFRESH = re.compile(r"Content checks: (\d+) of (\d+) sources checked afresh")


def test_content_checks_remember_findings_only_while_what_they_read_is_unchanged(
    tmp_path,
):
    """plugins/content_checks/check_cache.py: a rebuild checks only edited
    sources again, yet a finding that depends on another file (a link to a
    page that became a draft) is never missed."""
    content = write_corpus(tmp_path / "site", 5)
    output = tmp_path / "out"

    def checked(fatal: bool = False) -> tuple[int, int, str]:
        said = build(output, content=content, fatal=fatal, check=False,
                     extra=["--verbose"])  # fmt: skip
        told = " ".join((said.stdout + said.stderr).split())
        afresh, total = AFRESH.search(told).groups()
        return int(afresh), int(total), told

    afresh, total, _ = checked()
    assert afresh == total >= 10
    assert checked()[0] == 0
    edit(content / "articles/item-00003.ja.md", "## 概要", "追記。\n\n## 概要")
    assert checked()[0] == 1
    for lang in ("ja", "en"):  # item-00001 links to item-00000 ({filename})
        edit(
            content / f"articles/item-00000.{lang}.md", "Lang:", "Status: draft\nLang:"
        )
    afresh, total, told = checked()
    assert afresh == total
    assert "item-00001.en.md" in told and "which is not published" in told
    afresh, total, told = checked(fatal=True)  # remembered, and still reported
    assert afresh == 0
    assert "item-00001.en.md" in told and "which is not published" in told
    # The corpus rules (slugs, output paths) read front matter: one edit that
    # gives an article another's slug is found, and still after a body edit.
    edit(content / "articles/item-00004.en.md", "Slug: item-00004", "Slug: item-00002")
    told = checked()[2]
    assert "item-00004.en.md" in told and 'slug "item-00002" is used by' in told
    edit(content / "articles/item-00002.en.md", "## Overview", "More.\n\n## Overview")
    told = checked()[2]
    assert "item-00004.en.md" in told and 'slug "item-00002" is used by' in told


def test_remembered_findings_follow_the_image_files_a_source_shows(tmp_path):
    """An image replaced by a broken file under the same name is reported,
    though the source that shows it did not change."""
    from PIL import Image

    content = write_corpus(tmp_path / "site", 3)
    (content / "images").mkdir()
    Image.new("RGB", (800, 500), "teal").save(content / "images/room.jpg")
    edit(
        content / "articles/item-00001.en.md",
        "## Overview",
        "![A meeting room]({static}/images/room.jpg)\n\n## Overview",
    )
    output = tmp_path / "out"
    first = build(output, content=content, fatal=False, extra=["--verbose"])
    assert "room.jpg" not in first.stderr
    (content / "images/room.jpg").write_text("<html>not a photo</html>", "utf-8")
    second = build(output, content=content, fatal=False, check=False)
    told = " ".join((second.stdout + second.stderr).split())
    assert "item-00001.en.md:" in told and "room.jpg" in told


def test_listing_pages_the_site_never_writes_are_not_gathered_and_nothing_changes(
    corpus, tmp_path
):
    """plugins/unwritten_listings skips Pelican's tag, category and author
    page generation when their SAVE_AS is empty: the same site either way."""
    from unwritten_listings.unwritten_listings import LISTINGS

    assert all(not getattr(settings, name) for name in LISTINGS.values())
    build(tmp_path / "skipped", content=corpus)
    without = [p for p in settings.PLUGINS if p != "unwritten_listings"]
    build(
        tmp_path / "gathered",
        content=corpus,
        extra=["--extra-settings", f"PLUGINS={json.dumps(without)}"],
    )
    assert tree_digest(tmp_path / "skipped") == tree_digest(tmp_path / "gathered")


def test_a_disk_memo_gives_back_only_what_was_computed_and_keeps_what_is_used(
    tmp_path,
):
    """plugins/disk_memo (phrase_breaks' BudouX results): a later process
    gets the same results without computing them; what the last build did
    not use is dropped; a damaged file means computing again, not failing."""
    from disk_memo import DiskMemo, digest

    computed = []

    def work(text):
        computed.append(text)
        return text.upper()

    first = DiskMemo("memo.pickle")
    first.load(str(tmp_path))
    assert [first.get(digest(t), lambda t=t: work(t)) for t in "ab"] == ["A", "B"]
    first.save(str(tmp_path))

    later = DiskMemo("memo.pickle")
    later.load(str(tmp_path))
    assert later.get(digest("a"), lambda: work("a")) == "A"
    assert computed == ["a", "b"]  # nothing computed twice
    later.save(str(tmp_path))  # "b" was not used by this build

    last = DiskMemo("memo.pickle")
    last.load(str(tmp_path))
    assert set(last.entries) == {digest("a")}

    (tmp_path / "memo.pickle").write_bytes(b"not a pickle")
    damaged = DiskMemo("memo.pickle")
    damaged.load(str(tmp_path))
    assert damaged.get(digest("a"), lambda: work("a")) == "A"
    assert computed == ["a", "b", "a"]


def walked(root: Path, ignore: tuple[str, ...]):
    """content_checks' listing as it was written first, with os.walk and an
    lstat per entry: the reference for the scandir one."""
    import fnmatch
    import os
    import stat

    def ignored(name):
        return any(fnmatch.fnmatch(name, pattern) for pattern in ignore)

    files, refused = [], []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not ignored(d))
        for name in [*dirs, *names]:
            path = Path(folder, name)
            if ignored(name):
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                refused.append((path, "link"))
            elif stat.S_ISREG(mode):
                files.append(path)
            elif not stat.S_ISDIR(mode):
                refused.append((path, "special"))
        dirs[:] = [d for d in dirs if not Path(folder, d).is_symlink()]
    return sorted(files), sorted(refused)


@given(
    entries=st.lists(
        st.tuples(
            st.lists(st.sampled_from(["a", "b", ".git", "x~", "記事"]), max_size=3),
            st.sampled_from(["page.md", "b", ".hidden", "#x#", "p.swp", "img.jpg"]),
            st.sampled_from(["file", "file", "link", "dirlink", "fifo"]),
        ),
        max_size=10,
    )
)
@examples(max_examples=40, deadline=None)
def test_the_content_listing_is_the_walk_it_replaced(entries, tmp_path_factory):
    """content_checks lists content/ from the folders' own listings: the same
    files, symbolic links and pipes as a walk that asks each entry's lstat."""
    import os

    from content_checks.sources import list_content

    root = tmp_path_factory.mktemp("content")
    for folders, name, kind in entries:
        folder = root.joinpath(*folders)
        path = folder / name
        if path.exists() or path.is_symlink():
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            continue
        if kind == "file":
            path.write_text("x", "utf-8")
        elif kind == "link":
            path.symlink_to("/etc/hostname")
        elif kind == "dirlink":
            path.symlink_to(root)
        else:
            os.mkfifo(path)
    ignore = (*DEFAULT_CONFIG["IGNORE_FILES"], "*~", "#*#", "*.swp")
    listing = list_content(root, ignore)
    files, refused = walked(root, ignore)
    assert listing.files == files

    def kind(why: str) -> str:
        return "link" if why.startswith("is a symbolic link") else "special"

    assert [(r.path, kind(r.why)) for r in listing.refused] == refused


class Item:
    """What Pelican's translation grouping reads of a content."""

    def __init__(self, number, slug, lang, translation):
        self.source_path = f"content/{number}.md"
        self.slug, self.lang = slug, lang
        self.in_default_lang = lang == "ja"
        self.metadata = {"translation": translation} if translation else {}


@given(
    items=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d"]),
            st.sampled_from(["ja", "en", "fr"]),
            st.sampled_from(["", "true", "false"]),
        ),
        max_size=12,
    ),
    translation_id=st.sampled_from(["slug", ("slug", "lang"), None]),
)
@examples(max_examples=200, deadline=None)
def test_translations_are_paired_as_pelican_pairs_them(items, translation_id):
    """plugins/linear_translations: the same originals, translations and
    per-content translation lists as Pelican's own function."""
    from linear_translations.linear_translations import (
        _pelicans_function,
        process_translations,
    )

    def run(function):
        contents = [Item(n, *values) for n, values in enumerate(items)]
        index, translations = function(contents, translation_id)

        def names(listed):
            return [c.source_path for c in listed]

        return (
            names(index),
            names(translations),
            {c.source_path: names(getattr(c, "translations", [])) for c in contents},
        )

    assert run(process_translations) == run(_pelicans_function)


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_an_unused_generator_cache_is_not_asked_about_each_source(
    layer, tmp_path, monkeypatch
):
    """plugins/unused_cache: with Pelican's generator-level cache off (this
    site caches at the reader), the generators answer "not cached" without
    stamping the source; with it on, they are Pelican's own."""
    from pelican.generators import ArticlesGenerator
    from pelican.settings import read_settings

    import unused_cache

    unused_cache.register()
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"CONTENT_CACHING_LAYER": layer, "CACHE_PATH": str(tmp_path)},
    )
    stamped = []  # Pelican keeps os.path.getmtime as its stamp function
    monkeypatch.setattr("os.path.getmtime", lambda path: stamped.append(path) or 0.0)
    generator = ArticlesGenerator(
        context=settings.copy(), settings=settings, path=str(tmp_path),
        theme=settings["THEME"], output_path=str(tmp_path / "out"),
    )  # fmt: skip
    assert generator.get_cached_data("articles/x.md", "unread") == "unread"
    generator.cache_data("articles/x.md", "object")
    assert bool(stamped) == (layer == "generator")


@given(
    parts=st.lists(st.sampled_from(["a", "ab", "記事", "x.md", ".."]), max_size=4),
    root=st.sampled_from(["/srv/site/content", "/srv/site/content/a", "/", "/srv"]),
)
@examples(max_examples=200, deadline=None)
def test_content_paths_compared_as_text_are_pathlibs(parts, root):
    """content_checks compares listed paths as text; the answers must be
    pathlib's (relative_to, is_relative_to) for any path and root."""
    from content_checks.sources import below, relative_posix

    path, base = Path("/srv/site/content", *parts), Path(root)
    assert below(path, [base]) == path.is_relative_to(base)
    if path.is_relative_to(base):
        assert relative_posix(path, base) == path.relative_to(base).as_posix()
    else:
        with pytest.raises(ValueError):
            relative_posix(path, base)


def front_matter_as_first_written(text: str):
    """content_checks' front matter reader as first written (the whole text
    split into lines, every blank-looking line scanned): the reference."""
    from content_checks.sources import CONTINUATION, META_END, META_LINE

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x02", "").replace("\x03", "").expandtabs(4)
    text = re.sub(r"(?m)^ +$", "", text)
    fields, duplicates, current = {}, [], None
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip() or (number > 1 and META_END.match(line)):
            return text, fields, duplicates, number + 1
        meta = META_LINE.match(line)
        if meta:
            current = [meta["key"], meta["value"], number]
            target = duplicates if current[0].lower() in fields else None
            if target is None:
                fields[current[0].lower()] = current
            else:
                target.append(current)
            continue
        more = CONTINUATION.match(line)
        if more and current is not None:
            current[1] += " " + more["value"].strip()
            continue
        return text, fields, duplicates, number
    return text, fields, duplicates, len(lines) + 1


@given(
    lines=st.lists(
        st.sampled_from(
            ["Title: A", "title: B", "Lang: ja", "    more", "\tmore", "   ", "",
             "\u3000", "---", "Body text.", "Tags: a, b ", "\x02", "x \r"]
        ),
        max_size=12,
    ),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)  # fmt: skip
@examples(max_examples=300, deadline=None)
def test_front_matter_is_read_as_before(lines, newline):
    """content_checks reads only the front matter's lines now; what it finds
    (text, fields, duplicates, where the body starts) must not change."""
    from content_checks.sources import Source, as_markdown_reads, parse_front_matter

    raw = newline.join(lines)
    source = Source(Path("/c/a.md"), Path("/c"), text=as_markdown_reads(raw))
    parse_front_matter(source)
    text, fields, duplicates, body_line = front_matter_as_first_written(raw)
    assert source.text == text
    assert {k: [f.key, f.value, f.line] for k, f in source.fields.items()} == fields
    assert [[f.key, f.value, f.line] for f in source.duplicate_fields] == duplicates
    assert source.body_line == body_line


@given(
    pieces=st.lists(
        st.sampled_from(
            ['<a href="{static}/images/a.jpg">', '<img src="|static|b.png">',
             '<a href="{attach}files/c.pdf">', '<a href="{filename}x.md">',
             "static text", '<a href="{static}../d%20e.png">', "{tag}kobe", "plain"]
        ),
        max_size=6,
    ).map("".join)
)  # fmt: skip
@examples(max_examples=200, deadline=None)
def test_static_links_are_pelicans_own(pieces):
    """plugins/content_urls skips HTML that cannot link to a static file; the
    links it finds must be Pelican's for any HTML."""
    from pelican.contents import Content

    from content_urls.content_urls import _pelicans_static_links, get_static_links

    content = Content.__new__(Content)
    content.settings = dict(DEFAULT_CONFIG, PATH="/srv/content")
    content.source_path = "/srv/content/articles/a.md"
    content._content = pieces
    assert get_static_links(content) == _pelicans_static_links(content)


def test_sources_converted_beside_the_checks_are_only_what_the_checks_let_through(
    tmp_path,
):
    """plugins/shared_markdown converts a large site's sources in forks while
    content_checks runs: from its vetted listing, so a pipe named like a
    source (reading it waits forever) or a link to a folder outside is never
    opened, and a drafting build still finishes and says why."""
    import os

    from shared_markdown.shared_markdown import PARALLEL_FROM

    content = write_corpus(tmp_path / "site", PARALLEL_FROM // 2 + 5)
    os.mkfifo(content / "articles/pipe.en.md")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.en.md").write_text("Title: Outside\n\nOUTSIDE", "utf-8")
    (content / "articles/linked").symlink_to(outside)
    said = build(
        tmp_path / "out", content=content, fatal=False, check=False, timeout=120,
        extra=["--verbose", "--extra-settings", "BUILD_PROCESSES=2"],
    )  # fmt: skip
    told = " ".join((said.stdout + said.stderr).split())
    assert said.returncode == 0, told[-3000:]
    assert "pipe.en.md:1: is not a regular file" in told
    converted = int(CONVERSIONS.search(told)[1])
    assert converted == len(list(content.rglob("*.md"))) - 1  # not the pipe
    assert not [
        p
        for p in (tmp_path / "out").rglob("*.html")
        if "OUTSIDE" in p.read_text("utf-8")
    ]


@given(
    name=st.sampled_from(
        ["a.md", ".hidden.md", "a.md~", "#a.md#", "a.swp", "x.tmp", "translations.lock",
         "photo.JPG", "b.rst", "c", "[x].md", "a.md.swx", "記事.md"]
    ),
    folder=st.sampled_from(["articles", "pages/sub", "."]),
    extensions=st.sampled_from([None, False, ("md",), ("rst", "md")]),
    ignore=st.sampled_from(
        [[], [".*"], [".*", "*~", "#*#", "*.swp", "*.swx", "*.tmp", "translations.lock"],
         ["[x]*", "*.JPG"]]
    ),
)  # fmt: skip
@examples(max_examples=300, deadline=None)
def test_which_files_are_sources_is_pelicans_own(name, folder, extensions, ignore):
    """plugins/content_urls matches IGNORE_FILES in one expression; the files
    a generator takes must be the ones Pelican's own rule takes."""
    from pelican.generators import Generator

    from content_urls.content_urls import _pelicans_include_path, include_path

    generator = Generator.__new__(Generator)
    generator.settings = {"IGNORE_FILES": ignore}
    generator.readers = type("Readers", (), {"extensions": ["md", "html"]})()
    path = f"{folder}/{name}"
    assert include_path(generator, path, extensions) == _pelicans_include_path(
        generator, path, extensions
    )


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """Enough sources for every forked path: conversion beside the checks,
    and the main site's net while the English site is read."""
    return write_corpus(tmp_path_factory.mktemp("large"), 300)


def test_a_refused_large_build_writes_nothing_not_even_a_photos_variants(
    large_site, tmp_path
):
    """The main site's safety net is reported after the English site is read;
    a photo's variants wait for the site to be written, so a publishing build
    it stops leaves no output at all."""
    import shutil

    from PIL import Image

    content = tmp_path / "content"
    shutil.copytree(large_site, content)
    (content / "images").mkdir()
    Image.new("RGB", (800, 600), "teal").save(content / "images/room.jpg")
    for lang, alt in (("en", "Members talking in a room"), ("ja", "部屋で話す組合員")):
        (content / f"articles/photo.{lang}.md").write_text(
            f"Title: Photo\nDate: 2013-01-01\nLang: {lang}\nSummary: A photo.\n\n"
            f"![{alt}]({{static}}/images/room.jpg)\n\n"
            "<div>\n`<script>alert(1)</script>`\n</div>\n",
            "utf-8",
        )
    said = build(tmp_path / "out", content=content, check=False, timeout=300)
    told = " ".join((said.stdout + said.stderr).split())
    assert said.returncode == 1, told[-2000:]
    assert "photo.en.md:" in told and "<script>" in told
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


def test_one_unreadable_source_in_a_large_drafting_build_is_named_alone(
    large_site, tmp_path
):
    """A source that is not UTF-8, converted in a fork beside the checks, is
    reported for itself; every other page is built, as on one process."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(large_site, content)
    (content / "articles/zzz-bad.ja.md").write_bytes(
        b"Title: Bad\nLang: ja\nSummary: x\n\nbody \xff\xfe here\n"
    )
    said = build(tmp_path / "out", content=content, fatal=False, check=False,
                 timeout=300, extra=["--extra-settings", "BUILD_PROCESSES=2"])  # fmt: skip
    told = " ".join((said.stdout + said.stderr).split())
    assert said.returncode == 0, told[-3000:]
    assert "zzz-bad.ja.md:5: is not UTF-8 text" in told
    assert "Traceback" not in told and "WorkerFailed" not in told
    named = set(re.findall(r"(\S+\.md):1: Pelican cannot read this file", told))
    assert named <= {str(content / "articles/zzz-bad.ja.md")}  # no other file
    written = len(list((tmp_path / "out/news").glob("item-*/index.html")))
    assert written == 300
