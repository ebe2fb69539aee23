"""The safety net behind markup.py: the HTML a source actually renders to.

Owns: checking the HTML Python-Markdown made of each page and article (its
body and its Summary) against the allowlist of what content may carry
(plugins/html_allowlist: read as a browser reads it), and for an unclosed
comment. markup.py reads
the Markdown and names the exact line; this reads the result, so no Markdown
construct it did not foresee (attribute lists, nested brackets, references
inside quotes) can slip a tag through. The line is the first line of the
source that shows the offending text, or the first line of the text.
plugins/shipped_html checks the same again on the bytes finally written.

Pure functions of HTML and a Source; knows nothing of Pelican.
"""

from __future__ import annotations

from html_allowlist import fragment_problems

from .findings import Finding
from .sources import Source


def problems_in(html: str) -> list[tuple[str, str]]:
    """(text to look for in the source, message) for one HTML fragment, read
    as a browser reads it and held to the allowlist of what content may
    carry (plugins/html_allowlist)."""
    found = [(p.needle, p.message) for p in fragment_problems(html)]
    if html.count("<!--") > html.count("-->"):
        found.append(
            (
                "<!--",
                "an HTML comment opens (<!--) and is never closed: everything after "
                "it would vanish from the page — close it with -->",
            )
        )
    return found


def check_rendered(source: Source, body: str, summary: str) -> list[Finding]:
    """Findings for the HTML a source rendered to, at the best line we can name."""
    findings = []
    for html, fallback in ((body, source.body_line), (summary, summary_line(source))):
        for needle, message in problems_in(html or ""):
            index = source.text.lower().find(needle.lower())
            line = source.text.count("\n", 0, index) + 1 if index >= 0 else fallback
            findings.append(Finding(source.path, line, message))
    return sorted(set(findings))


def summary_line(source: Source) -> int:
    field = source.fields.get("summary")
    return field.line if field else 1
