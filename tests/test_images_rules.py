"""The image rules see every image Python-Markdown would render, and no more.

plugins/content_checks/images.py on a copy of content/: alt text with
brackets or a line break is still an image (as Python-Markdown renders it),
a description that mentions a year is not a file name, and alt text of
invisible characters is no alt text, in the text and in `Image_alt:`.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from content_checks.images import FILE_NAME, images, is_file_name
from tests.synthetic_photo import PHOTO_URL, content_with_photo, save_photo
from tests.test_hostile_content import findings_for

PAGE = "pages/about.en.md"
URL = PHOTO_URL


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return content_with_photo(tmp_path)


def add_to_body(content: Path, markdown_text: str, relative: str = PAGE) -> int:
    """Put a paragraph first in the body; the line it starts on."""
    page = content / relative
    head, body = page.read_text("utf-8").split("\n\n", 1)
    page.write_text(f"{head}\n\n{markdown_text}\n\n{body}", "utf-8")
    return head.count("\n") + 3


# --- 5. Alt text with brackets or a line break is still an image ----------------


BYPASSES = {
    "brackets": "![Members [left] in Kobe]({url})",
    "nested brackets twice": "![Members [left [front]] in Kobe]({url})",
    "a line break": "![Members\nin Kobe]({url})",
    "brackets and a line break": "![Members [left]\nin Kobe]({url})",
    "a reference": "![Members [left] in Kobe][group]\n\n[group]: {url}",
    "a reference on two lines": "![Members\nin Kobe][group]\n\n[group]:\n    {url}",
    "a short reference": "![Members\nin Kobe]\n\n[members in kobe]: {url}",
    "an undefined label": "![Members in Kobe][nope]\n\n[members in kobe]: {url}",
}


def damaged(path: Path) -> None:
    save_photo(path, 800, 600)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("case", BYPASSES)
def test_a_truncated_photo_is_refused_however_its_alt_is_written(content, case):
    damaged(content / "images/cut.jpg")
    markdown_text = BYPASSES[case].format(url="{static}/images/cut.jpg")
    line = add_to_body(content, markdown_text)
    said = findings_for(content)
    expected = f'{PAGE}:{line}: image "{{static}}/images/cut.jpg" cannot be read'
    assert any(s.startswith(expected) for s in said), "\n".join(said)


def rendered_images(text: str) -> list[tuple[str, str]]:
    """(src, alt) of every <img> Python-Markdown makes of the text, as the
    site configures it."""
    from pelicanconf import MARKDOWN

    configs = MARKDOWN["extension_configs"]
    html = markdown.markdown(text, extensions=list(configs), extension_configs=configs)
    return [
        (img["src"], img.get("alt", ""))
        for img in BeautifulSoup(html, "html.parser").find_all("img")
    ]


def words(text: str) -> list[str]:
    return text.split()


# Alt text an editor could write in one paragraph: words, spaces, brackets,
# backslashes, parentheses and single line breaks.
ALT_TEXT = st.text(alphabet=st.sampled_from(list("ab Z[]()\\\n")), max_size=40).filter(
    lambda t: "\n\n" not in t and not re.search(r"\n\s*\n|^\s*\n|\n\s*$", t)
)


@settings(max_examples=300, deadline=None)
@given(alt=ALT_TEXT, form=st.sampled_from(["inline", "reference", "short"]))
@example(alt="Members [left] in Kobe", form="inline")
@example(alt="Members\nin Kobe", form="inline")
@example(alt="a\\]b", form="inline")
@example(alt="a]b", form="inline")
@example(alt="a[b", form="inline")
def test_the_rules_find_the_images_python_markdown_renders(alt, form):
    if form == "inline":
        text = f"Before ![{alt}]({URL}) after."
    elif form == "reference":
        text = f"Before ![{alt}][photo] after.\n\n[photo]: {URL}"
    else:
        label = " ".join(alt.split())
        if not label or "[" in label or "]" in label or "\\" in label:
            return  # not a label a reference definition can have
        text = f"Before ![{alt}] after.\n\n[{label}]: {URL}"
    rendered = [(src, words(a)) for src, a in rendered_images(text) if src == URL]
    found = [(url, words(a or "")) for _, a, url in images(text) if url == URL]
    assert found == rendered


# --- 6. A description that mentions a number is not a file name -----------------

DESCRIPTIONS = [
    "Photo of the 2013 conference in Tokyo",
    "Screenshot of the 2012 METI approval",
    "Pictures from 2013",
    "Image 2 of the new office: the long table",
    "2013年の東京カンファレンスの会場",
    "写真：2012年の設立総会",
    "Members at Coworking Day 2019",
]
FILE_NAMES = [
    "IMG_2041.jpg",
    "IMG_2041",
    "IMG-20240101-WA0001",
    "DSC01234",
    "DSCN0042",
    "_DSC1234",
    "PXL_20230101_123456789",
    "P1010001",
    "photo1",
    "screenshot-2024-01-01",
    "Screenshot 2024-01-01 at 10.00.00",
    "Screen Shot 2020-03-04 at 9.41.12 AM.png",
    "写真 1.jpg",
    "my photo.png",
    "DJI_0001",
    "GOPR0042",
]


@pytest.mark.parametrize("alt", DESCRIPTIONS)
def test_a_description_that_mentions_a_year_is_accepted(content, alt):
    assert not is_file_name(alt)
    add_to_body(content, f"![{alt}]({URL})")
    assert findings_for(content) == []


@pytest.mark.parametrize("alt", FILE_NAMES)
def test_a_file_name_as_alt_text_is_refused(content, alt):
    assert is_file_name(alt), FILE_NAME.pattern
    line = add_to_body(content, f"![{alt}]({URL})")
    said = findings_for(content)
    expected = f'{PAGE}:{line}: image "{URL}" has the alt text "{alt}", which is a file'
    assert any(s.startswith(expected) for s in said), "\n".join(said)


# --- 7. Invisible alt text, and Image_alt --------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "&#8203;"]


@pytest.mark.parametrize("invisible", INVISIBLE, ids=ascii)
def test_alt_text_of_invisible_characters_is_no_alt_text(content, invisible):
    line = add_to_body(content, f"![{invisible * 3}]({URL})")
    said = findings_for(content)
    expected = f'{PAGE}:{line}: image "{URL}" has no alt text'
    assert any(s.startswith(expected) for s in said), "\n".join(said)


def front_matter(content: Path, lines: str, relative: str = PAGE) -> int:
    page = content / relative
    text = page.read_text("utf-8")
    page.write_text(text.replace("Lang: en\n", f"Lang: en\n{lines}\n", 1), "utf-8")
    return text.split("Lang: en\n", 1)[0].count("\n") + 2


def test_image_alt_that_is_a_file_name_is_refused(content):
    line = front_matter(content, "Image: images/photo.jpg\nImage_alt: IMG_2041.jpg")
    said = findings_for(content)
    expected = f'{PAGE}:{line + 1}: Image_alt "IMG_2041.jpg" is a file name'
    assert any(s.startswith(expected) for s in said), "\n".join(said)


def test_image_alt_of_invisible_characters_is_no_description(content):
    line = front_matter(content, "Image: images/photo.jpg\nImage_alt: \u200b\u200b")
    said = findings_for(content)
    expected = f'{PAGE}:{line}: Image "images/photo.jpg" needs a description'
    assert any(s.startswith(expected) for s in said), "\n".join(said)


def test_image_alt_that_describes_is_accepted(content):
    front_matter(
        content, "Image: images/photo.jpg\nImage_alt: Photo of the 2013 conference"
    )
    assert findings_for(content) == []
