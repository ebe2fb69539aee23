"""Pelican reading files for tests/cms_format_property.js, one after another.

A long-lived child of the Node test: it first prints one JSON line with what
the test needs from the project's settings (the front-matter keys, the fields
Pelican formats as Markdown, Python's whitespace, each collection's field
order), then, for each file path it is sent on stdin, one JSON line saying
what Pelican 4.12's MarkdownReader, with the project's settings, reads there:

- "meta": Python-Markdown's meta lines per key (what the reader then joins
  or processes), "metadata": the reader's processed values as plain text,
  "warnings": what the reader logged (a duplicate key, say);
- "rest": the text after the front matter as Markdown goes on to read it;
- "error": the reader's exception, if it raised one.
"""

from __future__ import annotations

import datetime
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from markdown import Markdown  # noqa: E402
from pelican.readers import MarkdownReader  # noqa: E402
from pelican.settings import read_settings  # noqa: E402
from pelican.utils import pelican_open  # noqa: E402


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def plain(value: object) -> object:
    """A metadata value as JSON: text, a list of texts, or a date."""
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def rest_after_meta(text: str, settings: dict) -> str:
    """Markdown's own preprocessors, up to and including the meta one."""
    md = Markdown(**settings["MARKDOWN"])
    lines = text.split("\n")
    for name in ("normalize_whitespace", "meta"):
        lines = md.preprocessors[name].run(lines)
    return "\n".join(lines)


def read(path: str, reader: MarkdownReader, settings: dict, log: Collect) -> dict:
    log.messages.clear()
    with pelican_open(path) as text:
        rest = rest_after_meta(text, settings)
    seen: dict = {}
    parse = MarkdownReader._parse_metadata

    def keep_meta(meta: dict) -> dict:  # the meta lines the reader is given
        seen.update({key: list(lines) for key, lines in meta.items()})
        return parse(reader, meta)

    reader._parse_metadata = keep_meta
    try:
        _content, metadata = reader.read(path)
    except Exception as error:  # what Pelican would report for this file
        return {"error": f"{type(error).__name__}: {error}", "rest": rest}
    meta = seen
    return {
        "meta": meta,
        "metadata": {key: plain(value) for key, value in metadata.items()},
        "warnings": list(log.messages),
        "rest": rest,
    }


def main() -> None:
    from cms_config.cms_config import cms_config

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    reader = MarkdownReader(settings)
    log = Collect()
    logging.getLogger("pelican.readers").addHandler(log)
    logging.getLogger("pelican.readers").propagate = False
    orders = {
        c["name"]: [f["name"] for f in c["fields"]]
        for c in cms_config(settings)["collections"]
        if "fields" in c  # not Site settings: a files collection, YAML
    }
    facts = {
        "keys": sorted(settings["CONTENT_METADATA"]),
        "formatted": [key.lower() for key in settings["FORMATTED_FIELDS"]],
        "whitespace": "".join(c for c in map(chr, range(0x110000)) if c.isspace()),
        "orders": orders,
    }
    print(json.dumps(facts), flush=True)
    for line in sys.stdin:
        print(json.dumps(read(line.rstrip("\n"), reader, settings, log)), flush=True)


if __name__ == "__main__":
    main()
