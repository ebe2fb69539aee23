"""plugins/live_update: an edit to a source's text reaches the live preview
without a Pelican run, and the preview is then byte for byte what a full
build of the same files gives. Anything else falls back to a full build.

Each scenario runs the live preview's build loop (dev_server.LivePreview,
without its server) in a process of its own, as `make serve` does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from benchmarks.corpus import write_corpus
from tests.built_site import ROOT, build
from tests.project_copy import edit_text as edit
from tests.project_copy import tree_digest

SCENARIO = """
import json, os, sys
from pathlib import Path
from dev_server import LivePreview

content, output, edits = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
preview = LivePreview(Path.cwd(), "127.0.0.1", 0, content=content, output=output)
preview.build()
for path, old, new, *keep_times in edits:
    file = content / path
    text, status = file.read_text("utf-8"), file.stat()
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), "utf-8")
    if keep_times:  # as a copy that preserves times would leave it
        os.utime(file, ns=(status.st_atime_ns, status.st_mtime_ns))
    preview.rebuild_for({(None, str(file))})
"""

# The live preview names its own address for the editor at /admin/
# (editor_api.py); a full build to compare with names the same.
LIVE_EDITOR = 'CMS_LOCAL_BACKEND="http://127.0.0.1:0/__editor/api/v1"'


def preview(content: Path, output: Path, edits: list[tuple[str, str, str]]) -> str:
    """Build in a live preview, apply each edit as a save; what it said."""
    said = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(content), str(output), json.dumps(edits)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert said.returncode == 0, said.stdout + said.stderr
    return " ".join((said.stdout + said.stderr).split())


def text_of(page: Path) -> str:
    """What a reader reads (phrase_breaks puts <wbr> and spans in Japanese)."""
    return BeautifulSoup(page.read_text("utf-8"), "html.parser").get_text()


def test_an_edit_to_the_text_is_shown_without_a_build_and_equals_one(tmp_path):
    content = write_corpus(tmp_path / "site", 20)
    live = tmp_path / "live"
    told = preview(
        content,
        live,
        [
            ("articles/item-00007.ja.md", "## 概要", "本文を書き足した。\n\n## 概要"),
            ("articles/item-00007.ja.md", "本文を書き足した。", "もう一度書き直した。"),
            ("pages/page-03.en.md", "The cooperative", "Our cooperative"),
        ],
    )
    assert told.count("Updated in") == 3 and "Rebuilt in" in told  # first build
    page = text_of(live / "news/item-00007/index.html")
    assert "もう一度書き直した" in page and "本文を書き足した" not in page
    assert "Our cooperative" in text_of(live / "en/page-03/index.html")
    full = tmp_path / "full"
    build(full, content=content, fatal=False, extra=[LIVE_EDITOR])
    assert tree_digest(live) == tree_digest(full)


def test_an_edit_that_can_move_or_reorder_pages_runs_a_full_build(tmp_path):
    content = write_corpus(tmp_path / "site", 20)
    told = preview(
        content,
        tmp_path / "live",
        [
            ("articles/item-00007.en.md", "Title: Coworking news no. 7", "Title: New"),
            ("articles/item-00008.en.md", "## Overview", "![x]({static}/images/a.png)\n\n## Overview"),
        ],
    )  # fmt: skip
    assert "Updated in" not in told
    assert told.count("Rebuilt in") == 3


def test_a_problem_in_the_edited_text_is_reported_with_its_line(tmp_path):
    content = write_corpus(tmp_path / "site", 20)
    told = preview(
        content,
        tmp_path / "live",
        [("articles/item-00004.en.md", "## Overview", "<script>alert(1)</script>\n\n## Overview")],
    )  # fmt: skip
    assert "Updated in" in told
    assert "item-00004.en.md:" in told and "script" in told


def test_an_edit_that_makes_a_translation_outdated_runs_a_full_build(tmp_path):
    """Every page shows an outdated translation's notice: the first edit to a
    page in sync is a full build, the next one (nothing new outdated) is not."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    about = (content / "pages/about.ja.md").read_text("utf-8")
    last = about.rstrip().splitlines()[-1]
    told = preview(
        content,
        tmp_path / "live",
        [
            ("pages/about.ja.md", last, last + "\n\n一文を足した。"),
            ("pages/about.ja.md", "一文を足した。", "もう一文を足した。"),
        ],
    )
    assert told.count("Rebuilt in") == 2 and told.count("Updated in") == 1
    assert "about.en.md" in told and "outdated" in told


def test_a_page_with_a_photo_keeps_its_pictures_after_a_quick_update(tmp_path):
    """responsive_images rewrites a page's <img> after reading; the quick
    update must give the same <picture> a full build gives."""
    from PIL import Image

    content = write_corpus(tmp_path / "site", 12)
    (content / "images").mkdir()
    Image.new("RGB", (1600, 1000), (40, 90, 140)).save(content / "images/room.jpg")
    for lang, alt in (("ja", "会議室"), ("en", "A meeting room")):
        edit(
            content / f"articles/item-00005.{lang}.md",
            "\n## ",
            f"\n![{alt}]({{static}}/images/room.jpg)\n\n## ",
        )
    live = tmp_path / "live"
    told = preview(
        content,
        live,
        [("articles/item-00005.en.md", "## Overview", "New words.\n\n## Overview")],
    )
    assert "Updated in" in told and "content problem" not in told
    assert "<picture>" in (live / "en/news/item-00005/index.html").read_text("utf-8")
    full = tmp_path / "full"
    build(full, content=content, fatal=False, extra=[LIVE_EDITOR])
    assert tree_digest(live) == tree_digest(full)


def test_a_change_to_the_files_a_page_shows_runs_a_full_build(tmp_path):
    """However the Markdown names a file in content/ (|static|, a reference
    switched to another definition), the static files must follow."""
    from PIL import Image

    content = write_corpus(tmp_path / "site", 12)
    (content / "images").mkdir()
    for name, colour in (("one", "red"), ("two", "blue")):
        Image.new("RGB", (900, 600), colour).save(content / f"images/{name}.jpg")
    edit(
        content / "articles/item-00006.en.md",
        "## Overview",
        "![A room][a]\n\n[a]: {static}/images/one.jpg\n"
        "[b]: {static}/images/two.jpg\n\n## Overview",
    )
    live = tmp_path / "live"
    told = preview(
        content,
        live,
        [
            ("articles/item-00006.en.md", "![A room][a]", "![A room][b]"),
            ("articles/item-00006.en.md", "## Overview", "![Again](|static|/images/one.jpg)\n\n## Overview"),
        ],
    )  # fmt: skip
    assert "Updated in" not in told and told.count("Rebuilt in") == 3
    full = tmp_path / "full"
    build(full, content=content, fatal=False, extra=[LIVE_EDITOR])

    # Pages only: a drafting build leaves files it no longer writes in place
    # (the preview's folder is never published).
    def pages(folder):
        return {k: v for k, v in tree_digest(folder).items() if k.endswith(".html")}

    assert pages(live) == pages(full)


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(tmp_path):
    content = write_corpus(tmp_path / "site", 12)
    live = tmp_path / "live"
    preview(
        content,
        live,
        [("articles/item-00003.en.md", "## Overview", "## OVERVIEW", "keep times")],
    )
    assert "OVERVIEW" in text_of(live / "en/news/item-00003/index.html")
