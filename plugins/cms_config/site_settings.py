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
    "founding_date": "Founded (year, YYYY)",
    "head_office": "Head office (city)",
    "liaison_office": "Liaison office (city)",
    "country": "Country (two-letter code, e.g. JP)",
}
PATTERNS = {
    "founding_date": ["^\\d{4}(-\\d{2}(-\\d{2})?)?$", "a year: YYYY"],
    "country": ["^[A-Z]{2}$", "two capital letters (ISO 3166), e.g. JP"],
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
                {"name": lang, "label": language_name(lang, "en"), "widget": "string"}
                for lang in languages
            ],
        }

    link_fields = {
        "path": {
            "name": "path",
            "label": "Address",
            "widget": "string",
            "required": False,
            "hint": 'Below the site, as in its web address: "about/" '
            '(empty: the home page; "news/": the news)',
            "pattern": ["^([a-z0-9][a-z0-9._-]*/)*$", 'lower case, ending in "/"'],
        },
        "label": in_every_language("label", "Text in the menu"),
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
        "label": "Site settings",
        "delete": False,
        "editor": {"preview": False},
        "files": [
            {
                "name": "site",
                "label": "Menu, program order and the cooperative's facts",
                "file": f"{content}/{settings.get('SITE_DATA', 'site.yml')}",
                "format": "yml",
                "fields": [
                    {
                        "name": "navigation",
                        "label": "Menu links",
                        "label_singular": "link",
                        "widget": "list",
                        "summary": f"{{{{fields.label.{main}}}}} · /{{{{fields.path}}}}",
                        "fields": [link_fields[key] for key in NAVIGATION_KEYS],
                    },
                    {
                        "name": "programs",
                        "label": "Program cards, in order",
                        "label_singular": "program",
                        "widget": "list",
                        "summary": "{{fields.program}}",
                        "hint": f"Each a page under {content}/{pages}/{PROGRAMS}/: "
                        f"{PROGRAMS}/<its file name without .ja.md>. A program "
                        "not listed comes after these.",
                        "field": {
                            "name": "program",
                            "label": "Program page",
                            "widget": "string",
                            "pattern": [
                                f"^{PROGRAMS}/[a-z0-9]+(-[a-z0-9]+)*$",
                                f"{PROGRAMS}/ and the page's file name",
                            ],
                        },
                    },
                    {
                        "name": "organization",
                        "label": "The cooperative",
                        "widget": "object",
                        "collapsed": False,
                        "fields": facts,
                    },
                ],
            }
        ],
    }
