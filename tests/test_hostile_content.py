"""Careless and hostile content: every mistake is named at its file and line.

These run the content checks themselves on an edited copy of content/ (fast,
one case each); tests/test_editor_guardrails.py runs whole builds for the
cases that used to crash or publish what they should not.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pelican.settings import read_settings

from content_checks.content_checks import check_content
from tests.built_site import ROOT
from tests.project_copy import Edit, replace_in, write


def edits(*steps: Edit) -> Edit:
    def edit(content: Path) -> None:
        for step in steps:
            step(content)

    return edit


def copy_pair(slug: str, to: str) -> Edit:
    """Both language files of pages/<slug> copied to pages/<to>."""

    def edit(content: Path) -> None:
        for lang in ("ja", "en"):
            target = content / f"pages/{to}.{lang}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(content / f"pages/{slug}.{lang}.md", target)

    return edit


def front_matter(relative: str, line: str) -> Edit:
    """Add a front-matter line after Lang:."""

    def edit(content: Path) -> None:
        path = content / relative
        text = path.read_text("utf-8")
        lang = next(x for x in text.splitlines() if x.startswith("Lang:"))
        path.write_text(text.replace(lang, f"{lang}\n{line}", 1), "utf-8")

    return edit


def symlink(relative: str, target: str) -> Edit:
    def edit(content: Path) -> None:
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    return edit


def append(relative: str, text: str) -> Edit:
    def edit(content: Path) -> None:
        path = content / relative
        path.write_text(path.read_text("utf-8") + text, "utf-8")

    return edit


ARTICLE = "articles/coworking-asia-conference-tokyo-2013"

CASES: dict[str, tuple[Edit, str]] = {
    # Output paths a page may not take
    "a page named en": (
        copy_pair("about", "en"),
        'pages/en.ja.md:1: would be written to "en/index.html", which is where the site puts the English site ("en/")',
    ),
    "a page named news": (
        copy_pair("about", "news"),
        'pages/news.en.md:1: would be written to "news/index.html", which is where the site puts the news listing',
    ),
    "Save_as _headers": (
        front_matter("pages/about.en.md", "Save_as: _headers"),
        'pages/about.en.md:3: would be written to "_headers", which is where the site puts the HTTP headers for the host',
    ),
    "Save_as robots.txt": (
        front_matter("pages/about.ja.md", "Save_as: robots.txt"),
        'pages/about.ja.md:3: would be written to "robots.txt", which is where the site puts the rules for search engines',
    ),
    "Save_as into the theme": (
        front_matter("pages/about.ja.md", "Save_as: theme/css/site.css"),
        'pages/about.ja.md:3: would be written to "theme/css/site.css", which is where the site puts the theme',
    ),
    "a page's file where another needs a folder": (
        edits(
            front_matter("pages/about.ja.md", "Save_as: x.html"),
            front_matter("pages/purpose.ja.md", "Save_as: x.html/index.html"),
        ),
        'pages/about.ja.md:3: would be written to "x.html", where pages/purpose.ja.md needs a folder (for "x.html/index.html")',
    ),
    "Save_as outside the site": (
        front_matter("pages/about.en.md", "Save_as: ../../escape.html"),
        'pages/about.en.md:3: would be written to "../../escape.html", outside the site\'s own folder',
    ),
    "absolute Save_as": (
        front_matter("pages/about.en.md", "Save_as: /etc/cron.d/x"),
        'pages/about.en.md:3: would be written to "/etc/cron.d/x", outside the site\'s own folder',
    ),
    "Slug outside the site": (
        front_matter("pages/about.en.md", "Slug: ../x"),
        'pages/about.en.md:3: Slug "../x" is not a web address of lower-case letters, digits and hyphens',
    ),
    "an article named like a listing page": (
        edits(
            write(
                "articles/2.ja.md",
                "Title: 二\nLang: ja\nDate: 2013-06-02\nSummary: 二。\n\n本文。\n",
            ),
            write(
                "articles/2.en.md",
                "Title: Two\nLang: en\nDate: 2013-06-02\nSummary: Two.\n\nText.\n",
            ),
        ),
        'articles/2.en.md:1: would be written to "news/2/index.html", where the news listing puts its page 2',
    ),
    "two pages on one path": (
        front_matter("pages/programs.en.md", "Save_as: about/index.html"),
        'pages/programs.en.md:3: would be written to "about/index.html", as would pages/about.en.md, pages/programs.en.md',
    ),
    "URL with a scheme": (
        front_matter("pages/about.en.md", "URL: javascript:alert(1)"),
        'pages/about.en.md:3: URL "javascript:alert(1)" is not a path of this site',
    ),
    "a space in the file name": (
        edits(
            copy_pair("about", "my page"),
            lambda c: [(c / f"pages/about.{x}.md").unlink() for x in ("ja", "en")],
        ),
        'pages/my page.en.md:1: the path "pages/my page.en.md" becomes the page\'s web address',
    ),
    "capitals in a folder name": (
        copy_pair("about", "Members/about"),
        'pages/Members/about.ja.md:1: the path "pages/Members/about.ja.md" becomes the page\'s web address',
    ),
    # Raw HTML and links
    "meta refresh": (
        append(
            "pages/about.en.md",
            '\n<meta http-equiv="refresh" content="0;url=https://example.org">\n',
        ),
        "pages/about.en.md:@END@: raw HTML <meta> is not allowed in content",
    ),
    "a script": (
        append("pages/about.ja.md", "\n<script src=x.js></script>\n"),
        "pages/about.ja.md:@END@: raw HTML <script> is not allowed in content",
    ),
    "an iframe": (
        append("pages/about.ja.md", "\n<iframe src=https://example.org></iframe>\n"),
        "pages/about.ja.md:@END@: raw HTML <iframe> is not allowed in content",
    ),
    "an event handler": (
        append("pages/about.en.md", '\n<img src="{static}/x.png" onerror="x()">\n'),
        "pages/about.en.md:@END@: the HTML attribute onerror= runs a script",
    ),
    "an inline style": (
        append("pages/about.en.md", '\n<p style="color:red">red</p>\n'),
        "pages/about.en.md:@END@: style= is blocked by the site's security policy",
    ),
    "a javascript: link": (
        append("pages/about.en.md", "\n[Click](javascript:alert(1))\n"),
        'pages/about.en.md:@END@: links to a "javascript:" address',
    ),
    "an entity-hidden javascript: link": (
        append("pages/about.en.md", '\n<a href="jav&#x61;script:alert(1)">x</a>\n'),
        'pages/about.en.md:@END@: links to a "javascript:" address',
    ),
    "a reference whose URL is on the next line (another site's image)": (
        append(
            "pages/about.en.md",
            "\n![Office][pic]\n\n[pic]:\n    /\\evil.example/x.png\n",
        ),
        'pages/about.en.md:@END+3@: image "/\\evil.example/x.png" is on another site',
    ),
    "a control character before a reference's javascript:": (
        append(
            "pages/about.en.md", "\n[x][lnk]\n\n[lnk]:\n    &#1;javascript:alert(1)\n"
        ),
        'pages/about.en.md:@END+3@: links to a "javascript:" address',
    ),
    "a date past the calendar's end (crashed the .ics)": (
        front_matter("pages/about.en.md", "Event_end: 9999-12-31"),
        'pages/about.en.md:3: Event_end "9999-12-31" is too far in the future',
    ),
    "an article dated in year 9999": (
        front_matter("pages/about.en.md", "Date: 9999-06-01"),
        'pages/about.en.md:3: Date "9999-06-01" is too far in the future',
    ),
    "a javascript: reference link": (
        append("pages/about.en.md", "\n[x][1]\n\n[1]: javascript:alert(1)\n"),
        'pages/about.en.md:@END+2@: links to a "javascript:" address',
    ),
    "an image from another site": (
        append("pages/about.en.md", "\n![Kobe](https://example.org/kobe.jpg)\n"),
        'pages/about.en.md:@END@: image "https://example.org/kobe.jpg" is on another site, which the site\'s security policy blocks',
    ),
    "an HTML image from another site": (
        append("pages/about.en.md", '\n<img src="//example.org/kobe.jpg" alt="">\n'),
        'pages/about.en.md:@END@: image "//example.org/kobe.jpg" is on another site',
    ),
    "an unclosed HTML comment": (
        append("pages/about.en.md", "\n<!-- hide the rest\n\nMore.\n"),
        "pages/about.en.md:@END@: an HTML comment opens here (<!--) and is never closed",
    ),
    "a |filename| link to a missing file": (
        append("pages/about.en.md", "\n[x](|filename|missing.en.md)\n"),
        "pages/about.en.md:@END@: links to |filename|missing.en.md, which does not exist",
    ),
    "an unknown link kind": (
        append("pages/about.en.md", "\n[x]({filenmae}purpose.en.md)\n"),
        'pages/about.en.md:@END@: link {filenmae}purpose.en.md is not a kind of link this site knows — did you mean "{filename}"?',
    ),
    "Event_url javascript:": (
        replace_in(
            "pages/conference.en.md",
            "Event_url:",
            "Event_url: javascript:alert(1)\nEvent_urlx:",
        ),
        'pages/conference.en.md:10: Event_url "javascript:alert(1)" is not a web address',
    ),
    # Front matter and text
    "front matter with no body": (
        write("pages/about.en.md", "Title: About\nLang: en\nSummary: About us.\n"),
        "pages/about.en.md:4: has no text after its front matter",
    ),
    "YAML front matter": (
        write(
            "pages/about.en.md",
            '---\ntitle: "About"\nlang: en\nsummary: About us.\n---\n\nText.\n',
        ),
        'pages/about.en.md:1: starts with "---" (YAML front matter)',
    ),
    "Shift_JIS": (
        write(
            "pages/about.ja.md", "Title: 組合について\nLang: ja\n".encode("shift_jis")
        ),
        "pages/about.ja.md:1: is not UTF-8 text",
    ),
    # Drafts
    "a link to a draft": (
        front_matter("pages/conference.en.md", "Status: draft"),
        "pages/about.en.md:39: links to {filename}conference.en.md, which is not published",
    ),
    "a draft in the navigation": (
        edits(
            front_matter("pages/purpose.ja.md", "Status: draft"),
            front_matter("pages/purpose.en.md", "Status: draft"),
        ),
        'pages/purpose.ja.md:3: is a draft, but the site\'s navigation links to "purpose/"',
    ),
    "a pair with two statuses": (
        front_matter(f"{ARTICLE}.ja.md", "Status: draft"),
        f"{ARTICLE}.ja.md:3: a page and its translation must have the same Status",
    ),
    # Found by a hostile-editor review: front matter read as Markdown reads it
    "a tab-continued line hiding Save_as": (
        front_matter(
            "pages/purpose.en.md",
            "Author: BCC\n\tcontinued\nSave_as: about/index.html",
        ),
        'pages/purpose.en.md:5: would be written to "about/index.html", as would pages/about.en.md, pages/purpose.en.md',
    ),
    "a control character in the text": (
        append("pages/about.en.md", "\nPasted\x0bline\n"),
        "pages/about.en.md:@END@: has an invisible control character (U+000B)",
    ),
    "a NUL in front matter": (
        front_matter("pages/about.en.md", "Author: \x00"),
        "pages/about.en.md:3: has an invisible control character (U+0000)",
    ),
    "an {attach} link": (
        append("pages/about.en.md", "\n[kit]({attach}../images/index.html)\n"),
        "pages/about.en.md:@END@: link {attach}../images/index.html: this site does not use {attach}",
    ),
    "{static} to a page": (
        append("pages/about.en.md", "\n[src]({static}/pages/about.en.md)\n"),
        "pages/about.en.md:@END@: links to {static}/pages/about.en.md, which is not a file the site publishes",
    ),
    "a missing link inside nested brackets": (
        append("pages/about.en.md", "\n[the [old] page]({filename}nope.en.md)\n"),
        "pages/about.en.md:@END@: links to {filename}nope.en.md, which does not exist",
    ),
    "a script link in a quoted reference": (
        append("pages/about.en.md", "\n[click][x]\n\n> [x]: javascript:alert(1)\n"),
        'pages/about.en.md:@END+2@: links to a "javascript:" address',
    ),
    "an attribute list with a handler": (
        append("pages/about.en.md", '\nPara\n{: onclick="alert(1)" }\n'),
        "pages/about.en.md:@END+1@: the HTML attribute onclick= runs a script",
    ),
    "a handler glued to a quote": (
        append("pages/about.en.md", '\n<div title="a"onclick="alert(1)">x</div>\n'),
        "pages/about.en.md:@END@: the HTML attribute onclick= runs a script",
    ),
    "a srcset from another site": (
        append(
            "pages/about.en.md",
            '\n<img alt="" src="data:image/png;base64,AA" srcset="https://example.org/x.png 2x">\n',
        ),
        'pages/about.en.md:@END@: image "https://example.org/x.png" is on another site',
    ),
    "an element that swallows the page": (
        append("pages/about.en.md", "\n<plaintext>\n"),
        "pages/about.en.md:@END@: raw HTML <plaintext> is not allowed in content",
    ),
    "a fence Markdown does not see as one": (
        append(
            "pages/about.en.md", "\n~~~ not a fence\n<script>alert(1)</script>\n~~~\n"
        ),
        "pages/about.en.md:@END+1@: raw HTML <script> is not allowed in content",
    ),
    "thousands of unclosed brackets": (
        append("pages/about.en.md", "\n" + "![" * 3000 + "\n"),
        "pages/about.en.md:@END@: has 3000 [ that are never closed in one paragraph",
    ),
    "a page template on an article": (
        front_matter(f"{ARTICLE}.en.md", "Template: page"),
        f'{ARTICLE}.en.md:3: Template "page" is not for articles',
    ),
    "an unknown Event_status": (
        front_matter("pages/conference.en.md", "Event_status: canceled"),
        'pages/conference.en.md:3: Event_status "canceled" is not one of scheduled, cancelled',
    ),
    "a tag with no letters": (
        front_matter(f"{ARTICLE}.en.md", "Tags: ★"),
        f'{ARTICLE}.en.md:3: Tags "★" has no letter or digit',
    ),
    "an author of invisible characters": (
        front_matter(f"{ARTICLE}.en.md", "Author: \ufeff"),
        f'{ARTICLE}.en.md:3: Author "\ufeff" has no letter or digit',
    ),
    "an empty Template": (
        front_matter(f"{ARTICLE}.en.md", "Template:"),
        f"{ARTICLE}.en.md:3: Template has no value: write one, or remove the line",
    ),
    "an empty Modified": (
        front_matter("pages/about.ja.md", "Modified:"),
        "pages/about.ja.md:3: Modified has no value",
    ),
    "Save_as a folder": (
        front_matter("pages/about.en.md", "Save_as: programs/"),
        'pages/about.en.md:3: Save_as "programs/" does not name an .html file',
    ),
    "an article pair with two dates": (
        replace_in(f"{ARTICLE}.en.md", "Date: 2013-06-01", "Date: 2099-01-01"),
        f"{ARTICLE}.en.md:3: an article and its translation are one news item with one date",
    ),
    "a file in images/ that is not an image": (
        write("images/evil.html", "<meta http-equiv=refresh content=0;url=//x>"),
        "images/evil.html:1: is not a file the site publishes from content/: a "
        "web page in content/images/ would run as the site itself",
    ),
    "an SVG that runs a script": (
        write(
            "images/logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg"\n onload="x()"/>',
        ),
        'images/logo.svg:1: has an event handler (onload="…"), which runs a script',
    ),
    # Files that are not sources
    "a symlink to a file outside the repository": (
        symlink("images/leak.txt", "/etc/passwd"),
        "images/leak.txt:1: is a symbolic link (to /etc/passwd): replace the link with a copy of the file",
    ),
    "a symlinked folder": (
        symlink("pages/elsewhere", "/usr/share/doc"),
        "pages/elsewhere:1: is a symbolic link (to /usr/share/doc)",
    ),
    "a dangling symlink": (
        symlink("pages/gone.en.md", "/no/such/file"),
        "pages/gone.en.md:1: is a symbolic link (to /no/such/file)",
    ),
    "a symlink loop": (
        symlink("pages/loop.en.md", "loop.en.md"),
        "pages/loop.en.md:1: is a symbolic link (to loop.en.md)",
    ),
    "a pipe named .md": (
        lambda content: os.mkfifo(content / "pages/pipe.en.md"),
        "pages/pipe.en.md:1: is not a regular file (a pipe, socket or device): remove it",
    ),
}


def at_the_end(expected: str) -> str:
    """Lines appended to a file are numbered from its end: @END@ is the first."""
    if "@END" not in expected:
        return expected
    relative = expected.split(":", 1)[0]
    end = (ROOT / "content" / relative).read_text("utf-8").count("\n") + 2
    for extra in (3, 2, 1):
        expected = expected.replace(f"@END+{extra}@", str(end + extra))
    return expected.replace("@END@", str(end))


def findings_for(content: Path) -> list[str]:
    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(content)}
    )
    findings, _refused = check_content(settings)
    return [finding.format(content) for finding in findings]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "content", tmp_path / "content"))


def test_the_real_content_has_no_findings(content):
    assert findings_for(content) == []


@pytest.mark.parametrize("case", CASES)
def test_each_mistake_is_named_at_its_line_with_the_fix(content, case):
    edit, expected = CASES[case]
    expected = at_the_end(expected)
    edit(content)
    said = findings_for(content)
    assert any(expected in line for line in said), "\n".join(said)
    # Every finding names a file and a line, then says what to do.
    assert all(line.split(":", 2)[1].isdigit() for line in said), said


def test_a_shift_jis_file_is_reported_once(content):
    write("pages/about.ja.md", "Title: 組合について\nLang: ja\n".encode("shift_jis"))(
        content
    )
    said = findings_for(content)
    assert said == [
        "pages/about.ja.md:1: is not UTF-8 text: save it with UTF-8 encoding"
    ]


def test_an_unreadable_file_is_named(content, monkeypatch):
    """(Root reads every file, so the permission error is simulated.)"""
    target = content / "pages/about.en.md"
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == target:
            raise PermissionError(13, "Permission denied")
        return real(path)

    target.touch()  # a new stamp: not the copy read before
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert findings_for(content) == [
        "pages/about.en.md:1: cannot be read (Permission denied): make it readable "
        "(chmod a+r), or remove it"
    ]


@pytest.mark.parametrize(
    "name",
    [
        ".secret.en.md",
        ".#about.en.md",
        "about.en.md~",
        ".about.en.md.swp",
        "#about.en.md#",
    ],
)
def test_dot_files_and_editors_leftovers_are_not_sources(content, name):
    write(f"pages/{name}", "Lang: fr\n")(content)
    assert findings_for(content) == []


def test_markup_inside_code_is_an_example_not_html(content):
    append(
        "pages/about.en.md",
        "\nWrite `<script>` like this:\n\n```html\n<meta http-equiv=refresh>\n"
        "<!-- open\n```\n\n~~~\n<iframe>\n~~~\n",
    )(content)
    assert findings_for(content) == []


def test_html_in_a_title_is_text_but_in_a_summary_is_markup(content):
    """Titles are escaped everywhere; Pelican renders Summary as Markdown."""
    replace_in("pages/about.en.md", "Title: ", "Title: Why we removed <script> ")(
        content
    )
    assert findings_for(content) == []
    replace_in("pages/about.en.md", "Summary: ", "Summary: <script>x</script> ")(
        content
    )
    assert findings_for(content) == [
        "pages/about.en.md:3: raw HTML <script> is not allowed in content: it can "
        "load, run, redirect or hide what the page did not mean to — remove it (to show "
        "HTML as an example, put it in a ``` code block)"
    ]


def test_a_link_to_an_article_held_for_its_date_is_reported(content, monkeypatch):
    """While publishing, an article dated after the build is not there yet."""
    for lang in ("ja", "en"):
        replace_in(f"{ARTICLE}.{lang}.md", "Date: 2013-06-01", "Date: 2099-01-01")(
            content
        )
    append("pages/about.en.md", f"\n[soon]({{filename}}../{ARTICLE}.en.md)\n")(content)
    assert findings_for(content) == []  # drafting shows it
    settings = read_settings(
        str(ROOT / "publishconf.py"), override={"PATH": str(content)}
    )
    findings, _ = check_content(settings)
    assert [f.format(content) for f in findings] == [
        at_the_end(
            f"pages/about.en.md:@END@: links to {{filename}}../{ARTICLE}.en.md, which "
            "is not published (Status: draft, or an article dated after this build): "
            "remove the link, or publish that file"
        )
    ]


def test_the_rendered_html_is_checked_too():
    """The net behind the Markdown checks reads the HTML itself."""
    from content_checks.rendered import problems_in

    found = problems_in(
        '<p onclick="x()">a</p><image href="x"><img src=x srcset="//e.org/a.png 2x">'
        '<a href="java&#x09;script:alert(1)">b</a><plaintext>'
    )
    messages = " | ".join(message for _needle, message in found)
    assert "onclick=, which runs a script" in messages
    assert '"//e.org/a.png" is on another site' in messages
    assert 'links to a "javascript:" address' in messages
    assert "<plaintext> element" in messages
    hiding = problems_in("<p>Visible.</p><p></article></main><div hidden></p>")
    assert any("closes an element it did not open" in m for _n, m in hiding)
    assert problems_in("<p>Plain <em>text</em> and <a href='/x/'>a link</a></p>") == []
