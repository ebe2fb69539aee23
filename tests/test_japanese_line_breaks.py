"""Japanese text breaks calmly: no last line of one or two characters, and
link text, labels and table cells break only between phrases (Chromium, on
the production build, at a phone's, a tablet's and a desktop's width)."""

from __future__ import annotations

import pytest

# Every kind of Japanese page.
PAGES = [
    "/",
    "/purpose/",
    "/about/",
    "/programs/",
    "/programs/welfare/",
    "/conference/",
    "/news/",
    "/news/coworking-asia-conference-tokyo-2013/",
    "/search/",
    "/404.html",
]
WIDTHS = [390, 768, 1280]

# For each element: its lines, as (line top, characters), measured per character.
LINES = """
(element) => {
  const chars = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("[hidden], [aria-hidden=true]")) continue;
    for (let i = 0; i < node.length; i++) {
      if (/\\s/.test(node.data[i])) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect && rect.width > 0) chars.push([rect.top, node.data[i]]);
    }
  }
  const lines = [];
  for (const [top, char] of chars) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last[0] - top) < 6) last[1] += char;
    else lines.push([top, char]);
  }
  return lines.map((line) => line[1]);
}
"""

# For each element: where its lines start, and where it may break (after a
# <wbr>, a space or punctuation), both as offsets into its visible text.
BREAKS = """
(element) => {
  let text = "";
  const allowed = new Set();
  const starts = [];
  let lastTop = null;
  const visit = (node) => {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if (node.tagName === "WBR") allowed.add(text.length);
      for (const child of node.childNodes) visit(child);
      return;
    }
    if (node.nodeType !== Node.TEXT_NODE) return;
    for (let i = 0; i < node.length; i++) {
      const char = node.data[i];
      if (/[\\s、。\\uff0c\\uff0e・）」』：\\uff01\\uff1f]/.test(char)) allowed.add(text.length + 1);
      if (/\\s/.test(char)) { text += char; continue; }
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect && rect.width > 0) {
        if (lastTop !== null && rect.top - lastTop > 6) starts.push(text.length);
        lastTop = rect.top;
      }
      text += char;
    }
  };
  visit(element);
  return {text, bad: starts.filter((offset) => !allowed.has(offset))};
}
"""


@pytest.fixture(scope="module")
def pages(published, browser):
    """(url, width, page) for every Japanese page at every width, loaded once."""
    loaded, contexts = [], []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        for url in PAGES:
            page = context.new_page()
            page.goto(published.base + url)
            loaded.append((url, width, page))
    yield loaded
    for context in contexts:
        context.close()


def test_no_paragraph_ends_on_a_line_of_one_or_two_characters(pages):
    short = []
    for url, width, page in pages:
        for element in page.query_selector_all(
            "main :is(p, li, dd, td, th, figcaption), footer p"
        ):
            if element.query_selector("p, li, ul, ol, dl"):
                continue  # measured through its own blocks
            lines = element.evaluate(LINES)
            if len(lines) > 1 and len(lines[-1]) <= 2:
                short.append(f"{url} at {width}px: …{lines[-2][-8:]} / {lines[-1]}")
    assert short == []


def test_links_labels_and_cells_break_only_between_phrases(pages):
    broken = []
    for url, width, page in pages:
        for element in page.query_selector_all(
            "header a, main a, footer a, main :is(td, th, dt, button, h1, h2, h3)"
        ):
            if element.query_selector("p, li, div, h2, h3"):
                continue  # a card: its title and text are checked on their own
            result = element.evaluate(BREAKS)
            for offset in result["bad"]:
                text = result["text"]
                broken.append(
                    f"{url} at {width}px: {text[max(0, offset - 6) : offset]}"
                    f" / {text[offset : offset + 6]}"
                )
    assert broken == []
