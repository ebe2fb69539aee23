"""The editor's fields for the site's pages and news (plugins/cms_config).

Owns how each front-matter key is offered at /admin/: its label and hint
(Japanese first: the cooperative's editors read Japanese), its widget, its
rules (content_checks' slug and date patterns, the templates and event
statuses from the settings), which keys each kind of page offers, and the body
field (raw Markdown with the site's blocks: admin/site-blocks.js).

Each collection offers only its kind's keys (KIND_FIELDS): event keys only on
event pages. Every collection of pages and news lists its entries through
`filter` on EDITOR_KIND, which pelican-format.js derives from each file's
Template (TEMPLATE_GROUPS): the 404 and search pages are in no list.
"""

from __future__ import annotations

import re
from pathlib import Path

from content_checks.rules import ARTICLE_DATE
from content_checks.sources import SLUG
from site_facts import language_name
from structured_data.structured_data import EVENT_STATUS

# The key pelican-format.js adds to what it reads (never written to a file):
# which list a page belongs in, from its Template (absent: "page").
EDITOR_KIND = "__kind"
# Templates whose pages are not ordinary pages; any other is "page".
TEMPLATE_GROUPS = {"event": "event", "search": "fixed", "error": "fixed"}

TEXT = {"widget": "string"}
FIELDS: dict[str, dict] = {
    "title": {"label": "タイトル (Title)", **TEXT},
    "lang": {"label": "言語 (Language)", "widget": "pelican-lang"},
    "date": {"label": "日付 (Date)", **TEXT, "hint": "例: 2013-06-01"},
    "summary": {
        "label": "概要 (Summary)",
        "widget": "text",
        "hint": "一覧や検索結果、SNS に出る 1〜2 文の紹介です。",
    },
    "slug": {"label": "ページのアドレス (新しいページのみ)", **TEXT},
    "status": {"label": "公開の状態 (Status)", "widget": "select"},
    "template": {"label": "ページの種類 (Template)", "widget": "select"},
    "one_language": {"label": "片方の言語だけのページ", "widget": "select"},
    "original": {"label": "原文の言語 (空欄: {default})", "widget": "select"},
    # The translation's sync point: shown as "up to date?" and a box
    # (admin/translation-sync.js; plugins/translation_sync).
    "translated_from": {"label": "翻訳 (Translation)", "widget": "pelican-sync"},
    "event_name": {"label": "催しの名前", **TEXT},
    "event_start": {
        "label": "開始日",
        **TEXT,
        "hint": "例: 2013-09 (月まで) または 2013-09-14",
    },
    "event_end": {"label": "終了日", **TEXT, "hint": "例: 2013-09-15 (空欄でも可)"},
    "event_city": {"label": "開催地 (市町村)", **TEXT},
    "event_venue": {"label": "会場", **TEXT},
    "event_url": {
        "label": "催しのウェブサイト",
        **TEXT,
        "hint": "https:// で始まるアドレス",
    },
    "event_status": {"label": "催しの状況", "widget": "select"},
}
# Japanese names of the choices (the file keeps the value).
CHOICE_LABELS = {
    "published": "公開",
    "draft": "下書き (公開しない)",
    "hidden": "非公開 (アドレスを知る人だけ)",
    "page": "ふつうのページ",
    "home": "ホームページ",
    "event": "催し",
    "article": "お知らせ",
    "yes": "はい",
    "ja": "日本語",
    "en": "英語",
    "scheduled": "予定どおり",
    "cancelled": "中止",
    "postponed": "延期",
    "rescheduled": "日程変更",
    "moved-online": "オンラインに変更",
}
# Which keys each kind offers, in the order a new file writes them.
KIND_FIELDS = {
    "page": ("title", "lang", "slug", "template", "summary", "status",
             "one_language", "original", "translated_from"),
    "event": ("title", "lang", "slug", "template", "summary", "status",
              "one_language", "event_name", "event_start", "event_end",
              "event_city", "event_venue", "event_url", "event_status",
              "original", "translated_from"),
    "article": ("title", "lang", "slug", "date", "summary", "status",
                "one_language", "original", "translated_from"),
}  # fmt: skip
# What content_checks requires of every source (and Date of articles).
REQUIRED = {
    "page": {"title", "summary"},
    "event": {"title", "summary"},
    "article": {"title", "summary", "date"},
}
# Same text on both sides of a pair: content_checks wants them equal.
SHARED = {"date", "slug", "status", "template", "one_language", "original",
          "event_start", "event_end", "event_url", "event_status"}  # fmt: skip


def templates_of(kind: str, settings: dict) -> list[str]:
    """The templates an editor may pick for this kind (CONTENT_TEMPLATES)."""
    if kind == "article":
        return list(settings.get("CONTENT_TEMPLATES", {}).get("article", ()))
    pages = settings.get("CONTENT_TEMPLATES", {}).get("page", ())
    return [t for t in pages if TEMPLATE_GROUPS.get(t, "page") == kind]


def choice(value: str) -> dict:
    label = CHOICE_LABELS.get(value)
    return {"label": f"{label} ({value})" if label else value, "value": value}


def field(key: str, kind: str, settings: dict) -> dict:
    spec = {"name": key, **FIELDS[key]}
    spec["required"] = key in REQUIRED[kind] or key == "lang"
    spec["i18n"] = "duplicate" if key in SHARED else True
    if key == "slug":
        spec["pattern"] = [
            SLUG.pattern,
            "半角の小文字・数字・ハイフンだけで書いてください (ページのアドレスになります)",
        ]
        spec["hint"] = (
            "新しいときだけ: ファイル名とアドレスになります。例: general-meeting"
        )
    if key == "date":
        spec["pattern"] = [ARTICLE_DATE.pattern, "日付を 2013-06-01 の形で"]
    if key == "event_url":
        spec["pattern"] = ["^(https://\\S+)?$", "https:// で始まるアドレスを"]
    choices = {
        "status": ("published", "draft", "hidden"),
        "template": templates_of(kind, settings),
        "one_language": ("yes",),
        "original": tuple(settings["LANGUAGES"]),
        "event_status": tuple(EVENT_STATUS),
    }
    if key in choices:
        spec["options"] = [choice(value) for value in choices[key]]
    if key == "template" and kind == "event":
        # Every page of this list is an event: a new one is written so.
        spec.update(widget="hidden", default="event", required=False)
        spec.pop("options", None)
    if key == "original":
        spec["label"] = spec["label"].format(
            default=language_name(settings["DEFAULT_LANG"], "ja")
        )
    return spec


def body_field(settings: dict) -> dict:
    """The text below the front matter, as written (admin/site-blocks.js):
    a plain text area that changes nothing it is not told to, with buttons
    that write the site's lead paragraph, buttons and key figures; a button
    links to one of the site's pages (`pages`, listed by their title in
    DEFAULT_LANG)."""
    return {
        "name": "body",
        "label": "本文 (Markdown)",
        "widget": "pelican-body",
        "i18n": True,
        "required": True,
        "default_locale": settings["DEFAULT_LANG"],
        "content_folder": settings.get("CMS_CONTENT_FOLDER", "content"),
        "pages": page_choices(settings),
    }


TITLE = re.compile(r"^title:[ \t]*(.*?)\s*$", re.IGNORECASE | re.MULTILINE)


def page_choices(settings: dict) -> list[dict]:
    """Every page a button may link to: its path below content/ without
    .<lang>.md, labelled with its title (its first `Title:` line)."""
    root = Path(settings["PATH"])
    lang = settings["DEFAULT_LANG"]
    choices = []
    for folder in settings["PAGE_PATHS"]:
        for path in sorted((root / folder).rglob(f"*.{lang}.md")):
            head = path.read_text("utf-8", errors="replace")[:4000]
            found = TITLE.search(head.split("\n\n", 1)[0])
            value = path.relative_to(root).as_posix().removesuffix(f".{lang}.md")
            label = found.group(1) if found else value
            choices.append({"label": f"{label} ({value})", "value": value})
    return choices
