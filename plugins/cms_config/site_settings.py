"""The editor's "Site settings": content/site.yml (plugins/site_data) at /admin/.

Owns: the Decap "files" collection that edits the file: the menu (each link's
address and its label in every language of the site, LANGUAGES), the order of
the program cards and the cooperative's facts, each language's text a field
of its own, labelled with the language's name. Its fields follow the file's
keys in the file's order (site_data/reader.py), so saving writes the file as
it was, with only what the editor changed (Decap's YAML writer; comments are
not kept). The build checks what is saved, by line (plugins/site_data).
"""

from __future__ import annotations

from site_data.reader import NAVIGATION_KEYS, ORGANIZATION_KEYS, WORDS
from site_data.site_data import PROGRAMS
from site_facts import language_name

LABELS = {
    "founding_date": "設立年 (例: 2012)",
    "head_office": "本部 (市町村)",
    "liaison_office": "連絡事務所 (市町村)",
    "country": "国 (2 文字の記号、日本は JP)",
}
PATTERNS = {
    "founding_date": ["^\\d{4}(-\\d{2}(-\\d{2})?)?$", "西暦の年を 4 桁で (例: 2012)"],
    "country": ["^[A-Z]{2}$", "大文字 2 文字で (ISO 3166、日本は JP)"],
}


def site_settings_collection(settings: dict) -> dict:
    """A collection of one file, content/<SITE_DATA>, no i18n: every
    language's text is a field of its own, side by side."""
    content = settings.get("CMS_CONTENT_FOLDER", "content")
    languages = list(settings["LANGUAGES"])
    pages = settings["PAGE_PATHS"][0]

    def in_every_language(name: str, label: str) -> dict:
        return {
            "name": name,
            "label": label,
            "widget": "object",
            "collapsed": False,
            "fields": [
                {"name": lang, "label": language_name(lang, "ja"), "widget": "string"}
                for lang in languages
            ],
        }

    link_fields = {
        "path": {
            "name": "path",
            "label": "リンク先のアドレス",
            "widget": "string",
            "required": False,
            "hint": "サイトのアドレスの続きの部分: 例 about/ "
            "(空欄はホームページ、news/ はお知らせの一覧)",
            "pattern": [
                "^([a-z0-9][a-z0-9._-]*/)*$",
                "半角の小文字で、最後は / で終えてください",
            ],
        },
        "label": in_every_language("label", "メニューに出る文字"),
    }
    facts = [
        in_every_language(key, LABELS[key])
        if key in WORDS
        else {
            "name": key,
            "label": LABELS[key],
            "widget": "string",
            "pattern": PATTERNS[key],
        }
        for key in ORGANIZATION_KEYS
    ]
    main = languages[0]
    return {
        "name": "site",
        "label": "サイトの設定",
        "delete": False,
        "editor": {"preview": False},
        "files": [
            {
                "name": "site",
                "label": "メニュー・事業の順番・組合の情報",
                "file": f"{content}/{settings.get('SITE_DATA', 'site.yml')}",
                "format": "yml",
                "fields": [
                    {
                        "name": "navigation",
                        "label": "メニューのリンク",
                        "label_singular": "リンク",
                        "widget": "list",
                        "summary": f"{{{{fields.label.{main}}}}} · /{{{{fields.path}}}}",
                        "fields": [link_fields[key] for key in NAVIGATION_KEYS],
                    },
                    {
                        "name": "programs",
                        "label": "事業カードの順番",
                        "label_singular": "事業",
                        "widget": "list",
                        "summary": "{{fields.program}}",
                        "hint": f"{content}/{pages}/{PROGRAMS}/ のページを "
                        f"{PROGRAMS}/<ファイル名 (.ja.md を除く)> の形で並べます。"
                        "ここにない事業は、並べたものの後に出ます。",
                        "field": {
                            "name": "program",
                            "label": "事業のページ",
                            "widget": "string",
                            "pattern": [
                                f"^{PROGRAMS}/[a-z0-9]+(-[a-z0-9]+)*$",
                                f"{PROGRAMS}/ の後にページのファイル名を",
                            ],
                        },
                    },
                    {
                        "name": "organization",
                        "label": "組合の情報",
                        "widget": "object",
                        "collapsed": False,
                        "fields": facts,
                    },
                ],
            }
        ],
    }
