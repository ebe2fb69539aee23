"""A Summary holds no picture and no file link: it is plain text in listings,
search results and link previews.

content_checks (markup.py) on a copy of content/, and the same mistake built
for production and while drafting: the editor reads one line with the file,
the line and the fix, never Pelican's traceback (the English site links its
static files later, so Pelican's "Unable to find" became fatal there).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.built_site import ROOT, build
from tests.synthetic_photo import PHOTO_URL, content_with_photo, save_photo
from tests.test_hostile_content import findings_for

PAGE = "pages/about.en.md"
URL = PHOTO_URL


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return content_with_photo(tmp_path)


def add_to_body(content: Path, markdown_text: str) -> None:
    page = content / PAGE
    head, body = page.read_text("utf-8").split("\n\n", 1)
    page.write_text(f"{head}\n\n{markdown_text}\n\n{body}", "utf-8")


def summary_to(content: Path, text: str) -> int:
    """Summary: <text> in the English About page; the line it is on."""
    page = content / PAGE
    lines = page.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("Summary:"))
    lines[number] = "Summary: " + text
    page.write_text("\n".join(lines), "utf-8")
    return number + 1


SUMMARY_CASES = {
    "an image": f"![Members in Kobe]({URL}) How it began.",
    "a link to a file": f"How it began ([the photo]({URL})).",
    "the older |static|": "How it began, ![Members in Kobe](|static|/images/photo.jpg)",
    "raw HTML": f'How it began. <img src="{URL}" alt="Members in Kobe">',
}


@pytest.mark.parametrize("case", SUMMARY_CASES)
def test_a_summary_holds_no_picture_or_file_link(content, case):
    line = summary_to(content, SUMMARY_CASES[case])
    said = findings_for(content)
    expected = f"{PAGE}:{line}: Summary "
    found = [s for s in said if s.startswith(expected)]
    assert found, "\n".join(said)
    assert (
        "plain text" in found[0]
        and "put the image or the file link in the text" in found[0]
    ), found[0]


def test_a_summary_continued_on_the_next_line_is_checked_there(content):
    line = summary_to(content, f"How it began,\n    ![Members in Kobe]({URL})")
    said = findings_for(content)
    assert any(s.startswith(f"{PAGE}:{line + 1}: Summary ") for s in said), said


def test_the_same_image_in_the_text_is_fine(content):
    add_to_body(content, f"![Members in Kobe]({URL})")
    assert findings_for(content) == []


@pytest.fixture(scope="module")
def summary_with_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("summary")
    content = Path(shutil.copytree(ROOT / "content", root / "content"))
    save_photo(content / "images/photo.jpg", 600, 400)
    summary_to(content, f"![Members in Kobe]({URL}) How it began.")
    return content


def test_a_production_build_stops_at_the_summary_without_a_traceback(
    summary_with_image,
):
    output = summary_with_image.parent / "production"
    result = build(
        output, content=summary_with_image, settings_file="publishconf.py", check=False
    )
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in said and "RuntimeError" not in said, said
    assert f"{PAGE}:3: Summary " in said, said


def test_drafting_warns_about_the_summary_and_builds(summary_with_image):
    output = summary_with_image.parent / "draft"
    result = build(output, content=summary_with_image, fatal=False, check=False)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "Traceback" not in said, said
    assert f"{PAGE}:3: Summary " in said, said
    assert (output / "en/about/index.html").is_file()
