"""What ships is what was checked: hostile HTML is read as a browser reads it.

The content checks and the last look at the written pages (plugins/
shipped_html) parse with the same WHATWG parser browsers follow and hold
the result to an allowlist (plugins/html_allowlist). Rewrites of the HTML
(phrase breaks, responsive images) work on its tree, so quoting and
comments cannot change what a page means. These tests feed them what a
hostile review got through an html.parser-based check and regex rewrites,
and show in Chromium what a reader would get.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from html_allowlist import (
    CONTENT_ELEMENTS,
    ELEMENT_ATTRIBUTES,
    GLOBAL_ATTRIBUTES,
    fragment_problems,
    page_problems,
    parse_fragment,
)
from phrase_breaks.phrase_breaks import break_blocks
from tests.built_site import CMS_URL, ROOT, Site, build
from tests.project_copy import invoke, published_copy, tree_digest

# Fragments a hostile editor can get into a page's HTML, and what a browser
# makes of each: every one must be refused.
HOSTILE = {
    "CDATA in a raw block (a redirect)": (
        '<div>\n`<![CDATA[ > <meta http-equiv="refresh" '
        'content="0;url=https://example.com/"> ]]>`\n</div>'
    ),
    "CDATA in a raw block (an image handler)": (
        "<div>`<![CDATA[ > <img src=x onerror=alert(1)> ]]>`</div>"
    ),
    "<!--> ends at once (an image handler)": "<div><!--> <img src=x onerror=alert(1)> --></div>",
    "<!--> ends at once (a link handler)": (
        "<p><!--> <a href=/ onmouseover=alert(1)>x</a> --></p>"
    ),
    "noscript read as text by browsers": (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'
    ),
    "math/style namespace confusion": (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
    ),
    "svg style": "<svg><style>@import url(https://example.com/x.css)</style></svg>",
    "svg animate to a script URL": (
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
        "<text>x</text></a></svg>"
    ),
    "tab in a script scheme": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "entity-encoded script scheme": '<a href="&#106;avascript:alert(1)">x</a>',
    "base": '<base href="https://example.com/">',
    "form": '<form action="https://example.com/"><button>x</button></form>',
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "template": "<template><img src=x onerror=alert(1)></template>",
    "image from another site": '<img src="https://example.com/track.gif" alt="">',
    "srcset from another site": '<img src="/a.jpg" srcset="//example.com/x.jpg 2x" alt="">',
    "link preload": '<link rel="preload" href="https://example.com/x.js" as="script">',
    "style attribute": '<p style="background:url(https://example.com/x)">x</p>',
    "unlisted attribute": '<p formaction="https://example.com/">x</p>',
    "a backslash makes a path another site": '<img src="/\\evil.example/x.png" alt="">',
    "a control character before a script scheme": '<a href="&#1;javascript:alert(1)">x</a>',
    "closing the theme's elements to hide the rest": "<p></article></main><div hidden></p><p>More</p>",
    "a Pagefind filter its UI writes as HTML (a redirect)": (
        '<span data-pagefind-filter="Topic:&lt;meta http-equiv=refresh '
        'content=&quot;0;url=https://example.com/&quot;&gt;">x</span>'
    ),
    "a Pagefind meta url: its UI makes the result's link": (
        '<span data-pagefind-meta="url:https://example.com/phish">x</span>'
    ),
    "a cookie attribute in a link's hreflang": (
        '<a href="/" hreflang="en; domain=example.com">x</a>'
    ),
}
# Refused in content; on a written page the same bytes are an allowed tree
# (the rest of the page inside a link), so the content check is what holds.
CONTENT_ONLY = {
    "an unclosed link around the rest of the page": '<p><a href="https://example.com/">x</p>',
    "the theme's card link class: a link over the whole screen": (
        '<a class="card__link" href="https://example.com/">read more</a>'
    ),
    "the theme's bottom bar class: a fake banner": (
        '<div class="language-help"><p>Sign in again</p></div>'
    ),
    "hidden text (still in feeds and search)": "<p hidden>spam</p>",
    "a data: JPEG (its GPS is never removed)": '<img src="data:image/jpeg;base64,/9j/" alt="x">',
}

# Where each hostile fragment ends up: in the body of a page the theme made.
PAGE = (
    "<!doctype html><html lang=ja><head><meta charset=utf-8><title>t</title>"
    '</head><body><main id="main">{}</main><footer class="site-footer">f</footer>'
    "</body></html>"
)


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_html_is_refused_in_content_and_in_a_written_page(case):
    fragment = HOSTILE[case]
    assert fragment_problems(fragment), "content allowlist let it through"
    assert page_problems(PAGE.format(fragment), frozenset()), "page net let it through"


@pytest.mark.parametrize("case", CONTENT_ONLY)
def test_content_that_would_wrap_the_rest_of_the_page_is_refused(case):
    assert fragment_problems(CONTENT_ONLY[case])


def test_a_heading_taking_an_id_of_the_themes_is_refused_on_the_page():
    """A heading "Search" gets id="search", which search.js looks up: on the
    written page the two ids clash (the third hostile review)."""
    page = PAGE.replace("<main", '<div id="search"></div><main').format(
        '<h2 id="search">Search</h2>'
    )
    assert any('id "search"' in p.message for p in page_problems(page, frozenset()))


def test_what_the_theme_and_markdown_make_passes(site: Site):
    """Every page of the real site, as written, passes the page allowlist."""
    editor = site.root / CMS_URL.strip("/")
    for path in sorted(site.root.rglob("*.html")):
        application = path.is_relative_to(editor)
        assert page_problems(path.read_bytes(), frozenset(), application) == [], path


TAGS = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
ATTRIBUTES = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(tag=TAGS)
def test_an_element_not_on_the_list_is_refused(tag):
    problems = fragment_problems(f"<{tag}>x</{tag}>")
    parsed = {n.tag for n in parse_fragment(f"<{tag}>x</{tag}>").traverse()}
    if tag in CONTENT_ELEMENTS or tag not in parsed:
        return  # allowed, or not an element at all to a browser
    assert problems


@settings(max_examples=200, deadline=None)
@given(name=ATTRIBUTES, value=TEXT)
def test_an_attribute_not_on_the_list_is_refused(name, value):
    allowed = GLOBAL_ATTRIBUTES | ELEMENT_ATTRIBUTES["a"]  # no data-*: theme only
    if name in allowed or re.fullmatch(r"aria-[a-z]+", name):
        return
    quoted = value.replace("&", "&amp;").replace('"', "&quot;")
    assert fragment_problems(f'<a {name}="{quoted}">x</a>')


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_any_text_escaped_as_markdown_escapes_it_passes(text):
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert fragment_problems(f"<p>{escaped}</p>") == []


def shape(fragment: str) -> list:
    """What a browser builds of a fragment, less what phrase breaks add
    (<wbr>, <span class="nobr">): elements, attributes, comments, text."""
    body = parse_fragment(fragment)
    for node in body.css("wbr"):
        node.decompose()
    for node in body.css("span.nobr"):
        node.unwrap()
    body.merge_text_nodes()
    found = []
    for node in body.traverse(include_text=True):
        if node.is_text_node:
            found.append(("text", node.text_content))
        elif node.tag == "-comment":
            found.append(("comment", node.comment_content))
        else:
            found.append(
                (node.tag, sorted((k, v or "") for k, v in node.attributes.items()))
            )
    return found


REWRITE_HOSTILE = [
    "<!-- 旧住所 -> 新住所 --><p>コワーキング協同組合の事務所は神戸にあります。</p>",
    "<p>本文<!-- a > b --> 続きの文章がここにあります。</p><footer>f</footer>",
    """<p><img src="a.jpg" alt="写真" title='`" onmouseover="alert(1)" x="`'></p>""",
    "<h2 title='a \"b\" > c'>見出しの文章です</h2>",
    "<li>項目 &lt;script&gt; の説明です</li>",
    '<p class="lead">リード文 <a href="/x" title="&quot;>">リンクの文章</a></p>',
]
JAPANESE = st.text(
    st.sampled_from("コワーキング協同組合の目的は、働く人を支えることです。"),
    max_size=40,
)
PIECES = st.one_of(
    JAPANESE,
    st.sampled_from(["<!--", "-->", "->", "<", ">", '"', "'", "&amp;", "`"]),
    st.sampled_from(
        ["<p>", "</p>", "<h2>", "</h2>", "<li>", "</li>", "<a href=/>", "</a>"]
    ),
    st.sampled_from(['<img src=a.jpg title=\'" onmouseover="x">', "<td>", "<dd>"]),
)


@pytest.mark.parametrize("fragment", REWRITE_HOSTILE)
def test_phrase_breaks_never_change_what_a_page_means(fragment):
    assert shape(break_blocks(fragment)) == shape(fragment)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(PIECES, max_size=14))
def test_phrase_breaks_keep_any_fragment_as_a_browser_reads_it(pieces):
    fragment = "".join(pieces)
    assert shape(break_blocks(fragment)) == shape(fragment)


# --- Whole builds: what is refused, and what a reader gets -------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a good production build in output/."""
    return published_copy(tmp_path_factory.mktemp("shipped") / "site")


@pytest.fixture
def restore(project: Path):
    """Put content/ and theme/ back after each test."""
    yield project
    for folder in ("content", "theme"):
        shutil.rmtree(project / folder)
        shutil.copytree(ROOT / folder, project / folder)


def test_hostile_content_stops_the_build_at_its_line(restore):
    project = restore
    page = project / "content/pages/about.ja.md"
    text = page.read_text("utf-8")
    line = text.count("\n") + 4  # the <meta> is on the fragment's second line
    page.write_text(text + "\n\n" + HOSTILE["CDATA in a raw block (a redirect)"] + "\n")
    before = tree_digest(project / "output")
    result = invoke(project, "build")
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(rf"content/pages/about\.ja\.md:{line}: .*<meta>", said), said
    assert "Traceback" not in said
    assert tree_digest(project / "output") == before


def test_a_template_that_would_ship_a_script_is_refused_by_the_last_look(restore):
    """Past every content check: the written page itself is read."""
    project = restore
    template = project / "theme/templates/base.html"
    good = template.read_text("utf-8")
    template.write_text(good.replace("</main>", "</main><script>x()</script>", 1))
    before = tree_digest(project / "output")
    result = invoke(project, "build")
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "<script> element" in said and "nothing was published" in said, said
    assert "Traceback" not in said
    assert tree_digest(project / "output") == before


@pytest.fixture(scope="module")
def rewritten(tmp_path_factory) -> Site:
    """A drafting build whose content carries what regex rewrites broke: a
    comment with -> in Japanese, and a photo whose title holds quotes."""
    from tests.synthetic_photo import PHOTO_URL, content_with_photo

    content = content_with_photo(tmp_path_factory.mktemp("rewritten"))
    page = content / "pages/about.ja.md"
    page.write_text(
        page.read_text("utf-8")
        + "\n\n<!-- 旧住所 -> 新住所 -->\n\nコワーキング協同組合の文章が続きます。\n\n"
        + f'![写真]({PHOTO_URL} \'`" onmouseover="document.title=1" x="`\')\n',
        "utf-8",
    )
    english = content / "pages/about.en.md"
    english.write_text(
        english.read_text("utf-8") + f"\n\nMarkup as text: {MARKUP_AS_TEXT}\n", "utf-8"
    )
    output = content.parent / "output"
    search = ["--extra-settings", "SEARCH_INDEX=true"]
    build(output, content=content, fatal=False, extra=search)
    return Site(output)


# Text that looks like markup, escaped on the page: search records carry it.
MARKUP_AS_TEXT = "&lt;b&gt;zqxmarkup&lt;/b&gt;"


def test_rewrites_keep_comments_and_quotes_in_their_place(rewritten: Site):
    about = rewritten.page("about/")
    assert about.select_one("footer"), "the footer vanished into a comment"
    image = about.select_one("main picture img")
    assert image is not None and "onmouseover" not in image.attrs
    assert "onmouseover" in image["title"]


def test_in_a_browser_the_page_is_whole_and_runs_nothing(rewritten, open_page):
    from dev_server import free_port
    from tests.served_site import serve

    port = free_port()
    with serve(rewritten.root, port):
        page = open_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/about/")
        title = page.title()
        page.hover("main picture img")
        assert page.locator("body > footer, footer").count() >= 1
        assert page.evaluate(
            "[...document.querySelectorAll('*')].every(e => "
            "[...e.attributes].every(a => !a.name.startsWith('on')))"
        )
        assert page.title() == title, "a handler ran"
        assert page.url.startswith(f"http://127.0.0.1:{port}/about/")


def test_search_results_show_markup_in_text_as_text(rewritten, open_page):
    """Pagefind's records hold the page's text; its excerpts escape it."""
    from dev_server import free_port
    from tests.served_site import serve

    port = free_port()
    with serve(rewritten.root, port):
        page = open_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/en/search/?q=zqxmarkup")
        # Wait for the result itself, not the loading placeholder (". . .").
        excerpt = page.locator(".pagefind-ui__result-excerpt", has_text="zqxmarkup")
        excerpt.first.wait_for()
        assert "<b>zqxmarkup</b>" in excerpt.first.inner_text()
        assert page.locator("main b").count() == 0


def test_a_clone_without_node_modules_still_publishes(tmp_path):
    """Before `invoke tools`, /admin/ is a page saying how to install the
    editor: the last look lets it through, and the build succeeds."""
    output = tmp_path / "output"
    missing = json.dumps(str(tmp_path / "no-node-modules"))
    build(output, extra=["--extra-settings", f"CMS_BUNDLE={missing}"])
    note = (output / CMS_URL.strip("/") / "index.html").read_text("utf-8")
    assert "invoke tools" in note


def test_a_feed_may_show_the_sites_own_images_and_no_others():
    """Feeds carry absolute URLs: the site's own photos pass (a photo in an
    article stopped the production build), another site's do not."""
    from shipped_html.shipped_html import feed_problems

    def feed(src: str) -> bytes:
        entry = f'<p><img src="{src}" alt="写真"></p>'.replace("<", "&lt;")
        return (
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            f'<content type="html">{entry}</content></entry></feed>'
        ).encode()

    own = frozenset({"https://example.org"})
    assert feed_problems(feed("https://example.org/images/a.jpg"), own) == []
    assert feed_problems(feed("https://example.com/images/a.jpg"), own)
